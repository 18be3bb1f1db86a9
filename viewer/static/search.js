// Search: arrow keys move from the box into the results and through them; Escape returns.
// Typing, debouncing and history are htmx's job (see search.html).
(function () {
  "use strict";

  function links() {
    return Array.prototype.slice.call(document.querySelectorAll("#search-results .result-link"));
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var box = document.getElementById("q");
    if (!box || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var list = links();
    if (target === box) {
      if (event.key === "ArrowDown" && list.length) {
        event.preventDefault();
        list[0].focus();
      }
      return;
    }
    var index = list.indexOf(target);
    if (index < 0) { return; }
    if (event.key === "ArrowDown" && index < list.length - 1) {
      event.preventDefault();
      list[index + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index > 0 ? list[index - 1] : box).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      box.focus();
    }
  });
})();
