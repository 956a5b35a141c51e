// Keyboard shortcuts (listed in the "Phím tắt" dialog) and small form helpers. The pages
// work without this file; it only adds speed for keyboard users.
(function () {
  "use strict";
  var script = document.currentScript;
  var inboxUrl = script && script.dataset.inboxUrl;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".task-row"));
  var current = -1;
  var pendingG = false;

  function typing(target) {
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function select(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    var link = rows[current].querySelector(".task-link");
    if (link) link.focus();
  }

  function rowOf(element) {
    var row = element.closest && element.closest(".task-row");
    return row ? rows.indexOf(row) : current;
  }

  function clickInRow(selector) {
    var index = rowOf(document.activeElement);
    if (index < 0) return;
    var target = rows[index].querySelector(selector);
    if (target) target.click();
  }

  function toggleShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target.form || document.getElementById("task-form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (pendingG) {
      pendingG = false;
      if (event.key === "i" && inboxUrl) { window.location = inboxUrl; }
      return;
    }
    var handlers = {
      "?": toggleShortcuts,
      "/": function () { var q = document.getElementById("q"); if (q) q.focus(); },
      "j": function () { select(rowOf(document.activeElement) + 1); },
      "k": function () { select(rowOf(document.activeElement) - 1); },
      "x": function () { clickInRow("input[type=checkbox]"); },
      "c": function () { clickInRow("[data-action=claim]"); },
      "o": function () { clickInRow("[data-action=claim-open]"); },
      "f": function () {
        var first = document.querySelector("#task-form input:not([type=hidden]), #task-form select, #task-form textarea");
        if (first) first.focus();
      },
      "g": function () { pendingG = true; }
    };
    if (handlers[event.key]) { event.preventDefault(); handlers[event.key](); }
  });

  document.querySelectorAll("[data-shortcuts-open]").forEach(function (button) {
    button.addEventListener("click", toggleShortcuts);
  });

  // "reason" is required only when the decision is to return or reject (the schema's if/then).
  document.querySelectorAll("[data-required-when]").forEach(function (input) {
    var rule = input.dataset.requiredWhen.split("=");
    var name = rule[0], values = rule[1].split(",");
    var form = input.form;
    function update() {
      var chosen = form.querySelector("[name='" + name + "']:checked") || form.querySelector("select[name='" + name + "']");
      input.required = !!chosen && values.indexOf(chosen.value) >= 0;
    }
    form.addEventListener("change", update);
    update();
  });

  // After a refused submission, put the keyboard on the first field that needs fixing.
  var firstInvalid = document.querySelector("[aria-invalid=true] input, input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true]");
  if (firstInvalid) firstInvalid.focus();

  // Issue 18: on a phone the main menu folds behind a button, and filter panels
  // (<details class="fold" data-fold-small>) start folded so the list shows first.
  var nav = document.querySelector(".main-nav");
  var toggle = nav && nav.querySelector(".nav-toggle");
  if (toggle) {
    toggle.hidden = false;
    nav.classList.add("is-foldable");
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (window.matchMedia("(max-width: 760px)").matches) {
    document.querySelectorAll("details.fold[data-fold-small]").forEach(function (panel) {
      panel.open = false;
    });
  }
})();
