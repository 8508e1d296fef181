// Poll the running recomputation job and move its progress bar; reload when done.
(function () {
  "use strict";
  var box = document.getElementById("gap-job");
  if (!box || box.dataset.jobStatus !== "RUNNING") return;
  var url = box.dataset.statusUrl;
  var bar = box.querySelector(".progress > span");
  var progress = box.querySelector(".progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.style.width = job.percent + "%";
        progress.setAttribute("aria-valuenow", job.percent);
        box.querySelector("[data-role=done]").textContent = job.done;
        box.querySelector("[data-role=total]").textContent = job.total;
        box.querySelector("[data-role=label]").textContent = job.status_label;
        box.dataset.jobStatus = job.status;
        if (job.status === "RUNNING") { setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
