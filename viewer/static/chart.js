// Org chart: zoom, pan and fit; keep the focused box and the search matches in view; PNG export.
//
// Without this file the chart is a plain SVG scaled to the page's width, its buttons plain
// links. With it, the wide drawing gets a viewport: everything sits in <g class="chart-pan">,
// whose transform this script sets (an attribute, so the strict CSP holds; print.css resets it).
// Coordinates: the SVG keeps its viewBox (the whole chart, scaled to "meet" the viewport);
// the pan group maps chart units p to viewBox units u = k * p + t.
(function () {
  "use strict";

  var MIN = 0.2;
  var MAX = 4;
  var views = [];

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function View(canvas) {
    this.canvas = canvas;
    this.svg = canvas.querySelector("svg");
    this.pan = this.svg.querySelector(".chart-pan");
    var box = this.svg.viewBox.baseVal;
    this.fw = box.width;
    this.fh = box.height;
    this.k = 1; this.tx = 0; this.ty = 0;
    this.resize();
    this.fitWidth();
  }

  View.prototype.resize = function () {
    var width = Math.max(200, this.canvas.clientWidth);
    var natural = this.fh * Math.min(1, width / this.fw);
    var height = Math.min(natural, Math.max(360, window.innerHeight - 180));
    this.w = width; this.h = height;
    // CSSOM, not a style attribute: allowed under the strict CSP.
    this.svg.style.width = width + "px";
    this.svg.style.height = Math.round(height) + "px";
    this.m = Math.min(width / this.fw, height / this.fh);
    this.ox = (width - this.fw * this.m) / 2;
    this.oy = (height - this.fh * this.m) / 2;
  };

  View.prototype.apply = function () {
    this.pan.setAttribute("transform", "translate(" + this.tx.toFixed(2) + " " + this.ty.toFixed(2) + ") scale(" + this.k.toFixed(4) + ")");
    this.canvas.classList.toggle("is-zoomed", Math.abs(this.k - 1) > 0.001 || Math.abs(this.tx) > 0.5 || Math.abs(this.ty) > 0.5);
  };

  // The whole chart in the viewport.
  View.prototype.fit = function () { this.k = 1; this.tx = 0; this.ty = 0; this.apply(); };

  // The chart's width fills the viewport, top first (at most 1:1, as without JavaScript).
  View.prototype.fitWidth = function () {
    this.k = Math.min(1, this.w / this.fw) / this.m;
    this.tx = -this.ox / this.m;
    this.ty = -this.oy / this.m;
    this.apply();
  };

  // Zoom by `factor` around the viewport point (sx, sy), which stays where it is.
  View.prototype.zoom = function (factor, sx, sy) {
    var k = clamp(this.k * factor, MIN / this.m, MAX / this.m);
    var ux = (sx - this.ox) / this.m;
    var uy = (sy - this.oy) / this.m;
    var f = k / this.k;
    this.tx = ux - f * (ux - this.tx);
    this.ty = uy - f * (uy - this.ty);
    this.k = k;
    this.apply();
  };

  View.prototype.move = function (dx, dy) {
    this.tx += dx / this.m;
    this.ty += dy / this.m;
    this.apply();
  };

  // Where the chart rectangle `r` (chart units) lands in the viewport, in pixels.
  View.prototype.onScreen = function (r) {
    var s = this.m * this.k;
    return {
      x: this.m * this.tx + this.ox + s * r.x,
      y: this.m * this.ty + this.oy + s * r.y,
      w: s * r.width,
      h: s * r.height
    };
  };

  // Bring `element` (in the chart) to the middle of the viewport, readable (at least 1:1).
  View.prototype.centre = function (element, readable) {
    var r = element.getBBox();
    if (readable) { this.k = Math.max(this.k, 1 / this.m); }
    var s = this.m * this.k;
    this.tx = (this.w / 2 - this.ox - s * (r.x + r.width / 2)) / this.m;
    this.ty = (this.h / 2 - this.oy - s * (r.y + r.height / 2)) / this.m;
    this.apply();
  };

  // Keep a focused element inside the viewport (WCAG 2.4.11: focus not hidden).
  View.prototype.reveal = function (element) {
    var p = this.onScreen(element.getBBox());
    if (p.x < 0 || p.y < 0 || p.x + p.w > this.w || p.y + p.h > this.h) { this.centre(element, false); }
  };

  function viewOf(element) {
    for (var i = 0; i < views.length; i++) {
      if (views[i].canvas.contains(element) || views[i].area.contains(element)) { return views[i]; }
    }
    return null;
  }

  function setUp(area) {
    var canvas = area.querySelector("[data-chart-canvas]");
    if (!canvas || canvas.offsetParent === null) { return; }  // phones: the narrow drawing
    if (canvas.chartView) { return; }
    views = views.filter(function (view) { return document.body.contains(view.canvas); });
    var view = new View(canvas);
    view.area = area;
    view.matchIndex = 0;
    views.push(view);
    canvas.chartView = view;
    canvas.classList.add("is-zoomable");
    canvas.setAttribute("tabindex", "0");
    canvas.setAttribute("role", "group");
    canvas.setAttribute("aria-label", "Chart viewport: arrow keys pan, + and - zoom, 0 fits the chart");
    var tools = area.querySelector("[data-chart-tools]");
    if (tools) { tools.hidden = false; }
    var matches = canvas.querySelectorAll(".is-match");
    var status = document.getElementById("chart-status");
    if (matches.length) {
      view.centre(matches[0], true);
      if (status) { status.textContent = matches.length + (matches.length === 1 ? " box matches" : " boxes match") + "; showing the first."; }
    } else if (status && area.getAttribute("data-find")) {
      status.textContent = "No box in this chart matches.";
    }
    return view;
  }

  function onButton(event) {
    var button = event.target.closest && event.target.closest("[data-zoom]");
    if (!button) { return; }
    var view = viewOf(button);
    if (!view) { return; }
    var action = button.getAttribute("data-zoom");
    if (action === "in") { view.zoom(1.25, view.w / 2, view.h / 2); }
    if (action === "out") { view.zoom(0.8, view.w / 2, view.h / 2); }
    if (action === "fit") { view.fit(); }
    if (action === "width") { view.fitWidth(); }
    if (action === "next") {
      var matches = view.canvas.querySelectorAll(".is-match");
      if (!matches.length) { return; }
      view.matchIndex = (view.matchIndex + 1) % matches.length;
      view.centre(matches[view.matchIndex], true);
      var status = document.getElementById("chart-status");
      if (status) { status.textContent = "Match " + (view.matchIndex + 1) + " of " + matches.length + "."; }
    }
  }

  function onKey(event) {
    var view = event.target.hasAttribute && event.target.hasAttribute("data-chart-canvas") ? viewOf(event.target) : null;
    if (!view || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var step = 60;
    switch (event.key) {
      case "ArrowLeft": view.move(step, 0); break;
      case "ArrowRight": view.move(-step, 0); break;
      case "ArrowUp": view.move(0, step); break;
      case "ArrowDown": view.move(0, -step); break;
      case "+": case "=": view.zoom(1.25, view.w / 2, view.h / 2); break;
      case "-": view.zoom(0.8, view.w / 2, view.h / 2); break;
      case "0": view.fit(); break;
      default: return;
    }
    event.preventDefault();
  }

  // Dragging pans; a drag that started on a link does not follow it.
  var drag = null;
  function onDown(event) {
    if (event.button !== 0) { return; }
    var canvas = event.target.closest && event.target.closest("[data-chart-canvas]");
    var view = canvas && viewOf(canvas);
    if (!view) { return; }
    drag = { view: view, x: event.clientX, y: event.clientY, moved: false, id: event.pointerId };
  }
  function onMove(event) {
    if (!drag || event.pointerId !== drag.id) { return; }
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) { return; }
    if (!drag.moved) { drag.view.canvas.setPointerCapture(event.pointerId); drag.view.canvas.classList.add("is-dragging"); }
    drag.moved = true;
    drag.x = event.clientX; drag.y = event.clientY;
    drag.view.move(dx, dy);
  }
  function onUp() {
    if (!drag) { return; }
    drag.view.canvas.classList.remove("is-dragging");
    var moved = drag.moved;
    setTimeout(function () { if (drag && drag.moved === moved) { drag = null; } }, 0);
    if (!moved) { drag = null; }
  }
  function onClick(event) {
    if (drag && drag.moved) { event.preventDefault(); event.stopPropagation(); drag = null; }
  }

  function onWheel(event) {
    if (!event.ctrlKey && !event.metaKey) { return; }
    var canvas = event.target.closest && event.target.closest("[data-chart-canvas]");
    var view = canvas && viewOf(canvas);
    if (!view) { return; }
    event.preventDefault();
    var rect = view.svg.getBoundingClientRect();
    view.zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - rect.left, event.clientY - rect.top);
  }

  function onFocus(event) {
    var link = event.target.closest && event.target.closest("[data-chart-canvas] a");
    var view = link && viewOf(link);
    if (view) { view.reveal(link); }
  }

  // PNG: the SVG download drawn on a canvas at twice its size.
  function png(button) {
    var request = new XMLHttpRequest();
    request.open("GET", button.getAttribute("data-chart-png"));
    request.onload = function () {
      if (request.status !== 200) { return; }
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth * 2;
        canvas.height = image.naturalHeight * 2;
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        var link = document.createElement("a");
        link.href = canvas.toDataURL("image/png");
        link.download = button.getAttribute("data-filename");
        document.body.appendChild(link);
        link.click();
        link.remove();
      };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(request.responseText);
    };
    request.send();
  }

  function showButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-chart-png]"), function (button) { button.hidden = false; });
  }

  function setUpAll(root) {
    var areas = root.matches && root.matches("[data-chart]") ? [root] : root.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(areas, setUp);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-chart-png]");
    if (button) { png(button); return; }
    onButton(event);
  });
  document.addEventListener("click", onClick, true);
  document.addEventListener("keydown", onKey);
  document.addEventListener("pointerdown", onDown);
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onUp);
  document.addEventListener("pointercancel", onUp);
  document.addEventListener("wheel", onWheel, { passive: false });
  document.addEventListener("focusin", onFocus);

  // After a button swapped the chart in place, focus returns to the same button.
  var lastToggle = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    lastToggle = elt && elt.getAttribute && elt.getAttribute("data-toggle");
  });
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt ? event.detail.elt : event.target;
    if (!root.querySelectorAll) { return; }
    showButtons(root);
    setUpAll(root);
    if (lastToggle && root.matches && root.matches("[data-chart]")) {
      var again = root.querySelector('[data-chart-canvas] [data-toggle="' + lastToggle + '"]');
      var view = again && viewOf(again);
      if (again) { again.focus(); if (view) { view.centre(again.closest(".node"), false); } }
      lastToggle = null;
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    showButtons(document);
    setUpAll(document);
    // Opened with ?find= (a shared link, or the form without htmx): show the first match.
    var match = document.querySelector("[data-chart-canvas].is-zoomable .is-match");
    if (match) { match.closest("[data-chart-canvas]").scrollIntoView({ block: "nearest" }); }
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      views.forEach(function (view) { view.canvas.chartView = null; });
      views = [];
      setUpAll(document);
    }, 200);
  });
})();
