/* Small dependency-free SVG line charts for the dashboard. */
"use strict";
var RilletCharts = (function () {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];
  var W = 440, H = 180, L = 70, R = 8, T = 8, B = 22;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function fmtNumber(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e4) return (v / 1e3).toFixed(1) + "k";
    if (a >= 100 || v === Math.round(v)) return String(Math.round(v));
    return v.toFixed(2);
  }

  /* UTC time of day; with milliseconds when the axis spans less than a minute */
  function fmtTime(ms, span) {
    var d = new Date(ms);
    function p(n) { return (n < 10 ? "0" : "") + n; }
    var text = p(d.getUTCHours()) + ":" + p(d.getUTCMinutes()) + ":" + p(d.getUTCSeconds());
    return span !== undefined && span < 60000 ? text + "." + String(1000 + d.getUTCMilliseconds()).slice(1) : text;
  }

  /* Draw series [{name, values}] against xs (batch ids) into container `box`.
     options: {title, yTime: bool}. The svg carries data-points = number of plotted points. */
  function line(box, title, xs, series, options) {
    options = options || {};
    box.innerHTML = "";
    box.className = "chart";
    var h = document.createElement("h3");
    h.textContent = title;
    box.appendChild(h);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none" }, box);
    var ys = [];
    series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && isFinite(v)) ys.push(v); }); });
    var n = xs.length;
    svg.setAttribute("data-points", String(ys.length));
    svg.setAttribute("data-chart", title);
    var ymin = ys.length ? Math.min.apply(null, ys) : 0, ymax = ys.length ? Math.max.apply(null, ys) : 1;
    if (!options.yTime) ymin = Math.min(0, ymin);
    if (ymax === ymin) ymax = ymin + 1;
    var xmin = n ? xs[0] : 0, xmax = n ? xs[n - 1] : 1;
    if (xmax === xmin) xmax = xmin + 1;
    function X(x) { return L + (x - xmin) / (xmax - xmin) * (W - L - R); }
    function Y(y) { return T + (1 - (y - ymin) / (ymax - ymin)) * (H - T - B); }
    for (var i = 0; i <= 4; i++) {
      var yv = ymin + (ymax - ymin) * i / 4, yp = Y(yv);
      el("line", { x1: L, x2: W - R, y1: yp, y2: yp, "class": "grid" }, svg);
      if (ys.length) el("text", { x: L - 4, y: yp + 3, "text-anchor": "end" }, svg).textContent = options.yTime ? fmtTime(yv, ymax - ymin) : fmtNumber(yv);
    }
    el("line", { x1: L, x2: L, y1: T, y2: H - B, "class": "axis" }, svg);
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, "class": "axis" }, svg);
    if (!ys.length) el("text", { x: (L + W - R) / 2, y: (T + H - B) / 2, "text-anchor": "middle" }, svg).textContent = "no data";
    el("text", { x: L, y: H - 6 }, svg).textContent = n ? "batch " + xmin : "no batches yet";
    if (n) el("text", { x: W - R, y: H - 6, "text-anchor": "end" }, svg).textContent = "batch " + xs[n - 1];
    series.forEach(function (s, si) {
      var color = COLORS[si % COLORS.length], pts = [];
      s.values.forEach(function (v, j) { if (v !== null && isFinite(v)) pts.push(X(xs[j]).toFixed(1) + "," + Y(v).toFixed(1)); });
      if (pts.length) el("polyline", { points: pts.join(" "), "class": "line", stroke: color }, svg);
      if (pts.length <= 120) pts.forEach(function (p) {
        var xy = p.split(",");
        el("circle", { cx: xy[0], cy: xy[1], r: 2, fill: color, "class": "point" }, svg);
      });
    });
    if (series.length > 1) {
      var legend = document.createElement("div");
      legend.className = "legend";
      series.forEach(function (s, si) {
        var span = document.createElement("span");
        var swatch = document.createElement("i");
        swatch.style.background = COLORS[si % COLORS.length];
        span.appendChild(swatch);
        span.appendChild(document.createTextNode(s.name));
        legend.appendChild(span);
      });
      box.appendChild(legend);
    }
  }

  return { line: line, fmtTime: fmtTime };
})();
