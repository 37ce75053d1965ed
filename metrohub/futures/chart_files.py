"""A chart as a file: the page's Vega-Lite spec drawn on the server by vl-convert, as SVG or PNG, so
it downloads without JavaScript and under the strict CSP. The image carries what a chart lifted
from its page needs to stay honest: its title, its source, its licence and the release."""

import copy
import json
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.utils.formats import date_format
from django.utils.translation import gettext as _

WIDTH = 720
PNG_SCALE = 2  # 1440 px wide: sharp on a slide or a printed page
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
WORLD = "vendor/world-atlas/countries-110m.json"


@dataclass(frozen=True)
class Credit:
    """Where a chart's figures come from, and on what terms they may be reused."""

    sources: list[str]
    licences: list[str]


def credit_of(indicators: list[dict]) -> Credit:
    """The distinct sources and licences of the indicators a chart shows, as the catalogue states them."""
    sources = list(dict.fromkeys(i["source"] for i in indicators if i.get("source")))
    licences = list(dict.fromkeys(i["licence"] for i in indicators if i.get("licence")))
    return Credit(sources=sources, licences=licences)


@lru_cache(maxsize=1)
def _world() -> dict:
    with open(finders.find(WORLD), encoding="utf-8") as handle:
        return json.load(handle)


def _inline_local_data(spec: dict) -> None:
    """The page loads the world's outline from our static files; the server has no page to load it
    from, so the outline travels inside the spec (vl-convert may fetch nothing: see `render`)."""
    for layer in [spec, *spec.get("layer", [])]:
        data = layer.get("data") or {}
        if str(data.get("url", "")).endswith(WORLD):
            layer["data"] = {"values": _world(), "format": data.get("format", {})}


def printable(spec: dict, *, title: str, credit: Credit, release) -> dict:
    """The spec with a fixed width and, in the image itself, its title, source, licence and release."""
    spec = copy.deepcopy(spec)
    spec["width"] = WIDTH
    _inline_local_data(spec)
    release_line = _("Metro Futures, release %(number)d, published %(date)s") % {
        "number": release.number,
        "date": date_format(release.published_at, "DATE_FORMAT"),
    }
    if release.synthetic:
        release_line += " · " + _("synthetic demo data")
    subtitle = [
        _("Source: %(sources)s") % {"sources": "; ".join(credit.sources) or _("Metro Futures")},
        _("Licence: %(licences)s") % {"licences": ", ".join(credit.licences) or _("not stated")},
        release_line,
    ]
    spec["title"] = {"text": title, "subtitle": subtitle, "anchor": "start", "subtitleColor": "#444"}
    spec["background"] = "white"
    # An image has room the page's column has not: indicator names are written whole.
    config = spec.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), "labelLimit": 360}
    return spec


def render(spec: dict, fmt: str) -> bytes:
    """SVG or PNG bytes. `allowed_base_urls=[]`: the renderer fetches nothing from any network."""
    import vl_convert

    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]).encode()
    return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE, allowed_base_urls=[])
