// HR's person picker (pair editor): as HR types part of a name or NIP, fetch the
// matching active employees and offer them as suggestions ("Name · NIP"). The form
// posts the chosen text; the server resolves it (mentoring.forms.PersonPickerField).
// A static file: the CSP refuses inline scripts.
(function () {
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last || q.indexOf(" · ") !== -1) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = q;
        fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (p) {
              var option = document.createElement("option");
              option.value = p.label;
              option.textContent = p.unit;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  }
  document.querySelectorAll("[data-person-picker]").forEach(attach);
})();
