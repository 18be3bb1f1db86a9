// Search: arrow keys move from the box into the results and through them; Escape returns.
// Typing, debouncing and history are htmx's job (see search.html); this file keeps the box in
// step with the address: htmx's history snapshot holds the markup, not what was typed, so the
// box's value is written into the snapshot and set again from `?q=` on Back and Forward.
(function () {
  "use strict";

  function queryOf(href) {
    return new URL(href, window.location.href).searchParams.get("q") || "";
  }

  function restoreBox() {
    var box = document.getElementById("q");
    if (box && window.location.pathname.slice(-7) === "/search") { box.value = queryOf(window.location.href); }
  }

  document.addEventListener("htmx:beforeHistorySave", function () {
    var box = document.getElementById("q");
    if (box) { box.setAttribute("value", box.value); }
  });
  document.addEventListener("htmx:historyRestore", restoreBox);
  window.addEventListener("popstate", function () { setTimeout(restoreBox, 0); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) { restoreBox(); } });

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
