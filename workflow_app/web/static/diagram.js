// The dossier's process picture: bpmn-js draws the pinned BPMN with its lanes named in words;
// completed steps and the current step get different markers (colours set in app.css,
// explained in the legend), and the picture opens on that path at a readable zoom.
(function () {
  "use strict";
  var element = document.getElementById("diagram");
  if (!element || !window.BpmnJS || !window.DiagramTools) return;
  var tools = window.DiagramTools;
  var viewer = new window.BpmnJS({ container: element });
  var labels = JSON.parse(element.dataset.laneLabels || "{}");
  var done = tools.ids(element.dataset.done), current = tools.ids(element.dataset.current);
  fetch(element.dataset.xmlUrl, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (xml) { return viewer.importXML(tools.labelLanes(xml, labels)); })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      function mark(list, marker) {
        list.forEach(function (id) {
          if (registry.get(id)) canvas.addMarker(id, marker);
        });
      }
      mark(done, "path-done");
      mark(current, "path-current");
      var fit = function () { tools.fitPath(viewer, done, current, 0); };
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
