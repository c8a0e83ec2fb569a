// pgstat4j dashboard: listens to /api/v1/stream (Server-Sent Events, one event per refresh
// interval) and shows totals, rates per second, the busiest tables and the collector's
// health. Charts are uPlot, served from the program's jar. Plain JavaScript, no build step.
"use strict";

const KEEP = 300; // points per chart: five minutes at one event per second
const fmtInt = new Intl.NumberFormat("en-US");
const fmtRate = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

const series = { t: [], ins: [], upd: [], del: [], scans: [], commits: [], rollbacks: [] };

function chart(el, lines) {
  const width = Math.max(300, el.clientWidth || 500);
  return new uPlot({
    width: width, height: 220,
    // a lone point would make uPlot stretch the time axis over years: show the last minute instead
    scales: { x: { time: true, range: (u, min, max) => (min === max || min === null ? [max - 60, max] : [min, max]) } },
    series: [{}].concat(lines.map(([label, stroke]) => ({ label, stroke, width: 2, points: { show: false } }))),
    axes: [{}, { size: 60 }],
  }, [[]].concat(lines.map(() => [])), el);
}

const tupleChart = chart(document.getElementById("chart-tuples"),
  [["inserted/s", "#2563eb"], ["updated/s", "#d97706"], ["deleted/s", "#dc2626"], ["scans/s", "#059669"]]);
const xactChart = chart(document.getElementById("chart-xacts"),
  [["commits/s", "#059669"], ["rollbacks/s", "#dc2626"]]);

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function count(v) {
  return v === null || v === undefined || v < 0 ? "n/a" : fmtInt.format(v);
}

function show(e) {
  text("database", e.database);
  for (const k of ["commits", "rollbacks", "inserted", "updated", "deleted", "scans"]) {
    text("total-" + k, fmtInt.format(e.totals[k]));
    text("rate-" + k, e.rates ? fmtRate.format(e.rates[k]) + " /s" : "–");
  }
  const h = e.health;
  text("health-received", count(h.received));
  text("health-applied", count(h.applied));
  text("health-rejected", count(h.rejected));
  text("health-sender-dropped", count(h.senderDropped));
  text("health-kernel-dropped", count(h.kernelDropped));
  text("health-restarts", count(h.collectorRestarts));
  text("health-file-writes", count(h.fileWrites));
  text("health-enabled", h.statisticsEnabled ? "enabled" : "DISABLED");
  document.getElementById("health-rejected").className = h.rejected > 0 ? "bad" : "";
  document.getElementById("health-sender-dropped").className = h.senderDropped > 0 ? "bad" : "";
  document.getElementById("health-kernel-dropped").className = h.kernelDropped > 0 ? "bad" : "";
  text("snapshot-age", e.snapshot_age_seconds === null ? "no snapshot"
    : fmtRate.format(e.snapshot_age_seconds) + " s" + (e.stale ? " (stale: collector not answering)" : ""));
  if (e.rates) {
    showTopTables(e.top_tables);
    plot(e);
  }
}

function showTopTables(tables) {
  const body = document.querySelector("#top-tables tbody");
  body.replaceChildren();
  if (tables.length === 0) {
    const tr = body.insertRow();
    const td = tr.insertCell();
    td.colSpan = 5;
    td.className = "muted";
    td.textContent = "no user tables";
    return;
  }
  for (const t of tables) {
    const tr = body.insertRow();
    tr.insertCell().textContent = t.schemaname + "." + t.relname;
    for (const k of ["inserted", "updated", "deleted", "scans"]) {
      tr.insertCell().textContent = fmtRate.format(t[k]);
    }
  }
}

function plot(e) {
  const r = e.rates;
  series.t.push(Date.now() / 1000);
  series.ins.push(r.inserted);
  series.upd.push(r.updated);
  series.del.push(r.deleted);
  series.scans.push(r.scans);
  series.commits.push(r.commits);
  series.rollbacks.push(r.rollbacks);
  for (const k in series) {
    if (series[k].length > KEEP) series[k].shift();
  }
  tupleChart.setData([series.t, series.ins, series.upd, series.del, series.scans]);
  xactChart.setData([series.t, series.commits, series.rollbacks]);
  document.getElementById("chart-tuples").dataset.points = String(series.t.length);
}

function connect() {
  const status = document.getElementById("status");
  const source = new EventSource("/api/v1/stream");
  source.onopen = () => { status.textContent = "live"; status.className = "status live"; };
  source.onerror = () => { status.textContent = "disconnected, retrying…"; status.className = "status down"; };
  source.onmessage = (m) => show(JSON.parse(m.data));
}

connect();
