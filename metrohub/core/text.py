import re
import unicodedata


def normalise_name(name: str) -> str:
    """A key under which spellings of one name meet: "Chișinău" and "Chisinau", "Xi’an" and "Xian"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    without_apostrophes = re.sub(r"['’`ʼ]", "", ascii_only.replace("ß", "ss"))
    return re.sub(r"[^0-9a-z]+", " ", without_apostrophes).strip()
