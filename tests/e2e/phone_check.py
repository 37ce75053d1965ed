"""What a page must be on a phone (375 × 812): nothing wider than the screen, no text cut off.

`layout_problems(page)` returns what a reader would notice, one line each, so that a failing
test names the element: the page itself scrolling sideways, an element whose right (or left) edge
lies beyond the screen and is not inside a box meant to scroll (`overflow-x: auto|scroll`, such as
a wide reference table's `.table-responsive`), text cut off by a box that hides its overflow,
and a chart's words (a legend's entries, an axis's labels) cut off by the edge of its drawing.
The check itself is phone_check.js.
"""

from pathlib import Path

PHONE = {"width": 375, "height": 812}

LAYOUT_PROBLEMS = (Path(__file__).parent / "phone_check.js").read_text(encoding="utf-8")


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)
