// The administrators' BPMN modeler: bpmn-js draws and edits the version's BPMN file; our own
// small panel edits what this product needs (a user task's name, lane = role, form file; a
// lane's role). Saving posts the exported XML, which the server stores as a new draft. While
// drawing, the XML is checked a moment after each change by the same checks as publishing
// (nothing saved) and the problems are listed beside the drawing; lanes show their role's
// name; the palette stays off the drawing; tooltips are in Vietnamese (modeler-vi.js).
(function () {
  "use strict";
  var container = document.getElementById("modeler");
  if (!container || !window.BpmnJS || !window.DiagramTools) return;
  var data = container.dataset;
  var status = document.getElementById("modeler-status");
  var saveButton = document.getElementById("save-model");
  var laneRoles = JSON.parse(data.laneRoles || "[]");
  var formFiles = JSON.parse(data.forms || "[]");
  var uiFiles = JSON.parse(data.uiForms || "[]");
  var laneLabels = JSON.parse(data.laneLabels || "{}");
  var lint = document.getElementById("lint");
  var tools = window.DiagramTools;
  var $ = function (id) { return document.getElementById(id); };
  var modeler, selected = null;

  function say(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind || "";
  }

  function service(name) { return modeler.get(name); }

  // --- reading the model ------------------------------------------------------------

  function lanes() {
    return service("elementRegistry").filter(function (e) { return e.type === "bpmn:Lane"; });
  }

  function laneOf(element) {
    var bo = element.businessObject;
    return lanes().filter(function (lane) {
      return (lane.businessObject.flowNodeRef || []).indexOf(bo) !== -1;
    })[0] || null;
  }

  function extension(bo, type) {
    var values = (bo.extensionElements && bo.extensionElements.values) || [];
    return values.filter(function (v) { return v.$type === type; })[0] || null;
  }

  // --- writing the model ------------------------------------------------------------

  function setExtension(element, type, value) {
    var modeling = service("modeling"), moddle = service("moddle");
    var bo = element.businessObject;
    var entry = extension(bo, type);
    if (entry && value) {
      modeling.updateModdleProperties(element, entry, { value: value });
      return;
    }
    var ext = bo.extensionElements;
    var values = ((ext && ext.values) || []).filter(function (v) { return v !== entry; });
    if (value) {
      var created = moddle.create(type, { value: value });
      values = values.concat([created]);
    }
    if (!ext) {
      ext = moddle.create("bpmn:ExtensionElements", { values: [] });
      values.forEach(function (v) { v.$parent = ext; });
      ext.values = values;
      modeling.updateProperties(element, { extensionElements: ext });
    } else {
      values.forEach(function (v) { v.$parent = ext; });
      modeling.updateModdleProperties(element, ext, { values: values });
    }
  }

  function moveToLane(element, laneId) {
    var lane = service("elementRegistry").get(laneId);
    if (!lane || laneOf(element) === lane) return;
    var laneMiddle = lane.y + lane.height / 2;
    var delta = { x: 0, y: Math.round(laneMiddle - (element.y + element.height / 2)) };
    // Flow nodes live in the participant; bpmn-js recomputes each lane's flowNodeRef from
    // where the shape now stands.
    service("modeling").moveElements([element], delta, element.parent);
  }

  function setForm(element, name) {
    // The UI schema follows the form: x.schema.json goes with x.uischema.json when it exists.
    var ui = name ? name.replace(/\.schema\.json$/, ".uischema.json") : "";
    setExtension(element, "spiffworkflow:FormJsonSchemaFilename", name);
    setExtension(element, "spiffworkflow:FormUiSchemaFilename", uiFiles.indexOf(ui) !== -1 ? ui : "");
  }

  // --- the panel --------------------------------------------------------------------

  function show(id, visible) { $(id).hidden = !visible; }

  function fillLaneSelect(element) {
    var select = $("task-lane");
    select.innerHTML = "";
    var current = laneOf(element);
    if (!current) select.appendChild(new Option("—", ""));
    lanes().forEach(function (lane) {
      var name = lane.businessObject.name || lane.id;
      select.appendChild(new Option(name, lane.id, false, lane === current));
    });
    select.value = current ? current.id : "";
  }

  function fillFormSelect(element) {
    var select = $("task-form");
    var entry = extension(element.businessObject, "spiffworkflow:FormJsonSchemaFilename");
    var value = entry ? entry.value : "";
    if (value && formFiles.indexOf(value) === -1) {
      select.appendChild(new Option(value + " ⚠", value));
    }
    select.value = value;
  }

  function fillLaneRole(element) {
    var select = $("lane-role");
    var name = element.businessObject.name || "";
    if (name && laneRoles.indexOf(name) === -1 && !select.querySelector('[value="' + name + '"]')) {
      select.appendChild(new Option(name + " ⚠", name));
    }
    select.value = name;
  }

  function render(element) {
    selected = element || null;
    var type = element ? element.type : "";
    show("panel-empty", !element);
    show("panel-common", !!element);
    show("panel-name", !!element && type !== "bpmn:Lane");
    show("panel-task", type === "bpmn:UserTask");
    show("panel-lane", type === "bpmn:Lane");
    container.dataset.selected = element ? element.id : "";
    if (!element) return;
    $("element-id").value = element.id;
    $("element-type").value = type.replace("bpmn:", "");
    $("task-name").value = element.businessObject.name || "";
    if (type === "bpmn:UserTask") {
      fillLaneSelect(element);
      fillFormSelect(element);
    }
    if (type === "bpmn:Lane") fillLaneRole(element);
  }

  function bindPanel() {
    var editable = data.editable === "true";
    ["task-name", "task-lane", "task-form", "lane-role"].forEach(function (id) {
      $(id).disabled = !editable;
    });
    $("task-name").addEventListener("change", function (event) {
      if (selected) service("modeling").updateProperties(selected, { name: event.target.value });
    });
    $("task-lane").addEventListener("change", function (event) {
      if (selected && event.target.value) moveToLane(selected, event.target.value);
    });
    $("task-form").addEventListener("change", function (event) {
      if (selected) setForm(selected, event.target.value);
    });
    $("lane-role").addEventListener("change", function (event) {
      if (selected) service("modeling").updateProperties(selected, { name: event.target.value });
    });
  }

  // --- lanes in words, the palette kept off the drawing ---------------------------------

  function showLaneWords() {
    var overlays = service("overlays");
    overlays.remove({ type: "lane-words" });
    lanes().forEach(function (lane) {
      var key = lane.businessObject.name || "";
      if (!laneLabels[key] || laneLabels[key] === key) return;
      var words = document.createElement("span");
      words.className = "lane-words";
      words.dataset.role = key;
      words.textContent = laneLabels[key];
      overlays.add(lane.id, "lane-words", { position: { top: 4, left: 36 }, html: words });
    });
  }

  // bpmn-js names its palette and context pad entries for screen readers only (aria-label):
  // the same words become the tooltip people see on hover.
  function titleEntries() {
    container.querySelectorAll(".entry[aria-label]:not([title])").forEach(function (entry) {
      entry.title = entry.getAttribute("aria-label");
    });
    document.querySelectorAll(".djs-popup .entry[aria-label]:not([title])").forEach(function (entry) {
      entry.title = entry.getAttribute("aria-label");
    });
  }

  function paletteRoom() {
    var palette = container.querySelector(".djs-palette");
    if (!palette) return 0;
    return palette.getBoundingClientRect().right - container.getBoundingClientRect().left + 16;
  }

  // --- problems while drawing (the same checks as publishing) ---------------------------

  var lintTimer = null, lintRun = 0;

  function lintItem(problem) {
    var item = document.createElement("li");
    item.className = "lint-problem";
    item.dataset.element = problem.element || "";
    item.appendChild(document.createTextNode(problem.message + " "));
    if (problem.element && service("elementRegistry").get(problem.element)) {
      var show = document.createElement("button");
      show.type = "button";
      show.textContent = lint.dataset.show;
      show.addEventListener("click", function () { selectElement(problem.element); });
      item.appendChild(show);
    }
    return item;
  }

  function showLint(problems) {
    var list = document.getElementById("lint-problems");
    list.innerHTML = "";
    problems.forEach(function (problem) { list.appendChild(lintItem(problem)); });
    lint.dataset.state = problems.length ? "problems" : "clean";
    lint.dataset.count = String(problems.length);
    document.getElementById("lint-state").textContent = problems.length
      ? lint.dataset.problems.replace("{n}", problems.length)
      : lint.dataset.clean;
  }

  function checkNow() {
    if (!lint) return;
    var run = ++lintRun;
    lint.dataset.state = "checking";
    exported({ format: false })
      .then(function (xml) {
        return fetch(data.checkUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/xml", "X-CSRFToken": data.csrf },
          body: xml,
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (body) { if (run === lintRun) showLint(body.problems); })
      .catch(function (error) {
        if (run !== lintRun) return;
        lint.dataset.state = "error";
        document.getElementById("lint-state").textContent = lint.dataset.failed + " " + error.message;
      });
  }

  function checkSoon() {
    clearTimeout(lintTimer);
    lintTimer = setTimeout(checkNow, 700);
  }

  // --- multi-instance data, kept across the round trip --------------------------------

  // SpiffWorkflow reads a multi-instance task's loopDataInputRef/OutputRef as variable
  // names; bpmn-js takes them for references to elements, finds none, and drops them on
  // export. They are read from the file as loaded and put back into every exported XML.
  var BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  var LOOP_REFS = ["loopDataInputRef", "loopDataOutputRef"];
  var loopRefs = {};

  function loops(doc) {
    return Array.prototype.slice.call(
      doc.getElementsByTagNameNS(BPMN_NS, "multiInstanceLoopCharacteristics")
    );
  }

  function readLoopRefs(xml) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    loops(doc).forEach(function (loop) {
      var refs = {};
      LOOP_REFS.forEach(function (name) {
        var found = loop.getElementsByTagNameNS(BPMN_NS, name)[0];
        if (found) refs[name] = found.textContent;
      });
      if (Object.keys(refs).length) loopRefs[loop.parentNode.getAttribute("id")] = refs;
    });
  }

  function withLoopRefs(xml) {
    if (!Object.keys(loopRefs).length) return xml;
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    loops(doc).forEach(function (loop) {
      var refs = loopRefs[loop.parentNode.getAttribute("id")] || {};
      var after = loop.getElementsByTagNameNS(BPMN_NS, "loopCardinality")[0] || null;
      LOOP_REFS.forEach(function (name) {
        var found = loop.getElementsByTagNameNS(BPMN_NS, name)[0];
        if (!found && refs[name]) {
          found = doc.createElementNS(BPMN_NS, loop.prefix ? loop.prefix + ":" + name : name);
          found.textContent = refs[name];
          loop.insertBefore(found, after ? after.nextSibling : loop.firstChild);
        }
        after = found || after;
      });
    });
    return new XMLSerializer().serializeToString(doc);
  }

  function exported(options) {
    return modeler.saveXML(options).then(function (result) { return withLoopRefs(result.xml); });
  }

  // --- selecting, saving --------------------------------------------------------------

  function selectElement(id) {
    var element = service("elementRegistry").get(id);
    if (!element) {
      say(status.dataset.missing + " " + id, "error");
      return;
    }
    service("selection").select(element);
    service("canvas").scrollToElement(element, { top: 120, bottom: 120, left: 200, right: 200 });
  }

  function save() {
    saveButton.disabled = true;
    say(status.dataset.saving);
    exported({ format: true })
      .then(function (xml) {
        return fetch(data.saveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/xml", "X-CSRFToken": data.csrf },
          body: xml,
        });
      })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) {
            var page = new DOMParser().parseFromString(text, "text/html");
            var main = page.querySelector("main");
            throw new Error((main ? main.textContent : text).replace(/\s+/g, " ").trim());
          });
        }
        return response.json();
      })
      .then(function (body) {
        window.location.assign(body.url);
      })
      .catch(function (error) {
        say(status.dataset.failed + " " + error.message, "error");
        saveButton.disabled = false;
      });
  }

  function start(descriptor) {
    var vietnamese = /^vi/.test(document.documentElement.lang) && window.ModelerVietnamese;
    modeler = new window.BpmnJS({
      container: container,
      moddleExtensions: { spiffworkflow: descriptor },
      additionalModules: vietnamese ? [{ translate: window.ModelerVietnamese.translate }] : [],
    });
    bindPanel();
    var eventBus = service("eventBus");
    eventBus.on("selection.changed", function (event) { render(event.newSelection[0]); });
    eventBus.on("elements.changed", function (event) {
      if (selected && event.elements.indexOf(selected) !== -1) render(selected);
      if (event.elements.some(function (e) { return e.type === "bpmn:Lane"; })) showLaneWords();
    });
    if (data.checkUrl) eventBus.on("commandStack.changed", checkSoon);
    ["contextPad.open", "popupMenu.opened", "palette.changed"].forEach(function (name) {
      eventBus.on(name, function () { setTimeout(titleEntries, 0); });
    });
    return fetch(data.xmlUrl, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (xml) {
        readLoopRefs(xml);
        return modeler.importXML(xml);
      })
      .then(function () {
        tools.fitStart(service("canvas"), paletteRoom());
        var fit = function () { tools.fitAll(service("canvas"), paletteRoom()); };
        tools.bindZoom(document.getElementById("diagram-zoom"), modeler, fit, paletteRoom());
        showLaneWords();
        titleEntries();
        if (data.element) selectElement(data.element);
        if (data.checkUrl) checkNow();
        if (saveButton) {
          saveButton.disabled = false;
          saveButton.addEventListener("click", save);
        }
        if (status.dataset.kind !== "error") say(status.dataset.ready);
        container.dataset.ready = "true";
      });
  }

  fetch(data.moddleUrl, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function (error) {
      say("⚠ " + error, "error");
      container.dataset.ready = "error";
    });
})();
