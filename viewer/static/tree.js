// The structure tree (WAI-ARIA disclosure pattern, with arrow keys as in a tree view).
//
// Without this file every toggle is a link to the tree opened at that node. With it, a toggle
// opens and closes its group in place; the first time a group opens, htmx fetches its children
// (the toggle's hx-get, fired by the custom "tree-load" event). The address keeps the last
// opened node (?open=slug), so reloading or sharing the page shows the same branch.
(function () {
  "use strict";

  function groupOf(toggle) {
    return document.getElementById(toggle.getAttribute("aria-controls"));
  }

  function slugOf(row) {
    return row.closest(".tree-item").id.replace(/^t-/, "");
  }

  function remember(slug) {
    var url = new URL(window.location.href);
    url.searchParams.set("open", slug);
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }

  function expand(toggle) {
    var group = groupOf(toggle);
    if (!group) { return; }
    if (!group.hasAttribute("data-loaded")) {
      if (!window.htmx) { window.location.href = toggle.href; return; }
      var loading = document.createElement("li");
      loading.className = "tree-loading";
      loading.textContent = "Loading…";
      group.replaceChildren(loading);
      group.setAttribute("aria-busy", "true");
      window.htmx.trigger(toggle, "tree-load");
    }
    toggle.setAttribute("aria-expanded", "true");
    group.hidden = false;
    remember(slugOf(toggle));
  }

  function collapse(toggle) {
    var group = groupOf(toggle);
    toggle.setAttribute("aria-expanded", "false");
    if (group) { group.hidden = true; }
  }

  function flip(toggle) {
    if (toggle.getAttribute("aria-expanded") === "true") { collapse(toggle); } else { expand(toggle); }
  }

  function enhance(root) {
    var toggles = root.querySelectorAll ? root.querySelectorAll("[data-tree-toggle]") : [];
    Array.prototype.forEach.call(toggles, function (toggle) { toggle.setAttribute("role", "button"); });
  }

  function visibleRows(tree) {
    return Array.prototype.filter.call(tree.querySelectorAll(".tree-row"), function (row) {
      return !row.closest("[hidden]") && !row.closest(".tree-more");
    });
  }

  function focusIn(row, onToggle) {
    var target = (onToggle && row.querySelector("[data-tree-toggle]")) || row.querySelector(".tree-link");
    if (target) { target.focus(); }
  }

  function parentRow(row) {
    var group = row.closest(".tree-item").parentElement.closest(".tree-item");
    return group ? group.querySelector(".tree-row") : null;
  }

  function onKey(event) {
    var row = event.target.closest && event.target.closest(".tree-row");
    if (!row || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tree = row.closest("[data-tree]");
    var rows = visibleRows(tree);
    var index = rows.indexOf(row);
    var onToggle = event.target.hasAttribute("data-tree-toggle");
    var toggle = row.querySelector("[data-tree-toggle]");
    var expanded = toggle && toggle.getAttribute("aria-expanded") === "true";
    var next = null;
    switch (event.key) {
      case "ArrowDown": next = rows[index + 1]; break;
      case "ArrowUp": next = rows[index - 1]; break;
      case "Home": next = rows[0]; break;
      case "End": next = rows[rows.length - 1]; break;
      case "ArrowRight":
        if (toggle && !expanded) { expand(toggle); } else if (expanded) { next = rows[index + 1]; }
        break;
      case "ArrowLeft":
        if (expanded) { collapse(toggle); } else { next = parentRow(row); }
        break;
      case " ":
        if (!onToggle) { return; }
        flip(toggle);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) { focusIn(next, onToggle); }
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (!toggle || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    event.preventDefault();
    flip(toggle);
  });

  document.addEventListener("keydown", onKey);

  document.addEventListener("htmx:afterSwap", function (event) {
    var group = event.detail && event.detail.target;
    if (group && group.classList && group.classList.contains("tree-group")) {
      group.setAttribute("data-loaded", "");
      group.removeAttribute("aria-busy");
    }
  });

  // A failed load falls back to the plain link, which shows the same branch as a page.
  function fallBack(event) {
    var toggle = event.detail.elt;
    if (toggle && toggle.hasAttribute && toggle.hasAttribute("data-tree-toggle")) {
      window.location.href = toggle.href;
    }
  }
  document.addEventListener("htmx:responseError", fallBack);
  document.addEventListener("htmx:sendError", fallBack);

  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var current = document.querySelector(".tree .is-current > .tree-row");
    if (current && !window.location.hash) { current.scrollIntoView({ block: "center" }); }
  });
})();
