/* The dashboard page: lists queries, and per query polls its progress and redraws the charts. */
"use strict";
(function () {
  var POLL_MS = Number(new URLSearchParams(location.search).get("refresh") || 1000);
  var KEEP = 1000, SHOW = 300;
  var app = document.getElementById("app");
  var state = { route: null, runId: null, progress: [], timer: null };

  function getJSON(url) {
    return fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); });
  }
  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function num(v) { return v === null || v === undefined ? "" : (Math.round(v * 10) / 10).toString(); }

  function queryRows(list) {
    if (!list.length) return "<p class='muted'>None.</p>";
    var rows = list.map(function (q) {
      return "<tr><td>" + esc(q.name || "") + "</td><td><a href='#/query/" + esc(q.runId) + "'>" + esc(q.id) +
        "</a></td><td>" + esc(q.runId) + "</td><td>" + esc(q.startTimestamp) + "</td><td>" +
        esc(q.active ? (q.status ? q.status.message : "") : (q.exception ? "FAILED" : "FINISHED")) + "</td><td>" +
        num(q.avgInputRowsPerSecond) + "</td><td>" + num(q.avgProcessedRowsPerSecond) + "</td><td>" +
        esc(q.lastBatchId) + "</td><td>" + esc(q.errorClassOnException || (q.exception ? "error" : "")) + "</td></tr>";
    });
    return "<table><tr><th>Name</th><th>ID</th><th>Run ID</th><th>Start Time</th><th>Status</th>" +
      "<th>Avg Input /sec</th><th>Avg Process /sec</th><th>Latest Batch</th><th>Error</th></tr>" + rows.join("") + "</table>";
  }

  function renderList() {
    return getJSON("/api/queries").then(function (data) {
      var active = data.queries.filter(function (q) { return q.active; });
      var done = data.queries.filter(function (q) { return !q.active; });
      app.innerHTML = "<h2>Active Streaming Queries (" + active.length + ")</h2>" + queryRows(active) +
        "<h2>Completed Streaming Queries (" + done.length + ")</h2>" + queryRows(done);
    });
  }

  function pick(f) { return state.progress.slice(-SHOW).map(f); }

  function drawCharts() {
    var C = RilletCharts, shown = state.progress.slice(-SHOW);
    var xs = shown.map(function (p) { return p.batchId; });
    function box(id) { return document.getElementById(id); }
    C.line(box("c-input-rate"), "Input Rate (rows/sec)", xs, [{ name: "input", values: pick(function (p) { return p.inputRowsPerSecond; }) }]);
    C.line(box("c-process-rate"), "Process Rate (rows/sec)", xs, [{ name: "process", values: pick(function (p) { return p.processedRowsPerSecond; }) }]);
    C.line(box("c-input-rows"), "Input Rows", xs, [{ name: "rows", values: pick(function (p) { return p.numInputRows; }) }]);
    C.line(box("c-batch-duration"), "Batch Duration (ms)", xs, [{ name: "batch", values: pick(function (p) { return p.batchDuration; }) }]);
    var ops = ["addBatch", "getBatch", "latestOffset", "queryPlanning", "walCommit", "commitOffsets"];
    C.line(box("c-operations"), "Operation Duration (ms)", xs, ops.map(function (k) {
      return { name: k, values: pick(function (p) { return (p.durationMs || {})[k]; }) };
    }));
    C.line(box("c-state-rows"), "Aggregated Number Of Total State Rows", xs, [{ name: "state rows", values: pick(function (p) {
      var ops = p.stateOperators || [];
      return ops.length ? ops.reduce(function (a, o) { return a + o.numRowsTotal; }, 0) : null;
    }) }]);
    C.line(box("c-watermark"), "Global Watermark", xs, [{ name: "watermark", values: pick(function (p) {
      return p.eventTime && p.eventTime.watermark ? Date.parse(p.eventTime.watermark) : null;
    }) }], { yTime: true });
  }

  function renderQueryShell(runId) {
    app.innerHTML = "<p><a href='#/'>&larr; all queries</a></p><div id='q-head'></div>" +
      "<div class='charts'>" + ["c-input-rate", "c-process-rate", "c-input-rows", "c-batch-duration",
        "c-operations", "c-state-rows", "c-watermark"].map(function (id) { return "<div id='" + id + "' class='chart'></div>"; }).join("") +
      "</div><h2>Last Exception</h2><div id='q-error' class='muted'>None.</div>" +
      "<h2>Last Progress</h2><pre id='q-progress' class='plan'></pre><h2>Plan</h2><pre id='q-plan' class='plan'></pre>";
    state.progress = [];
    app.removeAttribute("data-updates");
    drawCharts();
  }

  function pollQuery(runId) {
    var since = state.progress.length ? state.progress[state.progress.length - 1].batchId : -1;
    return Promise.all([
      getJSON("/api/queries/" + encodeURIComponent(runId)),
      getJSON("/api/queries/" + encodeURIComponent(runId) + "/progress?since=" + since + (since >= 0 ? "&wait=5" : ""))
    ]).then(function (r) {
      if (state.runId !== runId) return;
      var q = r[0];
      if (q.error) { app.innerHTML = "<p class='error'>" + esc(q.error) + "</p>"; return; }
      var fresh = r[1].progress || [];
      state.progress = state.progress.concat(fresh).slice(-KEEP);
      if (fresh.length) {  /* how many polls brought new batches: lets a test see the charts update */
        app.setAttribute("data-updates", String(Number(app.getAttribute("data-updates") || 0) + 1));
        app.setAttribute("data-last-batch", String(fresh[fresh.length - 1].batchId));
      }
      document.getElementById("q-head").innerHTML = "<h2>Streaming Query " + esc(q.name || q.id) + "</h2><table>" +
        "<tr><th>ID</th><td>" + esc(q.id) + "</td></tr><tr><th>Run ID</th><td>" + esc(q.runId) + "</td></tr>" +
        "<tr><th>Started</th><td>" + esc(q.startTimestamp) + "</td></tr><tr><th>Status</th><td id='q-status'>" +
        esc(q.active ? (q.status ? q.status.message : "active") : (q.exception ? "FAILED" : "FINISHED")) + "</td></tr>" +
        "<tr><th>Completed Batches</th><td>" + esc(q.lastBatchId === null ? 0 : q.lastBatchId + 1) + "</td></tr></table>";
      var err = document.getElementById("q-error");
      if (q.exception) { err.className = "error"; err.textContent = (q.errorClassOnException ? "[" + q.errorClassOnException + "] " : "") + q.exception; }
      document.getElementById("q-plan").textContent = q.plan || "";
      document.getElementById("q-progress").textContent = q.lastProgress ? JSON.stringify(q.lastProgress, null, 2) : "None.";
      drawCharts();
    });
  }

  function route() {
    clearTimeout(state.timer);
    var m = location.hash.match(/^#\/query\/([^/]+)/);
    var token = {};
    state.token = token;
    /* one request chain at a time: the next poll is scheduled when the previous one is done */
    function loop(poll) {
      var again = function () { if (state.token === token) state.timer = setTimeout(function () { loop(poll); }, POLL_MS); };
      poll().then(again, again);
    }
    if (m) {
      state.runId = decodeURIComponent(m[1]);
      renderQueryShell(state.runId);
      loop(function () { return pollQuery(state.runId); });
    } else {
      state.runId = null;
      loop(renderList);
    }
  }

  window.addEventListener("hashchange", route);
  route();
})();
