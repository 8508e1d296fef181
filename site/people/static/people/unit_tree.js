// Filter the unit tree by name: a unit shows when it or a unit below it matches,
// and the branches leading to matches open. No framework; a static file (CSP).
(function () {
  function setUp(tree) {
    var search = tree.querySelector("[data-unit-tree-search]");
    var count = tree.querySelector("[data-unit-tree-count]");
    var items = Array.prototype.slice.call(tree.querySelectorAll("li[data-unit-name]"));
    function update() {
      var term = search.value.trim().toLowerCase();
      var shown = 0;
      items.slice().reverse().forEach(function (li) {
        var own = !term || li.getAttribute("data-unit-name").indexOf(term) !== -1;
        var childShown = li.querySelector("li[data-unit-name]:not([hidden])") !== null;
        li.hidden = !(own || childShown);
        if (!li.hidden && own) { shown += 1; }
        var details = li.querySelector(":scope > details");
        if (details && term) { details.open = childShown; }
      });
      var checked = tree.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = (term ? shown + " ✓ · " : "") + checked + " ☑";
    }
    search.addEventListener("input", update);
    tree.addEventListener("change", update);
    update();
  }
  function init() {
    document.querySelectorAll("[data-unit-tree]").forEach(function (tree) {
      if (!tree.dataset.ready) { tree.dataset.ready = "1"; setUp(tree); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
  document.addEventListener("w-formset:added", init);
})();
