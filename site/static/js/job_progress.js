// Poll a background job (the gap recomputation, a competency or employee import) and move its progress
// bar; reload the page when the job has ended, which then shows its outcome.
// Markup: an element with data-job-progress, data-status-url (JSON with status,
// status_label, done, total, percent (null: unknown), finished) and
// data-job-finished; inside it a .progress bar and [data-role=label|done|total].
(function () {
  "use strict";
  document.querySelectorAll("[data-job-progress]").forEach(function (box) {
    if (box.dataset.jobFinished === "true") return;
    var bar = box.querySelector(".progress > span");
    var progress = box.querySelector(".progress");
    // Counts grouped as the page's language writes them (id: 50.000, en: 50,000).
    var numbers = new Intl.NumberFormat(document.documentElement.lang || "id");
    function show(role, value) {
      var el = box.querySelector("[data-role=" + role + "]");
      if (!el || value === null || value === undefined) return;
      el.textContent = typeof value === "number" ? numbers.format(value) : value;
    }
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.percent === null) {
            bar.style.width = "100%";
            progress.removeAttribute("aria-valuenow");
          } else {
            bar.style.width = job.percent + "%";
            progress.setAttribute("aria-valuenow", job.percent);
          }
          show("label", job.status_label);
          show("done", job.done);
          show("total", job.total);
          box.dataset.jobStatus = job.status;
          if (job.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  });
})();
