// Publishing changes what every new dossier of the jurisdiction runs on: the Publish button
// asks first (a dialog naming the version); without JavaScript the form posts as it is.
(function () {
  "use strict";
  var form = document.getElementById("publish-form");
  var dialog = document.getElementById("publish-confirm");
  if (!form || !dialog || typeof dialog.showModal !== "function") return;
  var confirmed = false;
  form.addEventListener("submit", function (event) {
    if (confirmed) return;
    event.preventDefault();
    dialog.showModal();
    document.getElementById("publish-confirm-yes").focus();
  });
  document.getElementById("publish-confirm-yes").addEventListener("click", function () {
    confirmed = true;
    dialog.close();
    document.getElementById("publish").disabled = true; // one click, one publish
    form.submit();
  });
  document.getElementById("publish-confirm-no").addEventListener("click", function () {
    dialog.close();
  });
})();
