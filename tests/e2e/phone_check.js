() => {
  // What a page must be on a phone: see phone_check.py (Playwright evaluates this function).
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
  // A table's cell whose words spill over its neighbours (a table laid out at fixed widths).
  for (const cell of document.querySelectorAll("main td, main th")) {
    const rect = cell.getBoundingClientRect();
    if (!hidden(cell, rect) && cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`${describe(cell)} spills out of its cell (${cell.scrollWidth} px in ${cell.clientWidth} px)`);
    }
  }
  // A drop-down too narrow for the choice it shows.
  const measure = document.createElement("canvas").getContext("2d");
  for (const select of document.querySelectorAll("select:not([multiple])")) {
    const rect = select.getBoundingClientRect();
    const option = select.options[select.selectedIndex];
    if (hidden(select, rect) || !option) { continue; }
    const style = getComputedStyle(select);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const needed = measure.measureText(option.text).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    if (needed > select.clientWidth + 1) {
      problems.push(`${describe(select)} cuts off its choice "${option.text}" (${Math.round(needed)} px in ${select.clientWidth} px)`);
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
