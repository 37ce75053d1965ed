"""Walk a page's figures: every element marked `data-figure` must be a link to its records or
its declared source."""

import lxml.html


def figures(page: str) -> list:
    return lxml.html.fromstring(page).xpath("//*[@data-figure]")


def unlinked_figures(page: str) -> list[str]:
    return [
        element.get("data-figure")
        for element in figures(page)
        if element.tag != "a" or not (element.get("href") or "").strip("#")
    ]
