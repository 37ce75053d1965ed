"""Reading a PDF metrohub wrote (WeasyPrint), without a PDF library: its title, from the
document's metadata (in a compressed object stream, as UTF-16)."""

import re
import zlib


def pdf_title(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        found = re.search(rb"/Title\s*<feff([0-9a-fA-F]*)>", data)
        if found:
            return bytes.fromhex(found.group(1).decode()).decode("utf-16-be")
        found = re.search(rb"/Title\s*\((.*?)\)", data)
        if found:
            return found.group(1).decode("latin-1")
    return ""
