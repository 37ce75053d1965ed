"""What a page must be on a phone (375 × 812): nothing wider than the screen, no text cut off.

`layout_problems(page)` returns what a reader would notice, one line each, so that a failing
test names the element: the page itself scrolling sideways, an element whose right (or left) edge
lies beyond the screen and is not inside a box meant to scroll (`overflow-x: auto|scroll`, such as
a wide reference table's `.table-responsive`), text cut off by a box that hides its overflow, and a chart's words (a legend's entries, an axis's
labels) cut off by the edge of the chart's drawing.
"""

PHONE = {"width": 375, "height": 812}

LAYOUT_PROBLEMS = r"""
() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const problems = [];
  if (doc.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} px wide on a ${width} px screen`);
  }
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) { text += "#" + el.id; }
    if (typeof el.className === "string" && el.className.trim()) {
      text += "." + el.className.trim().split(/\s+/).slice(0, 3).join(".");
    }
    const words = (el.innerText || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    return words ? `${text} "${words.slice(0, 40)}"` : text;
  };
  // The nearest ancestor that decides what happens to an overflow: a scroller, or a clipper.
  const overflowBox = (el) => {
    for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll") { return "scrolls"; }
      if (overflow === "hidden" || overflow === "clip") { return "clips"; }
    }
    return null;
  };
  const hidden = (el, rect) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || style.opacity === "0") { return true; }
    // .visually-hidden (screen readers only) and one-pixel helpers
    return rect.width <= 1 || rect.height <= 1;
  };
  const reported = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") { continue; }  // a chart's own marks
    const rect = el.getBoundingClientRect();
    if (hidden(el, rect)) { continue; }
    const box = overflowBox(el);
    if ((rect.right > width + 1 || rect.left < -1) && box === null) {
      // report the outermost element only: its children are beyond the edge because it is
      if (![...reported].some((outer) => outer.contains(el))) {
        reported.add(el);
        problems.push(`${describe(el)} reaches ${Math.round(rect.left)}–${Math.round(rect.right)} px on a ${width} px screen`);
      }
    }
    const style = getComputedStyle(el);
    const clips = style.overflowX === "hidden" || style.overflowX === "clip" || style.textOverflow === "ellipsis";
    if (clips && el.scrollWidth > el.clientWidth + 1 && (el.innerText || "").trim()) {
      problems.push(`${describe(el)} cuts its text off (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
    }
  }
  // A chart's words (axis labels, legend entries, titles) cut off by the edge of its drawing.
  for (const svg of document.querySelectorAll("svg")) {
    const frame = svg.getBoundingClientRect();
    if (frame.width <= 1) { continue; }
    for (const text of svg.querySelectorAll("text")) {
      const rect = text.getBoundingClientRect();
      const words = text.textContent.trim();
      if (words && rect.width > 0 && (rect.right > frame.right + 1 || rect.left < frame.left - 1)) {
        problems.push(`a chart cuts off "${words.slice(0, 40)}" (${Math.round(rect.left)}–${Math.round(rect.right)} px in a drawing of ${Math.round(frame.left)}–${Math.round(frame.right)} px)`);
      }
    }
  }
  return problems;
}
"""


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)
