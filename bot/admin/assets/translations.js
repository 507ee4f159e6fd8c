// The translations page: every locale key against every language, with missing and
// changed-since-source marks from the server, filters, and cells edited in place (saved into
// the draft one language file at a time).
"use strict";

(() => {
  const { el, api, format, toast, reportFailure, announce } = window.ZaednoAdmin;
  const C = window.ZaednoContent;
  const $ = (id) => document.getElementById(id);
  const MAX_ROWS = 400;

  const state = { table: null, content: null, languages: [], editing: null };

  async function load() {
    const [table, content] = await Promise.all([api("GET", "/api/v1/content/translations"), C.loadWorkingContent()]);
    state.table = table;
    state.content = content;
    state.languages = C.orderLanguages(table.languages, table.source_language);
    $("version-state").textContent = C.describeVersion(content);
  }

  function filters() {
    return {
      search: $("filter-search").value.trim().toLowerCase(),
      prefix: $("filter-prefix").value.trim(),
      missing: $("filter-missing").checked,
      stale: $("filter-stale").checked,
    };
  }

  function matches(row, f) {
    if (f.prefix && !row.key.startsWith(f.prefix)) return false;
    const statuses = Object.values(row.status);
    if (f.missing && f.stale) {
      if (!statuses.some((s) => s === "missing" || s === "stale")) return false;
    } else if (f.missing && !statuses.includes("missing")) {
      return false;
    } else if (f.stale && !statuses.includes("stale")) {
      return false;
    }
    if (f.search) {
      const haystack = [row.key, ...Object.values(row.texts).filter(Boolean)].join("\n").toLowerCase();
      if (!haystack.includes(f.search)) return false;
    }
    return true;
  }

  function remember(f) {
    const query = new URLSearchParams();
    if (f.search) query.set("q", f.search);
    if (f.prefix) query.set("prefix", f.prefix);
    if (f.missing) query.set("missing", "1");
    if (f.stale) query.set("stale", "1");
    history.replaceState(null, "", query.toString() ? "?" + query : location.pathname);
  }

  function renderSummary() {
    const source = state.table.source_language;
    const parts = state.languages.filter((l) => l !== source).map((language) => {
      const counts = state.table.counts[language] || { missing: 0, stale: 0 };
      return el("span", { class: "summary-item", "data-lang": language },
        el("strong", { text: C.languageLabel(language) + ": " }),
        el("span", { text: format("{m} missing, {s} stale", { m: counts.missing, s: counts.stale }) }));
    });
    $("summary").replaceChildren(
      el("span", { text: format("{n} keys; source language {lang}. ", { n: state.table.keys.length, lang: C.languageLabel(source) }) }),
      ...parts);
  }

  function cell(row, language) {
    const status = row.status[language];
    const text = row.texts[language];
    const td = el("td", { class: "cell status-" + status, "data-lang": language, "data-status": status });
    const button = el("button", {
      class: "cell-text content-text", type: "button", dir: C.direction(language), lang: language,
      "aria-label": format("{key} in {lang}: edit", { key: row.key, lang: C.languageName(language) }),
      text: text ?? "—",
      onclick: () => openCell(td, row, language),
    });
    td.append(button);
    if (status === "missing") td.append(el("span", { class: "badge bad mark", text: "missing" }));
    if (status === "stale") {
      td.append(el("span", { class: "badge warn mark", text: "stale" }));
      const was = row.source_was && row.source_was[language];
      td.append(el("span", { class: "was", dir: C.direction(state.table.source_language),
        text: was ? format("Translated from: “{text}”", { text: was }) : "Translated before the source text existed" }));
      td.append(el("button", {
        class: "button quiet small still-correct", type: "button", text: "Still correct",
        title: "The translation still says what the source text says now: clear the stale mark",
        "aria-label": format("{key} in {lang}: mark still correct", { key: row.key, lang: C.languageName(language) }),
        onclick: (event) => {
          event.currentTarget.disabled = true;
          markStillCorrect(row.key, language).catch((failure) => { event.currentTarget.disabled = false; reportFailure(failure); });
        },
      }));
    }
    if (row.reviewed && row.reviewed[language]) {
      td.append(el("span", { class: "reviewed", text: "checked after the source changed" }));
    }
    return td;
  }

  function render() {
    if (state.editing && state.editing.dirty() && !window.confirm("Your change to the open cell is not saved. Drop it?")) return;
    state.editing = null;
    const f = filters();
    remember(f);
    const source = state.table.source_language;
    $("translations-head").replaceChildren(el("th", { scope: "col", text: "Key" }),
      ...state.languages.map((l) => el("th", { scope: "col", "data-lang": l, text: C.languageLabel(l) + (l === source ? " · source" : "") })));
    const rows = state.table.keys.filter((row) => matches(row, f));
    const shown = rows.slice(0, MAX_ROWS);
    $("translations-body").replaceChildren(...shown.map((row) =>
      el("tr", { "data-key": row.key },
        el("th", { scope: "row", class: "key-cell" }, el("code", { text: row.key })),
        ...state.languages.map((language) => cell(row, language)))));
    if (!rows.length) {
      $("translations-body").append(el("tr", {}, el("td", { colspan: state.languages.length + 1, class: "muted", text: "No key matches these filters." })));
    }
    const prefixes = new Set(state.table.keys.map((r) => r.key.split(".")[0] + "."));
    $("prefixes").replaceChildren(...[...prefixes].sort().map((p) => el("option", { value: p })));
    const line = rows.length > MAX_ROWS
      ? format("Showing the first {shown} of {n} matching keys: narrow the filters to see the rest.", { shown: MAX_ROWS, n: rows.length })
      : format("{n} matching keys.", { n: rows.length });
    renderSummary();
    $("summary").prepend(el("span", { class: "matching", text: line + " " }));
  }

  function openCell(td, row, language) {
    if (state.editing) {
      if (state.editing.td === td) return;
      if (state.editing.dirty() && !window.confirm("Your change to the open cell is not saved. Drop it?")) return;
      state.editing.close();
    }
    const before = row.texts[language] ?? "";
    const id = "cell-editor";
    const area = el("textarea", { id, rows: 3, dir: C.direction(language), lang: language, text: before });
    const source = state.table.source_language;
    const saveButton = el("button", { class: "button primary small", type: "submit", text: "Save to draft" });
    const form = el("form", { class: "cell-editor" },
      el("label", { for: id, class: "visually-hidden", text: format("{key} in {lang}", { key: row.key, lang: C.languageLabel(language) }) }),
      language !== source && row.texts[source]
        ? el("p", { class: "source-text content-text", dir: C.direction(source), lang: source, text: row.texts[source] })
        : null,
      area,
      el("div", { class: "row" }, saveButton,
        el("button", { class: "button quiet small", type: "button", text: "Cancel", onclick: () => close() })));
    const previous = [...td.childNodes];
    const close = () => {
      td.replaceChildren(...previous);
      state.editing = null;
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      saveButton.disabled = true;
      saveCell(row.key, language, area.value.replace(/\r\n/g, "\n"))
        .catch((failure) => { saveButton.disabled = false; reportFailure(failure); });
    });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    });
    td.replaceChildren(form);
    state.editing = { td, close, dirty: () => area.value !== before };
    area.focus();
  }

  async function saveCell(key, language, text) {
    const path = "locales/" + language + ".json";
    const current = state.content.files[path];
    if (typeof current !== "object" || current === null) {
      throw new Error(format("{path} has a syntax error: fix it in the raw JSON editor first.", { path }));
    }
    const doc = structuredClone(current);
    C.setLocaleText(doc, key, text);
    const version = await C.saveLocales(new Map([[language, doc]]));
    state.editing = null;
    await load();
    render();
    const message = format("Saved {key} in {lang} to the draft (revision {rev}).", { key, lang: C.languageName(language), rev: version.revision });
    toast(message);
    announce(message);
  }

  async function markStillCorrect(key, language) {
    await api("POST", "/api/v1/content/translations/review", { language, key });
    await load();
    render();
    const message = format("{key} in {lang} marked still correct.", { key, lang: C.languageName(language) });
    toast(message);
    announce(message);
  }

  async function init() {
    const query = new URLSearchParams(location.search);
    $("filter-search").value = query.get("q") || "";
    $("filter-prefix").value = query.get("prefix") || "";
    $("filter-missing").checked = query.get("missing") === "1";
    $("filter-stale").checked = query.get("stale") === "1";
    await load();
    render();
    let timer = null;
    $("filters").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, 200);
    });
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    C.guardUnsaved(() => Boolean(state.editing && state.editing.dirty()));
  }

  window.ZaednoAdmin.start(init);
})();
