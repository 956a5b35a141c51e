// New dossier page: offer only the award forms the eligibility table allows (E1) for the
// chosen unit, nominee kind and round (the server computed them into data-eligible), show the
// identity fields of the chosen kind (E2), and the Labour Order's class only for it (E3).
// The page works without this file; the server checks every choice again.
(function () {
  "use strict";
  var form = document.getElementById("dossier-new");
  if (!form) return;
  var eligible = JSON.parse(form.dataset.eligible || "{}");
  var unit = form.querySelector("#unit");
  var kind = form.querySelector("#kind");
  var round = form.querySelector("#round");
  var award = form.querySelector("#award_form");

  function show(block, visible) {
    block.hidden = !visible;
    Array.prototype.forEach.call(block.querySelectorAll("input, select"), function (field) {
      field.disabled = !visible; // a hidden field is not sent
    });
  }

  function allowedForms() {
    var byKind = eligible[unit.value] || {};
    var byRound = byKind[kind.value] || {};
    return byRound[round.value] || [];
  }

  function refreshAwardForms() {
    var allowed = allowedForms();
    var firstAllowed = null;
    Array.prototype.forEach.call(award.options, function (option) {
      var ok = allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
      if (ok && firstAllowed === null) firstAllowed = option;
    });
    var current = award.options[award.selectedIndex];
    if ((!current || current.disabled) && firstAllowed) firstAllowed.selected = true;
    refreshLabourOrder();
  }

  function refreshKindFields() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-for-kinds]"), function (block) {
      show(block, block.dataset.forKinds.split(" ").indexOf(kind.value) !== -1);
    });
  }

  function refreshLabourOrder() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-for-award]"), function (block) {
      show(block, block.dataset.forAward === award.value);
    });
  }

  [unit, kind, round].forEach(function (select) {
    select.addEventListener("change", refreshAwardForms);
  });
  kind.addEventListener("change", refreshKindFields);
  award.addEventListener("change", refreshLabourOrder);
  refreshKindFields();
  refreshAwardForms();
})();
