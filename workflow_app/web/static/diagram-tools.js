// What the dossier's picture, the auditor's step-through and the modeler share: lanes named
// in words instead of role keys, opening on the path that matters at a zoom people can read,
// and zoom buttons (+, −, fit the path, whole diagram).
(function () {
  "use strict";
  var MIN_ZOOM = 0.75; // below this a task's name is too small to read
  var MAX_ZOOM = 1.25;
  var PADDING = 60;

  /** The XML with each lane named by its role's name (`labels`: key -> words); a lane whose
   * name is no role key keeps it. Only for viewers: the modeler must save the keys. */
  function labelLanes(xml, labels) {
    if (!labels || !Object.keys(labels).length) return xml;
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) return xml;
    var lanes = doc.getElementsByTagNameNS("*", "lane");
    var changed = false;
    for (var i = 0; i < lanes.length; i++) {
      var key = lanes[i].getAttribute("name");
      if (key && labels[key] && labels[key] !== key) {
        lanes[i].setAttribute("name", labels[key]);
        lanes[i].setAttribute("data-role-key", key);
        changed = true;
      }
    }
    return changed ? new XMLSerializer().serializeToString(doc) : xml;
  }

  function boxOf(elements) {
    var shapes = elements.filter(function (e) { return e && e.width !== undefined; });
    if (!shapes.length) return null;
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    shapes.forEach(function (e) {
      x1 = Math.min(x1, e.x); y1 = Math.min(y1, e.y);
      x2 = Math.max(x2, e.x + e.width); y2 = Math.max(y2, e.y + e.height);
    });
    return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
  }

  /** Show `box` (diagram coordinates) at a readable zoom; when it does not fit at the minimum
   * zoom, keep `focus` (the current step) in view instead. `left`: pixels kept free on the
   * left (the modeler's palette). */
  function showBox(canvas, box, focus, left) {
    var size = canvas.getSize();
    var free = { width: Math.max(size.width - (left || 0), 100), height: size.height };
    var zoom = Math.min(
      free.width / (box.width + 2 * PADDING),
      free.height / (box.height + 2 * PADDING)
    );
    zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    var centre = (zoom === MIN_ZOOM && focus) ? focus : box;
    var cx = centre.x + centre.width / 2, cy = centre.y + centre.height / 2;
    var width = size.width / zoom, height = size.height / zoom;
    var shift = (left || 0) / zoom / 2; // the middle of the free area, not of the canvas
    canvas.viewbox({ x: cx - width / 2 - shift, y: cy - height / 2, width: width, height: height });
  }

  /** Fit the whole diagram, leaving `left` pixels free (the palette stays off the drawing). */
  function fitAll(canvas, left) {
    canvas.zoom("fit-viewport", "auto");
    var inner = canvas.viewbox().inner;
    if (!inner || !inner.width) return;
    var size = canvas.getSize();
    var free = Math.max(size.width - (left || 0), 100);
    var zoom = Math.min(free / (inner.width + 2 * PADDING), size.height / (inner.height + 2 * PADDING));
    var width = size.width / zoom, height = size.height / zoom;
    canvas.viewbox({
      x: inner.x + inner.width / 2 - width / 2 - (left || 0) / zoom / 2,
      y: inner.y + inner.height / 2 - height / 2,
      width: width,
      height: height,
    });
  }

  /** The whole diagram if it is readable so; else its start at the minimum readable zoom,
   * right of the `left` pixels (where the modeler opens: it has no path to follow). */
  function fitStart(canvas, left) {
    fitAll(canvas, left);
    if (canvas.zoom() >= MIN_ZOOM) return;
    canvas.zoom("fit-viewport", "auto");
    var inner = canvas.viewbox().inner;
    var size = canvas.getSize();
    var width = size.width / MIN_ZOOM, height = size.height / MIN_ZOOM;
    var top = inner.height + 2 * PADDING <= height
      ? inner.y + inner.height / 2 - height / 2
      : inner.y - PADDING / 2;
    canvas.viewbox({
      x: inner.x - ((left || 0) + PADDING / 2) / MIN_ZOOM,
      y: top,
      width: width,
      height: height,
    });
  }

  /** Fit the path that matters (`pathIds`, with `currentIds` kept in view), else the whole. */
  function fitPath(viewer, pathIds, currentIds, left) {
    var canvas = viewer.get("canvas"), registry = viewer.get("elementRegistry");
    var get = function (id) { return registry.get(id); };
    var path = boxOf(pathIds.concat(currentIds).map(get));
    if (!path) return fitAll(canvas, left);
    showBox(canvas, path, boxOf(currentIds.map(get)), left);
  }

  /** Wire the toolbar's buttons (`[data-zoom]` in `toolbar`): in, out, path, all. */
  function bindZoom(toolbar, viewer, fitPathNow, left) {
    if (!toolbar) return;
    var canvas = viewer.get("canvas");
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) return;
      var action = button.dataset.zoom;
      if (action === "in") canvas.zoom(canvas.zoom() * 1.25, "auto");
      if (action === "out") canvas.zoom(canvas.zoom() / 1.25, "auto");
      if (action === "path") fitPathNow();
      if (action === "all") fitAll(canvas, left);
      toolbar.dataset.zoom = String(Math.round(canvas.zoom() * 100));
    });
  }

  function ids(text) { return (text || "").split(" ").filter(Boolean); }

  window.DiagramTools = {
    labelLanes: labelLanes,
    fitPath: fitPath,
    fitAll: fitAll,
    fitStart: fitStart,
    bindZoom: bindZoom,
    ids: ids,
    MIN_ZOOM: MIN_ZOOM,
  };
})();
