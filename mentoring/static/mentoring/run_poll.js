// HR's matching run: poll the run's status fragment until it has finished, then reload
// the page to show the proposed pairs. A static file (the CSP refuses inline scripts).
(function () {
  var box = document.getElementById("run-box");
  if (!box || !box.dataset.pollUrl) { return; }
  function poll() {
    fetch(box.dataset.pollUrl, {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        box.innerHTML = html;
        if (box.querySelector("[data-running]")) { setTimeout(poll, 1500); } else { window.location.reload(); }
      });
  }
  setTimeout(poll, 1500);
})();
