// The reports page: choose a range and a grouping, read /api/v1/reports, and draw each metric
// as an SVG chart with axes, a legend and the same numbers as a table underneath. Charts are
// drawn at the width they get and drawn again when that width changes (laptop, phone).
"use strict";

(() => {
  const { el, svg, api, format, announce, reportFailure } = window.ZaednoAdmin;
  const $ = (id) => document.getElementById(id);

  const TEXT = Object.freeze({
    range: "{from} to {to}, by {period}",
    loading: "Loading the report…",
    fromAfterTo: "The start date must not be after the end date.",
    datesMissing: "Choose both dates.",
    drawn: "Report drawn: {count} {period}s.",
    table: "The numbers as a table",
    period: "Period",
    total: "Total",
    noData: "Nothing was counted in this range.",
    notAdditive: "People reached cannot be added up across periods (a person writing in two periods counts in both); the total is the busiest period.",
    seconds: "{n} s",
    minutes: "{m} min {s} s",
    hours: "{h} h {m} min",
    none: "—",
  });

  const PERIOD_WORDS = { day: "day", week: "week", month: "month" };
  const languageNames = typeof Intl.DisplayNames === "function"
    ? new Intl.DisplayNames(["en"], { type: "language" }) : null;

  // ---- dates (the browser's local calendar) ----

  function isoDate(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function presetRange(preset) {
    const today = new Date();
    today.setHours(12, 0, 0, 0);
    const from = new Date(today);
    if (preset === "weeks") {
      const sinceMonday = (today.getDay() + 6) % 7;
      from.setDate(today.getDate() - sinceMonday - 7 * 11);
      return { from: isoDate(from), to: isoDate(today), period: "week" };
    }
    if (preset === "months") {
      from.setDate(1);
      from.setMonth(today.getMonth() - 11);
      return { from: isoDate(from), to: isoDate(today), period: "month" };
    }
    from.setDate(today.getDate() - 29);
    return { from: isoDate(from), to: isoDate(today), period: "day" };
  }

  // ---- numbers ----

  function waitText(seconds) {
    if (seconds === null || seconds === undefined) return TEXT.none;
    if (seconds < 60) return format(TEXT.seconds, { n: seconds });
    if (seconds < 3600) return format(TEXT.minutes, { m: Math.floor(seconds / 60), s: seconds % 60 });
    return format(TEXT.hours, { h: Math.floor(seconds / 3600), m: Math.floor((seconds % 3600) / 60) });
  }

  /** Axis ticks of waiting times: seconds, whole minutes or hours. */
  function waitTick(seconds) {
    if (seconds < 60) return format(TEXT.seconds, { n: seconds });
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(seconds % 3600 ? 1 : 0)} h`;
  }

  function countText(n) {
    return n === null || n === undefined ? TEXT.none : Number(n).toLocaleString("en-GB");
  }

  /** A round axis maximum and step: 1, 2 or 5 times a power of ten, four or five steps. */
  function axisScale(max, wholeNumbers) {
    if (!(max > 0)) return { top: wholeNumbers ? 4 : 1, step: wholeNumbers ? 1 : 0.25 };
    const rough = max / 4;
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
    if (wholeNumbers) step = Math.max(1, Math.round(step));
    return { top: Math.ceil(max / step) * step, step };
  }

  /** Axis steps for waiting times (seconds) that read as round minutes or hours. */
  function timeScale(max) {
    const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
    const rough = max / 4;
    const step = steps.find((s) => s >= rough) || Math.ceil(rough / 86400) * 86400;
    return { top: Math.max(step, Math.ceil(max / step) * step), step };
  }

  function shortLabel(period, grouping) {
    if (grouping === "month") return period.label;
    return period.label.slice(5);  // "11-03" for days, "W45" for weeks
  }

  function keyLabel(breakdown, item) {
    if (breakdown === "language" && item.key && languageNames) {
      try { return languageNames.of(item.key) || item.label; } catch { return item.label; }
    }
    return item.label;
  }

  // ---- the report's parts ----

  function findSeries(report, id) {
    return report.series.find((s) => s.id === id);
  }

  function breakdown(report, id, by) {
    const s = findSeries(report, id);
    const b = s && s.breakdowns.find((x) => x.by === by);
    return b ? b.items : [];
  }

  // ---- one chart ----

  let chartCount = 0;

  /**
   * A card with the chart, its legend and its table. kind: "bars" (side by side), "stacked"
   * or "lines". Each series: { key, label, values } with a value per period (null = none).
   */
  function chartCard({ id, title, note, kind, series, report, valueText = countText, tickText = countText, total = true }) {
    const periods = report.periods;
    const card = el("section", { class: "card report-chart", id: "chart-" + id, "data-chart": id });
    card.append(el("h2", { text: title }));
    if (note) card.append(el("p", { class: "hint", text: note }));
    if (series.length === 0) {
      card.append(el("p", { class: "muted", text: TEXT.noData }));
      card.draw = () => {};
      return card;
    }
    const holder = el("div", { class: "chart-holder" });
    card.append(holder);
    if (series.length > 1 || kind === "stacked") {
      card.append(el("ul", { class: "chart-legend", "aria-label": "Legend" },
        series.map((s, i) => el("li", {}, el("span", { class: "swatch s" + (i % 8), "aria-hidden": "true" }), s.label))));
    }
    card.append(dataTable(title, series, periods, valueText, total));
    card.draw = () => holder.replaceChildren(drawChart({ id, title, kind, series, periods, grouping: report.period, valueText, tickText, width: holder.clientWidth }));
    return card;
  }

  function drawChart({ id, title, kind, series, periods, grouping, valueText, tickText, width }) {
    const n = periods.length;
    const narrow = width < 520;
    const w = Math.max(260, Math.floor(width));
    const h = narrow ? 200 : 240;
    const margin = { top: 12, right: 10, bottom: 30, left: narrow ? 40 : 52 };
    const plotW = w - margin.left - margin.right;
    const plotH = h - margin.top - margin.bottom;
    const seen = [];
    for (let p = 0; p < n; p += 1) {
      if (kind === "stacked") seen.push(series.reduce((sum, s) => sum + (s.values[p] || 0), 0));
      else for (const s of series) if (s.values[p] !== null) seen.push(s.values[p]);
    }
    const { top, step } = kind === "lines" ? timeScale(Math.max(0, ...seen)) : axisScale(Math.max(0, ...seen), true);
    const y = (v) => margin.top + plotH - (v / top) * plotH;
    const band = plotW / n;
    const x = (p) => margin.left + p * band;

    chartCount += 1;
    const titleId = `svg-${id}-${chartCount}-title`;
    const descId = `svg-${id}-${chartCount}-desc`;
    const totals = series.map((s) => `${s.label}: ${s.values.filter((v) => v !== null).length ? valueText(kind === "lines" ? Math.max(...s.values.filter((v) => v !== null)) : s.values.reduce((a, v) => a + (v || 0), 0)) : TEXT.none}`);
    const root = svg("svg", {
      class: "chart", width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img",
      "aria-labelledby": `${titleId} ${descId}`, "data-kind": kind,
    },
    svg("title", { id: titleId, text: title }),
    svg("desc", { id: descId, text: `${periods[0].label} to ${periods[n - 1].label}. ${totals.join("; ")}.` }));

    const axis = svg("g", { class: "axis", "aria-hidden": "true" });
    for (let v = 0; v <= top + step / 2; v += step) {
      const yy = y(v);
      axis.append(svg("line", { class: v === 0 ? "baseline" : "grid", x1: margin.left, x2: w - margin.right, y1: yy, y2: yy }));
      axis.append(svg("text", { class: "tick", x: margin.left - 6, y: yy + 4, "text-anchor": "end",
        text: tickText(v) }));
    }
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / (narrow ? 44 : 54)))));
    for (let p = 0; p < n; p += every) {
      axis.append(svg("text", { class: "tick", x: x(p) + band / 2, y: h - margin.bottom + 16, "text-anchor": "middle",
        text: shortLabel(periods[p], grouping) }));
    }
    root.append(axis);

    const marks = svg("g", { class: "marks" });
    if (kind === "lines") {
      series.forEach((s, i) => {
        let d = "";
        s.values.forEach((v, p) => {
          if (v === null) return;
          d += `${d && s.values[p - 1] !== null && p > 0 ? "L" : "M"}${(x(p) + band / 2).toFixed(1)},${y(v).toFixed(1)}`;
        });
        if (d) marks.append(svg("path", { class: "line s" + (i % 8), d }));
        s.values.forEach((v, p) => {
          if (v === null) return;
          marks.append(svg("circle", { class: "point s" + (i % 8), cx: x(p) + band / 2, cy: y(v), r: narrow ? 2.5 : 3.5,
            "data-series": s.key, "data-period": p },
          svg("title", { text: `${periods[p].label}, ${s.label}: ${valueText(v)}` })));
        });
      });
    } else {
      const inner = Math.max(1, band * (n > 40 ? 0.9 : 0.75));
      const each = kind === "stacked" ? inner : inner / series.length;
      for (let p = 0; p < n; p += 1) {
        let base = 0;
        series.forEach((s, i) => {
          const v = s.values[p] || 0;
          const left = x(p) + (band - inner) / 2 + (kind === "stacked" ? 0 : i * each);
          const top1 = y(base + v);
          const bottom = y(base);
          marks.append(svg("rect", {
            class: "bar s" + (i % 8), x: left.toFixed(1), y: top1.toFixed(1), width: Math.max(1, each - (kind === "stacked" ? 0 : 1)).toFixed(1),
            height: Math.max(0, bottom - top1).toFixed(1), "data-series": s.key, "data-period": p, "data-value": v,
          }, svg("title", { text: `${periods[p].label}, ${s.label}: ${countText(v)}` })));
          if (kind === "stacked") base += v;
        });
      }
    }
    root.append(marks);
    return root;
  }

  function dataTable(title, series, periods, valueText, total) {
    const head = el("tr", {}, el("th", { scope: "col", text: TEXT.period }),
      series.map((s) => el("th", { scope: "col", class: "number", text: s.label })));
    const rows = periods.map((p, i) => el("tr", {}, el("th", { scope: "row", text: p.label }),
      series.map((s) => el("td", { class: "number", text: valueText(s.values[i]) }))));
    const foot = total ? el("tfoot", {}, el("tr", {}, el("th", { scope: "row", text: TEXT.total }),
      series.map((s) => el("td", { class: "number", text: s.total === null ? TEXT.none : countText(s.total) })))) : null;
    return el("details", { class: "chart-table" },
      el("summary", { text: TEXT.table }),
      el("div", { class: "table-wrap" },
        el("table", { class: "data" }, el("caption", { class: "visually-hidden", text: title }),
          el("thead", {}, head), el("tbody", {}, rows), foot)));
  }

  /** A plain table of totals per key (flows, services) across several series. */
  function totalsTable(caption, keyHeading, columns, rows) {
    return el("details", { class: "chart-table" },
      el("summary", { text: caption }),
      el("div", { class: "table-wrap" },
        el("table", { class: "data" }, el("caption", { class: "visually-hidden", text: caption }),
          el("thead", {}, el("tr", {}, el("th", { scope: "col", text: keyHeading }),
            columns.map((c) => el("th", { scope: "col", class: "number", text: c })))),
          el("tbody", {}, rows.map((r) => el("tr", {}, el("th", { scope: "row", dir: "auto", text: r.label }),
            r.values.map((v) => el("td", { class: "number", text: countText(v) }))))))));
  }

  /** Totals per key across the series ids, keyed by the breakdown `by`. */
  function totalsBy(report, ids, by) {
    const rows = new Map();
    ids.forEach((id, column) => {
      for (const item of breakdown(report, id, by)) {
        if (!rows.has(item.key)) rows.set(item.key, { label: keyLabel(by, item), values: ids.map(() => 0) });
        rows.get(item.key).values[column] = item.total;
      }
    });
    return [...rows.values()].sort((a, b) => b.values[0] - a.values[0] || a.label.localeCompare(b.label));
  }

  function fromSeries(report, id, label) {
    const s = findSeries(report, id);
    return { key: id, label: label || s.label, values: s.values, total: s.total };
  }

  function fromBreakdown(report, id, by) {
    return breakdown(report, id, by).map((item) => ({ key: item.key, label: keyLabel(by, item), values: item.values, total: item.total }))
      .sort((a, b) => b.total - a.total);
  }

  // ---- the page ----

  let lastReport = null;
  let cards = [];

  function totalsList(report) {
    const word = PERIOD_WORDS[report.period];
    const total = (id) => findSeries(report, id).total;
    const reached = findSeries(report, "people_reached").values;
    const items = [
      [format("People reached in the busiest {period}", { period: word }), countText(Math.max(0, ...reached))],
      ["New people", countText(total("new_people"))],
      ["Conversations", countText(total("conversations_started"))],
      ["Flows finished of started", `${countText(total("flows_finished"))} / ${countText(total("flows_started"))}`],
      ["Appointments booked", countText(total("appointments_booked"))],
      ["Attended · no-show · cancelled", `${countText(total("appointments_attended"))} · ${countText(total("appointments_no_show"))} · ${countText(total("appointments_cancelled"))}`],
      ["Handoffs requested", countText(total("handoffs_requested"))],
      ["Median wait · 90th percentile", `${waitText(report.waits.overall.median_seconds)} · ${waitText(report.waits.overall.p90_seconds)}`],
      ["Crisis events", countText(total("crisis_events"))],
    ];
    $("report-totals").replaceChildren(...items.map(([label, value]) =>
      el("li", { class: "report-total" }, el("span", { class: "total-label", text: label }), el("span", { class: "total-value", text: value }))));
  }

  function buildCards(report) {
    const list = [
      chartCard({ id: "people", title: "People reached and new people", kind: "bars", report,
        note: TEXT.notAdditive,
        series: [fromSeries(report, "people_reached"), fromSeries(report, "new_people")] }),
      chartCard({ id: "channels", title: "Conversations by channel", kind: "stacked", report,
        series: fromBreakdown(report, "conversations_started", "channel") }),
      chartCard({ id: "languages", title: "Conversations by language", kind: "stacked", report,
        series: fromBreakdown(report, "conversations_started", "language") }),
      chartCard({ id: "flows", title: "Flows started and finished", kind: "bars", report,
        series: [fromSeries(report, "flows_started"), fromSeries(report, "flows_finished")] }),
      chartCard({ id: "appointments", title: "Appointments", kind: "bars", report,
        series: [fromSeries(report, "appointments_booked", "Booked"), fromSeries(report, "appointments_attended", "Attended"),
          fromSeries(report, "appointments_no_show", "No-show"), fromSeries(report, "appointments_cancelled", "Cancelled")] }),
      chartCard({ id: "handoffs", title: "Handoffs to caseworkers", kind: "bars", report,
        series: [fromSeries(report, "handoffs_requested", "Requested"), fromSeries(report, "handoffs_taken", "Taken by a caseworker")] }),
      chartCard({ id: "waits", title: "Waiting time for a caseworker", kind: "lines", report, total: false,
        valueText: waitText, tickText: waitTick,
        series: [
          { key: "median", label: "Median", values: report.waits.median_seconds, total: null },
          { key: "p90", label: "90th percentile", values: report.waits.p90_seconds, total: null },
        ] }),
      chartCard({ id: "crisis", title: "Crisis events", kind: "bars", report,
        series: [fromSeries(report, "crisis_events")] }),
    ];
    const flows = list[3];
    flows.append(totalsTable("Flows, started and finished", "Flow", ["Started", "Finished"],
      totalsBy(report, ["flows_started", "flows_finished"], "flow")));
    const appointments = list[4];
    appointments.append(totalsTable("Appointments per service", "Service", ["Booked", "Attended", "No-show", "Cancelled"],
      totalsBy(report, ["appointments_booked", "appointments_attended", "appointments_no_show", "appointments_cancelled"], "service")));
    const handoffs = list[5];
    handoffs.append(totalsTable("Handoffs by reason", "Reason", ["Requested"], totalsBy(report, ["handoffs_requested"], "reason")));
    return list;
  }

  function render(report) {
    lastReport = report;
    totalsList(report);
    const holder = $("report-charts");
    cards = buildCards(report);
    holder.replaceChildren(...cards);
    for (const card of cards) card.draw();
    holder.setAttribute("aria-busy", "false");
    holder.dataset.period = report.period;
    holder.dataset.periods = String(report.periods.length);
  }

  function query() {
    const params = new URLSearchParams({ from: $("report-from").value, to: $("report-to").value, period: $("report-period").value });
    return params.toString();
  }

  async function load() {
    const from = $("report-from").value;
    const to = $("report-to").value;
    const error = $("report-error");
    error.textContent = "";
    if (!from || !to) {
      error.textContent = TEXT.datesMissing;
      return;
    }
    if (from > to) {
      error.textContent = TEXT.fromAfterTo;
      return;
    }
    const q = query();
    $("report-csv").setAttribute("href", "/api/v1/reports.csv?" + q);
    $("report-charts").setAttribute("aria-busy", "true");
    $("report-range").textContent = TEXT.loading;
    try {
      const report = await api("GET", "/api/v1/reports?" + q);
      $("report-range").textContent = format(TEXT.range, { from: report.from, to: report.to, period: PERIOD_WORDS[report.period] });
      render(report);
      announce(format(TEXT.drawn, { count: report.periods.length, period: PERIOD_WORDS[report.period] }));
    } catch (failure) {
      $("report-range").textContent = "";
      if (failure.status === 400) error.textContent = failure.message;
      else reportFailure(failure);
    }
  }

  function applyPreset(preset) {
    if (preset === "custom") return;
    const range = presetRange(preset);
    $("report-from").value = range.from;
    $("report-to").value = range.to;
    $("report-period").value = range.period;
  }

  let lastWidth = 0;
  let resizeTimer = null;

  function init() {
    applyPreset("days");
    $("report-preset").addEventListener("change", () => {
      applyPreset($("report-preset").value);
      if ($("report-preset").value !== "custom") load();
    });
    $("report-period").addEventListener("change", () => {
      $("report-preset").value = "custom";
      load();
    });
    for (const id of ["report-from", "report-to"]) {
      $(id).addEventListener("change", () => { $("report-preset").value = "custom"; });
    }
    $("report-form").addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        const width = $("report-charts").clientWidth;
        if (lastReport && width !== lastWidth) {
          lastWidth = width;
          for (const card of cards) card.draw();
        }
      }, 150);
    });
    lastWidth = $("report-charts").clientWidth;
    return load();
  }

  window.ZaednoAdmin.start(init);
})();
