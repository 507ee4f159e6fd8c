// What the content pages (dialogs, translations, raw JSON, history) share: loading the draft or
// the published version, locale files as flat keys, language names and directions, saving
// locale files into the draft, and references between nodes.
"use strict";

(() => {
  const { api, el, format } = window.ZaednoAdmin;

  const LANGUAGE_NAMES = Object.freeze({
    bg: "Bulgarian", en: "English", ar: "Arabic", fa: "Persian", uk: "Ukrainian", ru: "Russian",
    de: "German", fr: "French", tr: "Turkish", ps: "Pashto", ku: "Kurdish", es: "Spanish",
  });
  const PREFERRED_ORDER = ["en", "bg", "uk", "ru", "ar", "fa"];
  const RTL = new Set(["ar", "fa", "he", "ps", "ur", "ckb", "dv", "yi"]);

  /** "Arabic", from a small list, else the browser's English name for the code. */
  function languageName(code) {
    if (LANGUAGE_NAMES[code]) return LANGUAGE_NAMES[code];
    try {
      const names = new Intl.DisplayNames(["en"], { type: "language" });
      return names.of(code) || code;
    } catch {
      return code;
    }
  }

  /** "Arabic (ar)": how every language is labelled on the content pages. */
  function languageLabel(code) {
    return format("{name} ({code})", { name: languageName(code), code });
  }

  function direction(code) {
    return RTL.has(String(code).split(/[-_]/)[0]) ? "rtl" : "ltr";
  }

  /** The source language first, then the usual order, then anything else alphabetically. */
  function orderLanguages(codes, source) {
    const rank = (code) => (code === source ? -1 : PREFERRED_ORDER.includes(code) ? PREFERRED_ORDER.indexOf(code) : 100);
    return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  /** {"a": {"b": "x"}, "c": "y", "_meta": {}} → Map a.b → x, c → y (like the server). */
  function flattenLocale(doc) {
    const out = new Map();
    const walk = (value, prefix) => {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value)) {
          if (!prefix && key === "_meta") continue;
          walk(child, prefix ? prefix + "." + key : key);
        }
      } else if (prefix) {
        out.set(prefix, typeof value === "string" ? value : JSON.stringify(value));
      }
    };
    walk(doc, "");
    return out;
  }

  /**
   * Sets a dotted key in a locale document: where the key already lives nested, there; else as
   * one flat key (the shipped files are flat). An empty text removes the key.
   */
  function setLocaleText(doc, key, text) {
    if (Object.prototype.hasOwnProperty.call(doc, key)) {
      if (text === "") delete doc[key];
      else doc[key] = text;
      return;
    }
    const parts = key.split(".");
    for (let split = parts.length - 1; split >= 1; split -= 1) {
      let holder = doc;
      let found = true;
      for (const part of parts.slice(0, split)) {
        holder = holder && typeof holder === "object" ? holder[part] : undefined;
        if (!holder || typeof holder !== "object" || Array.isArray(holder)) { found = false; break; }
      }
      const rest = parts.slice(split).join(".");
      if (found && Object.prototype.hasOwnProperty.call(holder, rest)) {
        if (text === "") delete holder[rest];
        else holder[rest] = text;
        return;
      }
    }
    if (text !== "") doc[key] = text;
  }

  const isFlowFile = (path) => /^dialogs\/[a-z0-9_-]+\.json$/.test(path) && path !== "dialogs/script.json";
  const localeOf = (path) => (/^locales\/([a-z0-9_-]+)\.json$/.exec(path) || [])[1] || null;

  /**
   * The version the editors work on: the draft when there is one, else the published version.
   * Resolves { version, files, isDraft, sourceLanguage }.
   */
  async function loadWorkingContent() {
    const settings = api("GET", "/api/v1/content/settings");
    let answer;
    let isDraft = true;
    try {
      answer = await api("GET", "/api/v1/content/draft");
    } catch (failure) {
      if (failure.status !== 404) throw failure;
      isDraft = false;
      answer = await api("GET", "/api/v1/content/published");
    }
    const { default_language: sourceLanguage } = await settings;
    return { version: answer.version, files: answer.files || {}, isDraft, sourceLanguage };
  }

  /** A short line saying which version the page shows. */
  function describeVersion(content) {
    const v = content.version || {};
    return content.isDraft
      ? format("Showing the draft (based on version {base}, revision {rev}, last saved by {who}). Saving changes it; publish it on the history page.",
        { base: v.based_on ?? "none", rev: v.revision, who: v.author || "?" })
      : format("Showing the published version {id}. There is no draft: your first save starts one.", { id: v.id });
  }

  /** Writes changed locale documents into the draft, one PUT per file; resolves the last version. */
  async function saveLocales(documents) {
    let version = null;
    for (const [language, doc] of documents) {
      version = (await api("PUT", "/api/v1/content/draft/locales/" + encodeURIComponent(language), doc)).version;
    }
    return version;
  }

  /** POST validate: { valid, errors, warnings, revision }. */
  function validateDraft() {
    return api("POST", "/api/v1/content/draft/validate");
  }

  /** Where a validator problem is, for people: "main_menu › about › choices/0/next". */
  function problemPlace(problem) {
    if (problem.flow) return [problem.flow, problem.node, problem.field].filter(Boolean).join(" › ");
    if (problem.key) return problem.file + " › " + problem.key;
    return [problem.file, problem.field].filter(Boolean).join(" › ");
  }

  /** Links to where a problem can be fixed: the node on the dialogs page, the line in raw JSON. */
  function problemLinks(problem) {
    const links = [];
    if (problem.flow && problem.node) {
      links.push(el("a", { href: "/admin/dialogs?" + new URLSearchParams({ flow: problem.flow, node: problem.node }), text: "open node" }));
    }
    if (problem.file) {
      const query = { file: problem.file };
      if (problem.line) query.line = problem.line;
      links.push(el("a", { href: "/admin/json?" + new URLSearchParams(query), text: problem.line ? format("open line {line}", { line: problem.line }) : "open file" }));
    }
    return links;
  }

  /** One list item per problem: severity badge, place, message, links. */
  function problemItem(problem) {
    const bad = problem.severity !== "warning";
    return el("li", { class: "problem", "data-severity": problem.severity || "error" },
      el("span", { class: "badge " + (bad ? "bad" : "warn"), text: bad ? "error" : "warning" }), " ",
      el("strong", { text: problemPlace(problem) }), " ",
      el("span", { text: problem.message }), " ",
      ...problemLinks(problem).flatMap((a) => [a, " "]));
  }

  /** A validator answer as a short summary and a list. */
  function validationReport(result) {
    const errors = result.errors || [];
    const warnings = result.warnings || [];
    const summary = errors.length
      ? format("The draft has {n} error(s) and {w} warning(s): it cannot be published until the errors are fixed.", { n: errors.length, w: warnings.length })
      : format("The draft is valid ({w} warning(s)).", { w: warnings.length });
    return el("div", { class: "validation", "data-valid": errors.length ? "false" : "true" },
      el("p", { class: errors.length ? "form-error" : "ok-text", text: summary }),
      errors.length || warnings.length
        ? el("ul", { class: "problems" }, [...errors, ...warnings].slice(0, 200).map(problemItem))
        : null);
  }

  /**
   * A reference as the engine reads it: "node" (same flow), "flow:node", "flow:" (start node).
   * In script.json a bare name is a flow.
   */
  function parseReference(reference, currentFlow) {
    if (typeof reference !== "string" || !reference) return null;
    const colon = reference.indexOf(":");
    if (colon < 0) return { flow: currentFlow, node: reference };
    return { flow: reference.slice(0, colon), node: reference.slice(colon + 1) || null };
  }

  /** Asks before leaving the page while `isDirty()` says there is unsaved work. */
  function guardUnsaved(isDirty) {
    window.addEventListener("beforeunload", (event) => {
      if (isDirty()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  window.ZaednoContent = Object.freeze({
    languageName, languageLabel, direction, orderLanguages, flattenLocale, setLocaleText,
    isFlowFile, localeOf, loadWorkingContent, describeVersion, saveLocales, validateDraft,
    problemPlace, problemLinks, problemItem, validationReport, parseReference, guardUnsaved,
  });
})();
