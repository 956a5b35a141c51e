// New dossier page (issue 18): pick a nominee the unit already registered instead of
// retyping it. Picking fills the nominee's fields (read-only) from the option's data; the
// server uses the picked nominee_id and checks it is the unit's own (X3). Typing in the
// search box narrows the list, accents optional.
(function () {
  "use strict";
  var picker = document.getElementById("nominee_id");
  if (!picker) return;
  var search = document.getElementById("nominee-search");
  var form = picker.form;
  var fields = ["unit", "kind", "name", "sex", "citizen_id", "staff_total", "women_total"];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase();
  }

  function fill() {
    var option = picker.options[picker.selectedIndex];
    var picked = !!picker.value;
    fields.forEach(function (name) {
      var field = form.querySelector("#" + name);
      if (!field) return;
      if (picked) field.value = option.dataset[name.replace(/_(\w)/g, function (m, c) {
        return c.toUpperCase();
      })] || "";
      if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (o) {
          o.disabled = picked && !o.selected;
        });
      } else {
        field.readOnly = picked;
      }
      field.dispatchEvent(new Event("change"));
    });
  }

  function narrow() {
    var wanted = fold(search.value.trim());
    Array.prototype.forEach.call(picker.options, function (option) {
      if (!option.value) return;
      option.hidden = wanted !== "" && fold(option.text).indexOf(wanted) === -1;
    });
  }

  picker.addEventListener("change", fill);
  if (search) search.addEventListener("input", narrow);
  if (picker.value) fill();
})();
