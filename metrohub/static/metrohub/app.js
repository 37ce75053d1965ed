// metrohub's only script: small, progressive enhancements. Every page reads without it.
(function () {
  "use strict";

  // The language menu submits itself when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Tables on a phone. A list's table is written as cards (core/_list_table.html, app.css); any
  // other table that is wider than its box, or whose words spill out of its cells, gets the same
  // treatment here: each cell labelled with its column's header. A table whose cells do not line
  // up with one header row (cells spanning columns) stays a table and scrolls sideways in a box
  // the keyboard can reach.
  var NARROW = window.matchMedia("(max-width: 767.98px)");
  function headerLabels(table) {
    var head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0] : null;
    if (!head) { return null; }
    var labels = [];
    for (var i = 0; i < head.cells.length; i++) {
      if (head.cells[i].colSpan !== 1) { return null; }
      labels.push(head.cells[i].textContent.trim().replace(/\s+/g, " "));
    }
    return labels;
  }
  function fitTables(root) {
    if (!NARROW.matches) { return; }
    root.querySelectorAll("main table").forEach(function (table) {
      if (table.classList.contains("table-cards") || table.dataset.fitted) { return; }
      var box = table.parentElement;
      var edge = Math.min(box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight),
        document.documentElement.clientWidth);
      var spills = Array.prototype.some.call(table.querySelectorAll("td, th"), function (cell) {
        return cell.scrollWidth > cell.clientWidth + 1;
      });
      if (table.getBoundingClientRect().right <= edge + 1 && !spills) { return; }
      table.dataset.fitted = "1";
      var labels = headerLabels(table);
      var rows = Array.prototype.slice.call(table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr"));
      var lined = labels && rows.every(function (row) {
        return Array.prototype.every.call(row.cells, function (cell) { return cell.colSpan === 1 && cell.rowSpan === 1; })
          && row.cells.length <= labels.length;
      });
      if (!lined) {
        if (!box.classList.contains("table-responsive")) {
          var wrap = document.createElement("div");
          wrap.className = "table-responsive";
          table.parentNode.insertBefore(wrap, table);
          wrap.appendChild(table);
          box = wrap;
        }
        // A box that scrolls is reached from the keyboard; it is named after its table.
        if (!box.querySelector("a, button, input, select, textarea")) {
          var name = table.caption ? table.caption.textContent.trim() : labels ? labels.join(", ") : "";
          box.tabIndex = 0;
          if (name) {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", name);
          }
        }
        return;
      }
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
      table.tHead.rows[0].setAttribute("role", "row");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.setAttribute("role", "columnheader"); });
      table.tHead.classList.add("table-cards-head-hidden");
      rows.forEach(function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (labels[index]) { cell.dataset.label = labels[index]; }
          var value = document.createElement("span");
          value.className = "cell-value";
          while (cell.firstChild) { value.appendChild(cell.firstChild); }
          cell.appendChild(value);
        });
      });
      table.classList.add("table-cards");
      if (box.classList.contains("table-responsive")) { box.classList.add("table-cards-wrap"); }
    });
  }
  fitTables(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { fitTables(event.target); });

  // A chart fits the width it is given: a fixed width wider than its box (the annual report's
  // specs are fixed for the PDF) becomes the box's; on a phone the legends go under the plot in
  // rows that wrap, and long axis labels are shortened rather than pushing the plot out.
  var PHONE = 576;
  function fitToWidth(spec, width) {
    if (!width) { return spec; }
    if (typeof spec.width === "number" && spec.width > width - 40) { spec.width = "container"; }
    if (width >= PHONE) { return spec; }
    // A world map is about twice as wide as it is high: no tall empty band above and below it.
    if (spec.projection && typeof spec.height === "number") {
      spec.height = Math.min(spec.height, Math.round(width * 0.6));
    }
    var config = spec.config = spec.config || {};
    var legend = config.legend = config.legend || {};
    legend.orient = "bottom";
    legend.direction = "horizontal";
    legend.columns = Math.max(1, Math.min(legend.columns || 3, Math.floor(width / 130)));
    legend.labelLimit = Math.floor(width / legend.columns) - 18;
    legend.titleLimit = width - 20;
    legend.titleOrient = "top";
    // Several legends under a chart stack one above the other instead of side by side (Vega).
    legend.layout = { bottom: { direction: "vertical", anchor: "start" } };
    config.axisY = config.axisY || {};
    config.axisY.labelLimit = Math.min(config.axisY.labelLimit || 200, Math.floor(width * 0.4));
    config.axisX = config.axisX || {};
    config.axisX.labelLimit = Math.min(config.axisX.labelLimit || 200, Math.floor(width * 0.3));
    config.axisX.titleLimit = width - 20;
    return spec;
  }

  // Charts: <div data-vega-spec="id-of-a-json-script-element">. vega-embed's own interpreter
  // (ast: true) keeps the page within a Content-Security-Policy without 'unsafe-eval'.
  function embedCharts(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    root.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      var source = document.getElementById(element.dataset.vegaSpec);
      if (!source || element.dataset.embedded) { return; }
      element.dataset.embedded = "1";
      vegaEmbed(element, fitToWidth(JSON.parse(source.textContent), element.clientWidth), {
        ast: true, actions: false, defaultStyle: false, tooltip: { disableDefaultStyle: true }
      }).catch(function (error) {
        element.textContent = "The chart could not be drawn: " + error.message;
      });
    });
  }
  embedCharts(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { embedCharts(event.target); });
})();
