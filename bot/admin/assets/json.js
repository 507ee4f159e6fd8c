// The raw JSON editor: any file of the draft (or of the published version, until the first
// save) as its exact text, with line numbers, saved as raw text, and the validator's messages
// shown next to their lines (the server maps each JSON pointer to a line of the saved text).
"use strict";

(() => {
  const { el, api, format, toast, reportFailure, announce } = window.ZaednoAdmin;
  const C = window.ZaednoContent;
  const $ = (id) => document.getElementById(id);

  const state = {
    version: null, isDraft: false, files: {}, path: null, original: "",
    problems: [],       // the last validator answer: errors then warnings
    validated: false,
  };

  async function loadRaw() {
    let answer;
    try {
      answer = await api("GET", "/api/v1/content/draft?format=raw");
      state.isDraft = true;
    } catch (failure) {
      if (failure.status !== 404) throw failure;
      answer = await api("GET", "/api/v1/content/published?format=raw");
      state.isDraft = false;
    }
    state.version = answer.version;
    state.files = answer.files || {};
    $("version-state").textContent = C.describeVersion({ version: state.version, isDraft: state.isDraft });
  }

  function fillFiles() {
    const groups = [
      ["Flows and settings", (p) => /^dialogs\/[^/]+$/.test(p)],
      ["Data", (p) => p.startsWith("dialogs/data/")],
      ["Translations", (p) => p.startsWith("locales/")],
    ];
    const paths = Object.keys(state.files).sort();
    $("file-select").replaceChildren(...groups.map(([label, test]) =>
      el("optgroup", { label }, paths.filter(test).map((p) => el("option", { value: p, text: p })))));
    $("file-select").value = state.path;
  }

  const isDirty = () => state.path !== null && $("json-text").value !== state.original;

  function showFile(path) {
    state.path = path;
    state.original = state.files[path] ?? "";
    $("json-text").value = state.original;
    $("json-text").dir = "ltr";
    $("file-select").value = path;
    $("json-text").scrollTop = 0;
    $("json-text").scrollLeft = 0;
    remember();
    refresh();
  }

  function remember(line) {
    const query = new URLSearchParams({ file: state.path });
    if (line) query.set("line", line);
    history.replaceState(null, "", "?" + query);
  }

  // ---- line numbers, markers ----

  /** The browser's own parser: where the text stops being JSON, as a line number. */
  function syntaxError(text) {
    try {
      JSON.parse(text);
      return null;
    } catch (error) {
      const message = String(error.message || error);
      const lineMatch = /line (\d+)/.exec(message);
      const position = /position (\d+)/.exec(message);
      let line = lineMatch ? Number(lineMatch[1]) : null;
      if (!line && position) line = text.slice(0, Number(position[1])).split("\n").length;
      if (!line) line = text.split("\n").length;
      return { line, message: message.replace(/^JSON\.parse: /, "") };
    }
  }

  function marker(line, text, kind, length) {
    const band = el("div", { class: "line-band " + kind, "data-line": line });
    band.style.top = format("calc(var(--pad) + {n} * var(--lh))", { n: line - 1 });
    const note = el("span", { class: "line-message " + kind, "data-line": line, text });
    note.style.top = band.style.top;
    note.style.left = format("calc(var(--pad) + {n}ch)", { n: length + 3 });
    return [band, note];
  }

  function gutterMark(line, kind, text) {
    const mark = el("span", { class: "gutter-mark " + kind, title: text, text: "●" });
    mark.style.top = format("calc(var(--pad) + {n} * var(--lh))", { n: line - 1 });
    return mark;
  }

  function refresh() {
    const text = $("json-text").value;
    const lines = text.split("\n");
    $("gutter-numbers").textContent = lines.map((_, i) => String(i + 1)).join("\n");
    const marks = [];
    const gutter = [];
    const syntax = syntaxError(text);
    $("syntax-state").textContent = syntax
      ? format("JSON syntax error on line {line}: {message}", syntax)
      : "JSON syntax: OK.";
    $("syntax-state").classList.toggle("form-error", Boolean(syntax));
    if (syntax) {
      marks.push(...marker(syntax.line, "syntax: " + syntax.message, "error", (lines[syntax.line - 1] || "").length));
      gutter.push(gutterMark(syntax.line, "error", syntax.message));
    }
    // The validator's lines belong to the saved text: shown while it is unchanged.
    if (!isDirty()) {
      const byLine = new Map();
      for (const p of state.problems) {
        if (p.file !== state.path || !p.line) continue;
        if (!byLine.has(p.line)) byLine.set(p.line, []);
        byLine.get(p.line).push(p);
      }
      for (const [line, list] of byLine) {
        const kind = list.some((p) => p.severity !== "warning") ? "error" : "warning";
        const text = list.map((p) => p.message).join(" · ");
        marks.push(...marker(line, text, kind, (lines[line - 1] || "").length));
        gutter.push(gutterMark(line, kind, text));
      }
    }
    $("backdrop-inner").replaceChildren(...marks);
    $("gutter-inner").replaceChildren($("gutter-numbers"), ...gutter);
    syncScroll();
  }

  function syncScroll() {
    const area = $("json-text");
    $("gutter-inner").style.transform = format("translateY(-{y}px)", { y: area.scrollTop });
    $("backdrop-inner").style.transform = format("translate(-{x}px, -{y}px)", { x: area.scrollLeft, y: area.scrollTop });
  }

  /** Puts the caret at the start of a line and scrolls it into view. */
  function jumpToLine(line) {
    const area = $("json-text");
    const lines = area.value.split("\n");
    const target = Math.max(1, Math.min(line, lines.length));
    let offset = 0;
    for (let i = 0; i < target - 1; i += 1) offset += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(offset, offset + lines[target - 1].length);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (target - 1) * lineHeight - area.clientHeight / 3);
    area.scrollLeft = 0;
    syncScroll();
    remember(target);
    announce(format("Line {line}", { line: target }));
  }

  // ---- validator messages ----

  function renderProblems(result) {
    const box = $("json-problems");
    if (!result) {
      box.replaceChildren(el("p", { class: "muted", text: "There is no draft yet: the published version is what runs, and it was valid when it was published." }));
      return;
    }
    state.problems = [...(result.errors || []), ...(result.warnings || [])];
    box.replaceChildren(C.validationReport(result));
    refresh();
  }

  async function validate() {
    try {
      renderProblems(await C.validateDraft());
    } catch (failure) {
      if (failure.status === 404) renderProblems(null);
      else throw failure;
    }
  }

  function openProblemLink(event) {
    const link = event.target.closest("a");
    if (!link) return;
    const url = new URL(link.href, location.href);
    if (url.pathname !== "/admin/json") return;
    event.preventDefault();
    const file = url.searchParams.get("file");
    const line = Number(url.searchParams.get("line")) || 1;
    if (file !== state.path) {
      if (!(file in state.files)) return;
      if (isDirty() && !window.confirm("This file has unsaved changes. Leave them?")) return;
      showFile(file);
    }
    jumpToLine(line);
  }

  // ---- saving ----

  async function save() {
    const text = $("json-text").value;
    const path = state.path;
    const button = $("json-save");
    button.disabled = true;
    try {
      const flow = /^dialogs\/([a-z0-9_-]+)\.json$/.exec(path);
      const locale = /^locales\/([a-z0-9_-]+)\.json$/.exec(path);
      let version;
      if (flow) {
        version = (await api("PUT", "/api/v1/content/draft/dialogs/" + flow[1], JSON.stringify(text))).version;
      } else if (locale) {
        version = (await api("PUT", "/api/v1/content/draft/locales/" + locale[1], JSON.stringify(text))).version;
      } else {
        // Data files: the whole content as raw texts, read again just before, so only this
        // file changes and it keeps its exact text (a syntax error included).
        await loadRaw();
        const files = { ...state.files, [path]: text };
        version = (await api("PUT", "/api/v1/content/draft", { files })).version;
      }
      await loadRaw();
      state.original = state.files[path] ?? text;
      fillFiles();
      const message = format("Saved {path} to the draft (revision {rev}).", { path, rev: version.revision });
      toast(message);
      await validate();
    } finally {
      button.disabled = false;
    }
  }

  async function init() {
    const query = new URLSearchParams(location.search);
    await loadRaw();
    const wanted = query.get("file");
    state.path = wanted && wanted in state.files ? wanted : (Object.keys(state.files).sort().find((p) => p === "dialogs/main_menu.json") || Object.keys(state.files).sort()[0]);
    fillFiles();
    showFile(state.path);
    const area = $("json-text");
    let timer = null;
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
    area.addEventListener("scroll", syncScroll);
    area.addEventListener("keydown", (event) => {
      if (event.key === "s" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("json-form").requestSubmit();
      }
    });
    $("file-select").addEventListener("change", (event) => {
      if (isDirty() && !window.confirm("This file has unsaved changes. Leave them?")) {
        event.target.value = state.path;
        return;
      }
      showFile(event.target.value);
    });
    $("json-form").addEventListener("submit", (event) => {
      event.preventDefault();
      save().catch(reportFailure);
    });
    $("json-validate").addEventListener("click", () => {
      if (isDirty()) toast("The validator checks the saved draft: save your changes to have them checked.");
      validate().catch(reportFailure);
    });
    $("json-problems").addEventListener("click", openProblemLink);
    C.guardUnsaved(isDirty);
    if (state.isDraft) await validate();
    if (query.get("line")) jumpToLine(Number(query.get("line")));
  }

  window.ZaednoAdmin.start(init);
})();
