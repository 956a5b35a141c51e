// The auditor's step-through: bpmn-js draws the pinned BPMN; every element visited up to the
// chosen event gets a badge with its number of visits (a return loop shows as 2, 3...), and
// where the tokens stand at that moment is marked as the current step.
(function () {
  "use strict";
  var element = document.getElementById("diagram");
  if (!element || !window.BpmnJS) return;
  var viewer = new window.BpmnJS({ container: element });
  var visits = JSON.parse(element.dataset.visits || "{}");
  fetch(element.dataset.xmlUrl, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      var overlays = viewer.get("overlays");
      canvas.zoom("fit-viewport");
      Object.keys(visits).forEach(function (id) {
        if (!registry.get(id)) return;
        canvas.addMarker(id, "path-done");
        var badge = document.createElement("span");
        badge.className = "visit-badge";
        badge.dataset.elementId = id;
        badge.dataset.visits = String(visits[id]);
        badge.textContent = "×" + visits[id];
        overlays.add(id, "visit-count", { position: { top: -12, right: 12 }, scale: false, html: badge });
      });
      (element.dataset.current || "").split(" ").filter(Boolean).forEach(function (id) {
        if (registry.get(id)) canvas.addMarker(id, "path-current");
      });
      element.dataset.ready = "true";
    })
    .catch(function (error) {
      element.textContent = "⚠ " + error;
      element.dataset.ready = "error";
    });
})();
