/* The form editor's live preview: post the JSON being typed (debounced) to the server, which
   draws the form with the task page's own templates, and show the result or the error in
   place of the preview. The text in the editor is never touched. */
(function () {
  "use strict";
  var editor = document.getElementById("form-json");
  var preview = document.getElementById("form-preview");
  var status = document.getElementById("preview-status");
  if (!editor || !preview) return;
  var timer = null;
  var sent = 0;

  function show(html, ok) {
    preview.innerHTML = html;
    preview.classList.remove("is-stale");
    preview.dataset.state = ok ? "ok" : "error";
    if (status) status.textContent = "";
  }

  function failed() {
    preview.classList.remove("is-stale");
    if (status) status.textContent = status.dataset.failed;
  }

  function refresh() {
    var ticket = ++sent;
    var body = new URLSearchParams();
    body.set("content", editor.value);
    preview.classList.add("is-stale");
    fetch(editor.dataset.previewUrl, {
      method: "POST",
      headers: { "X-CSRFToken": editor.dataset.csrf },
      body: body,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (ticket !== sent) return; // a newer edit is on its way
          if (response.ok || response.status === 422) show(html, response.ok);
          else failed();
        });
      })
      .catch(function () {
        if (ticket === sent) failed();
      });
  }

  editor.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });

  // Tab indents inside the JSON instead of leaving the editor (Esc then Tab leaves it).
  var escaped = false;
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { escaped = true; return; }
    if (event.key === "Tab" && !event.shiftKey && !escaped && !editor.readOnly) {
      event.preventDefault();
      var start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
      editor.dispatchEvent(new Event("input"));
    }
    escaped = false;
  });
})();
