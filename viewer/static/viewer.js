// Small page-wide helpers; the pages work without them.
(function () {
  "use strict";

  // "/" jumps to the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) { return; }
    var box = document.getElementById("q") || document.getElementById("site-q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Print buttons, and hints about what only works with this script, stay hidden without it.
  function showPrintButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-print], [data-needs-js]"), function (element) {
      element.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { showPrintButtons(document); });
  document.addEventListener("htmx:load", function (event) { showPrintButtons(event.target); });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
