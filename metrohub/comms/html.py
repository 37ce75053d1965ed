"""What HTML an issue may carry: nh3 (ammonia) keeps a small set of tags and drops the rest, so a
pasted script or style never reaches a subscriber's inbox or the public archive."""

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li", "h3", "h4", "blockquote"}
ATTRIBUTES = {"a": {"href", "title"}}


def clean(html: str) -> str:
    return nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"})
