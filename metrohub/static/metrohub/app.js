// metrohub's only script: small, progressive enhancements. Every page reads without it.
(function () {
  "use strict";

  // The language menu submits itself when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Charts: <div data-vega-spec="id-of-a-json-script-element">. vega-embed's own interpreter
  // (ast: true) keeps the page within a Content-Security-Policy without 'unsafe-eval'.
  function embedCharts(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    root.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      var source = document.getElementById(element.dataset.vegaSpec);
      if (!source || element.dataset.embedded) { return; }
      element.dataset.embedded = "1";
      vegaEmbed(element, JSON.parse(source.textContent), {
        ast: true, actions: false, defaultStyle: false, tooltip: { disableDefaultStyle: true }
      }).catch(function (error) {
        element.textContent = "The chart could not be drawn: " + error.message;
      });
    });
  }
  embedCharts(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { embedCharts(event.target); });
})();
