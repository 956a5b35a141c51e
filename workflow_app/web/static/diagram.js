// The dossier's process picture: bpmn-js draws the pinned BPMN; completed steps and the
// current step get different markers (colours set in app.css, explained in the legend).
(function () {
  "use strict";
  var element = document.getElementById("diagram");
  if (!element || !window.BpmnJS) return;
  var viewer = new window.BpmnJS({ container: element });
  fetch(element.dataset.xmlUrl, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      canvas.zoom("fit-viewport");
      function mark(ids, marker) {
        ids.split(" ").filter(Boolean).forEach(function (id) {
          if (registry.get(id)) canvas.addMarker(id, marker);
        });
      }
      mark(element.dataset.done, "path-done");
      mark(element.dataset.current, "path-current");
      element.dataset.ready = "true";
    })
    .catch(function (error) {
      element.textContent = "⚠ " + error;
      element.dataset.ready = "error";
    });
})();
