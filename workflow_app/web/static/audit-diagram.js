// The auditor's step-through: bpmn-js draws the pinned BPMN (lanes named in words); every
// element visited up to the chosen event gets a badge with its number of visits (a return
// loop shows as 2, 3...), where the tokens stand at that moment is marked as the current
// step, and the picture opens on that path at a readable zoom.
(function () {
  "use strict";
  var element = document.getElementById("diagram");
  if (!element || !window.BpmnJS || !window.DiagramTools) return;
  var tools = window.DiagramTools;
  var viewer = new window.BpmnJS({ container: element });
  var visits = JSON.parse(element.dataset.visits || "{}");
  var labels = JSON.parse(element.dataset.laneLabels || "{}");
  var current = tools.ids(element.dataset.current);
  fetch(element.dataset.xmlUrl, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (xml) { return viewer.importXML(tools.labelLanes(xml, labels)); })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      var overlays = viewer.get("overlays");
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
      current.forEach(function (id) {
        if (registry.get(id)) canvas.addMarker(id, "path-current");
      });
      var fit = function () { tools.fitPath(viewer, Object.keys(visits), current, 0); };
      fit();
      tools.bindZoom(document.getElementById("diagram-zoom"), viewer, fit, 0);
      element.dataset.zoom = String(Math.round(canvas.zoom() * 100));
      element.dataset.ready = "true";
    })
    .catch(function (error) {
      element.textContent = "⚠ " + error;
      element.dataset.ready = "error";
    });
})();
