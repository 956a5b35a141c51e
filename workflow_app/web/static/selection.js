// Phiên xét chọn: while votes are typed, ask the server for the ranking the sitting would
// give (S2-S4: the rules live on the server, this only shows its answer) and show it in
// place. Without this file the page's "Xem trước" button does the same with a reload.
(function () {
  "use strict";
  var form = document.getElementById("sitting-form");
  var target = document.getElementById("preview");
  if (!form || !target || !window.fetch) return;
  var timer = null;
  var asked = 0;

  function ready() {
    var fields = form.querySelectorAll("input[name^='votes-'], #members_total, #members_present");
    return Array.prototype.every.call(fields, function (field) {
      return /^\d+$/.test(field.value.trim());
    });
  }

  function refresh() {
    if (!ready()) return;
    var mine = ++asked;
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine === asked) target.innerHTML = html; // a later answer wins
      });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  refresh();
})();
