// The structure tree as a WAI-ARIA treeview (APG "Navigation Treeview" pattern).
//
// The server sends nested lists of links (tree.html), which work without this file. Here they
// become a tree: the list gets role=tree, each name link becomes a treeitem (aria-expanded,
// aria-owns its group), nested lists become groups, and the tree is one Tab stop with a roving
// tabindex. Keys: Up/Down, Right (open, then first child), Left (close, then parent), Home/End,
// `*` (open every sibling branch), type-ahead, Enter/Space (open the page). The first opening
// of a branch fetches its children through htmx (the toggle's hx-get, fired by "tree-load").
// The address keeps the last opened node (?open=slug); history.state keeps every open branch,
// so Back to the tree shows all of them again.
(function () {
  "use strict";

  var typed = "";
  var typedAt = 0;
  var pending = [];

  function itemOf(element) { return element.closest(".tree-item"); }
  function treeitemOf(item) { return item.querySelector(":scope > .tree-row > .tree-link"); }
  function toggleOf(item) { return item.querySelector(":scope > .tree-row > [data-tree-toggle]"); }
  function groupOf(item) { return document.getElementById("g-" + item.getAttribute("data-slug")); }
  function isOpen(item) { return item.classList.contains("is-open"); }

  function enhanceItem(item) {
    if (item.hasAttribute("data-enhanced")) { return; }
    item.setAttribute("data-enhanced", "");
    item.setAttribute("role", "none");
    var row = item.querySelector(":scope > .tree-row");
    if (row) { row.setAttribute("role", "none"); }
    var link = treeitemOf(item);
    if (!link) { return; }
    link.setAttribute("role", "treeitem");
    link.setAttribute("tabindex", "-1");
    var toggle = toggleOf(item);
    var group = groupOf(item);
    if (toggle && group) {
      // The chevron becomes a mouse target only; the treeitem carries the state.
      toggle.setAttribute("data-href", toggle.getAttribute("href"));
      toggle.removeAttribute("href");
      toggle.removeAttribute("aria-expanded");
      toggle.setAttribute("aria-hidden", "true");
      group.setAttribute("role", "group");
      link.setAttribute("aria-owns", group.id);
      link.setAttribute("aria-expanded", isOpen(item) ? "true" : "false");
    }
  }

  function enhance(root) {
    var tree = root.closest ? root.closest("[data-tree]") : null;
    var trees = tree ? [tree] : (root.querySelectorAll ? root.querySelectorAll("[data-tree]") : []);
    Array.prototype.forEach.call(trees, function (element) {
      element.setAttribute("role", "tree");
      Array.prototype.forEach.call(element.querySelectorAll(".tree-item"), enhanceItem);
      roving(element);
    });
  }

  // Exactly one treeitem is in the Tab order: the focused one, else the current, else the first.
  function roving(tree, focused) {
    var items = tree.querySelectorAll("[role=treeitem]");
    var chosen = focused || tree.querySelector("[role=treeitem][tabindex='0']");
    if (!chosen || chosen.closest("[hidden]")) {
      chosen = tree.querySelector("[role=treeitem][aria-current]") || items[0];
      if (chosen && chosen.closest("[hidden]")) { chosen = items[0]; }
    }
    Array.prototype.forEach.call(items, function (item) {
      item.setAttribute("tabindex", item === chosen ? "0" : "-1");
    });
  }

  function focusItem(link) {
    var tree = link.closest("[data-tree]");
    roving(tree, link);
    link.focus();
  }

  function visible(tree) {
    return Array.prototype.filter.call(tree.querySelectorAll("[role=treeitem]"), function (link) {
      return !link.closest("[hidden]");
    });
  }

  function openSlugs() {
    return Array.prototype.map.call(document.querySelectorAll("[data-tree] .tree-item.is-open"), function (item) {
      return item.getAttribute("data-slug");
    });
  }

  function remember(slug) {
    var url = new URL(window.location.href);
    if (slug) { url.searchParams.set("open", slug); }
    url.hash = "";
    var state = Object.assign({}, window.history.state || {}, { treeOpen: openSlugs() });
    window.history.replaceState(state, "", url.pathname + url.search);
  }

  function expand(item, quiet) {
    var group = groupOf(item);
    var toggle = toggleOf(item);
    if (!group || !toggle || isOpen(item)) { return; }
    if (!group.hasAttribute("data-loaded")) {
      if (!window.htmx) { window.location.href = toggle.getAttribute("data-href"); return; }
      var loading = document.createElement("li");
      loading.className = "tree-loading";
      loading.setAttribute("role", "none");
      loading.textContent = "Loading…";
      group.replaceChildren(loading);
      group.setAttribute("aria-busy", "true");
      window.htmx.trigger(toggle, "tree-load");
    }
    item.classList.add("is-open");
    treeitemOf(item).setAttribute("aria-expanded", "true");
    group.hidden = false;
    if (!quiet) { remember(item.getAttribute("data-slug")); }
  }

  function collapse(item) {
    var group = groupOf(item);
    if (!group) { return; }
    item.classList.remove("is-open");
    treeitemOf(item).setAttribute("aria-expanded", "false");
    group.hidden = true;
    var tree = item.closest("[data-tree]");
    if (tree.contains(document.activeElement) && group.contains(document.activeElement)) { focusItem(treeitemOf(item)); }
    remember(null);
  }

  function parentItem(item) {
    var group = item.parentElement.closest(".tree-item");
    return group || null;
  }

  function nameOf(link) {
    var name = link.querySelector(".tree-name");
    return (name ? name.textContent : link.textContent).trim().toLowerCase();
  }

  // Type-ahead: the next visible item whose name starts with what was typed in the last 0.5 s.
  function typeAhead(tree, link, key) {
    var now = Date.now();
    typed = now - typedAt > 500 ? key.toLowerCase() : typed + key.toLowerCase();
    typedAt = now;
    var items = visible(tree);
    var start = items.indexOf(link) + (typed.length === 1 ? 1 : 0);
    for (var i = 0; i < items.length; i++) {
      var candidate = items[(start + i) % items.length];
      if (nameOf(candidate).indexOf(typed) === 0) { focusItem(candidate); return; }
    }
  }

  function onKey(event) {
    var link = event.target;
    if (!link.getAttribute || link.getAttribute("role") !== "treeitem") { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tree = link.closest("[data-tree]");
    var item = itemOf(link);
    var items = visible(tree);
    var index = items.indexOf(link);
    var expandable = link.hasAttribute("aria-expanded");
    var next = null;
    switch (event.key) {
      case "ArrowDown": next = items[index + 1]; break;
      case "ArrowUp": next = items[index - 1]; break;
      case "Home": next = items[0]; break;
      case "End": next = items[items.length - 1]; break;
      case "ArrowRight":
        if (expandable && !isOpen(item)) { expand(item); } else if (expandable) {
          var first = groupOf(item).querySelector("[role=treeitem]");
          if (first) { next = first; }
        }
        break;
      case "ArrowLeft":
        if (expandable && isOpen(item)) { collapse(item); } else {
          var parent = parentItem(item);
          if (parent) { next = treeitemOf(parent); }
        }
        break;
      case " ":
        link.click();
        break;
      case "*":
        Array.prototype.forEach.call(item.parentElement.children, function (sibling) {
          if (sibling.classList.contains("tree-item")) { expand(sibling, true); }
        });
        remember(null);
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) { typeAhead(tree, link, event.key); break; }
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (next) { focusItem(next); }
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-tree] [data-tree-toggle]");
    if (!toggle || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    var item = itemOf(toggle);
    if (!item.closest("[role=tree]")) { return; }  // not enhanced: the link does the work
    event.preventDefault();
    if (isOpen(item)) { collapse(item); } else { expand(item); }
    focusItem(treeitemOf(item));
  });

  document.addEventListener("keydown", onKey);

  // Keep the one Tab stop on the item last focused by mouse or keys.
  document.addEventListener("focusin", function (event) {
    var link = event.target;
    if (link.getAttribute && link.getAttribute("role") === "treeitem") { roving(link.closest("[data-tree]"), link); }
  });

  // Re-open the branches history.state remembers, parents first, each after its parent loads.
  function drain() {
    var left = [];
    pending.forEach(function (slug) {
      var item = document.getElementById("t-" + slug);
      if (!item) { left.push(slug); return; }
      if (!isOpen(item)) { expand(item, true); }
    });
    pending = left;
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var group = event.detail && event.detail.target;
    if (group && group.classList && group.classList.contains("tree-group")) {
      group.setAttribute("data-loaded", "");
      group.removeAttribute("aria-busy");
      enhance(group);
      if (pending.length) { drain(); }
    }
  });

  // A failed load falls back to the plain link, which shows the same branch as a page.
  function fallBack(event) {
    var toggle = event.detail.elt;
    if (toggle && toggle.hasAttribute && toggle.hasAttribute("data-tree-toggle")) {
      window.location.href = toggle.getAttribute("data-href") || toggle.getAttribute("href");
    }
  }
  document.addEventListener("htmx:responseError", fallBack);
  document.addEventListener("htmx:sendError", fallBack);

  function start() {
    if (!document.querySelector("[data-tree]")) { return; }
    enhance(document);
    var state = window.history.state;
    if (state && state.treeOpen && state.treeOpen.length) {
      pending = state.treeOpen.slice();
      drain();
    }
    var current = document.querySelector(".tree .is-current > .tree-row");
    if (current && !window.location.hash) { current.scrollIntoView({ block: "center" }); }
  }
  document.addEventListener("DOMContentLoaded", start);
})();
