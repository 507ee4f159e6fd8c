// The dialogs page: one flow as a readable list of nodes with their texts in a chosen language,
// their buttons and where everything leads; a node's texts edited side by side in every
// language and saved into the draft, with the validator's answer.
"use strict";

(() => {
  const { el, format, toast, reportFailure, announce } = window.ZaednoAdmin;
  const C = window.ZaednoContent;
  const $ = (id) => document.getElementById(id);

  const state = {
    content: null,
    flows: new Map(),     // flow name → { path, doc }
    locales: new Map(),   // language → Map key → text (null when the file does not parse)
    languages: [],
    flow: null,
    language: null,
    editor: null,         // { node, form, original: Map "key\u0000lang" → text }
  };

  // ---- reading the content ----

  function index(content) {
    state.content = content;
    state.flows = new Map();
    state.locales = new Map();
    for (const [path, doc] of Object.entries(content.files)) {
      if (C.isFlowFile(path) && doc && typeof doc === "object") {
        const name = typeof doc.flow === "string" && doc.flow ? doc.flow : path.slice(8, -5);
        state.flows.set(name, { path, doc });
      } else if (C.isFlowFile(path)) {
        state.flows.set(path.slice(8, -5), { path, doc: null });
      }
      const language = C.localeOf(path);
      if (language) state.locales.set(language, doc && typeof doc === "object" ? C.flattenLocale(doc) : null);
    }
    state.languages = C.orderLanguages(state.locales.keys(), content.sourceLanguage);
  }

  function textOf(key, language) {
    const texts = state.locales.get(language);
    return texts ? texts.get(key) : undefined;
  }

  /** The texts a node shows, in the order a person sees them. */
  function textFields(node) {
    const fields = [];
    if (typeof node.text === "string") fields.push({ label: "Text", key: node.text });
    if (typeof node.reask === "string") fields.push({ label: "Re-ask", key: node.reask });
    if (typeof node.choice_label === "string") fields.push({ label: "Label of generated buttons", key: node.choice_label });
    for (const choice of Array.isArray(node.choices) ? node.choices : []) {
      if (choice && typeof choice.label === "string") fields.push({ label: format("Button “{id}”", { id: choice.id }), key: choice.label, choice: true });
    }
    return fields;
  }

  const isPattern = (key) => /\{[^}]*\}/.test(key);

  // ---- links between nodes ----

  function targetLink(reference) {
    const target = C.parseReference(reference, state.flow);
    if (!target) return el("span", { class: "muted", text: "—" });
    const flow = state.flows.get(target.flow);
    const node = target.node || (flow && flow.doc && flow.doc.start) || "";
    const exists = flow && flow.doc && flow.doc.nodes && Object.prototype.hasOwnProperty.call(flow.doc.nodes, node);
    const label = target.flow === state.flow ? node : target.flow + " › " + (target.node || format("start ({node})", { node }));
    if (!exists) {
      return el("span", { class: "target broken", text: label + " (missing)", title: "No such node: the validator reports it" });
    }
    return el("a", {
      class: "target",
      href: "?" + new URLSearchParams({ flow: target.flow, node, lang: state.language }),
      text: label,
      "data-flow": target.flow,
      "data-node": node,
      onclick: (event) => {
        event.preventDefault();
        jumpTo(target.flow, node);
      },
    });
  }

  function jumpTo(flow, node) {
    if (flow !== state.flow) {
      if (!leaveEditor()) return;
      state.flow = flow;
      $("flow-select").value = flow;
      renderFlow();
    }
    remember(node);
    const item = $("node-" + node);
    if (item) {
      item.scrollIntoView({ block: "start" });
      item.querySelector("h2").focus();
      announce(format("Node {node} of flow {flow}", { node, flow }));
    }
  }

  function remember(node) {
    const query = new URLSearchParams({ flow: state.flow, lang: state.language });
    if (node) query.set("node", node);
    history.replaceState(null, "", "?" + query);
  }

  // ---- one node ----

  function textBlock(field) {
    const wrap = el("div", { class: "node-text" + (field.choice ? " choice-text" : "") },
      el("span", { class: "text-label", text: field.label }));
    if (isPattern(field.key)) {
      const prefix = field.key.slice(0, field.key.indexOf("{"));
      wrap.append(el("span", { class: "muted", text: "One text per value of the variable: " }),
        el("a", { href: "/admin/translations?" + new URLSearchParams({ prefix }), text: "edit them in Translations" }));
    } else {
      const text = textOf(field.key, state.language);
      if (text === undefined) {
        const fallback = textOf(field.key, state.content.sourceLanguage);
        wrap.append(el("span", { class: "badge bad", text: format("missing in {lang}", { lang: state.language }) }));
        if (fallback !== undefined) {
          wrap.append(el("span", { class: "content-text fallback", dir: C.direction(state.content.sourceLanguage), lang: state.content.sourceLanguage, text: fallback }));
        }
      } else {
        wrap.append(el("span", { class: "content-text", dir: C.direction(state.language), lang: state.language, text }));
      }
    }
    wrap.append(el("code", { class: "key", text: field.key }));
    return wrap;
  }

  function detail(label, ...value) {
    return el("li", {}, el("span", { class: "detail-label", text: label + ": " }), ...value);
  }

  function plainArgs(object) {
    if (!object || typeof object !== "object") return "";
    return Object.entries(object).map(([k, v]) => k + "=" + (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  }

  /** Everything a node does besides its texts: inputs, variables, where it leads. */
  function nodeDetails(node) {
    const items = [];
    if (node.input) {
      const range = node.min !== undefined || node.max !== undefined ? format(" ({min}–{max})", { min: node.min ?? "", max: node.max ?? "" }) : "";
      items.push(detail("Typed answer", node.input + range));
    }
    if (node.choices_from) items.push(detail("Buttons made from", String(node.choices_from)));
    if (node.var && node.kind !== "action") items.push(detail(node.kind === "branch" ? "Variable" : "Stores the answer in", String(node.var)));
    if (node.kind === "branch") items.push(detail("Decides on", String(node.on) + (node.hours ? " (" + node.hours + ")" : "")));
    if (node.kind === "action") {
      const what = String(node.do || "");
      if (what === "call") items.push(detail("Calls action", String(node.action || "") + (node.params ? " (" + plainArgs(node.params) + ")" : "")));
      else if (what === "set") items.push(detail("Sets", String(node.var) + " = " + String(node.value)));
      else if (what === "set_language") items.push(detail("Sets language to", String(node.language)));
      else if (what === "set_consent") items.push(detail("Records consent", String(node.value)));
      else if (what === "clear") items.push(detail("Forgets", "every variable and the consent"));
      else if (what !== "end" && what !== "goto") items.push(detail("Does", what));
      if (Array.isArray(node.sets) && node.sets.length) items.push(detail("Returns", node.sets.join(", ")));
    }
    if (node.args) items.push(detail("Arguments", plainArgs(node.args)));
    const leads = [];
    if (node.cases && typeof node.cases === "object") {
      for (const [value, target] of Object.entries(node.cases)) leads.push(detail(format("when {on} is “{value}”", { on: node.on, value }), targetLink(target)));
    }
    if (node.outcomes && typeof node.outcomes === "object") {
      for (const [outcome, target] of Object.entries(node.outcomes)) leads.push(detail(format("outcome “{outcome}”", { outcome }), targetLink(target)));
    }
    if (node.default) leads.push(detail("otherwise", targetLink(node.default)));
    if (node.target) leads.push(detail("goes to", targetLink(node.target)));
    if (node.next) leads.push(detail(node.kind === "ask" ? "after an answer" : "next", targetLink(node.next)));
    if (node.kind === "action" && node.do === "end") leads.push(detail("then", el("span", { text: "the conversation ends" })));
    if (node.kind === "say" && !node.next) leads.push(detail("then", el("span", { text: "waits; the next message is read against the main menu" })));
    return { items, leads };
  }

  function choiceList(node) {
    const choices = Array.isArray(node.choices) ? node.choices : [];
    if (!choices.length) return null;
    return el("ol", { class: "choices", "aria-label": "Buttons" }, choices.map((choice) => {
      const label = typeof choice.label === "string" ? choice.label : "";
      const text = label ? textOf(label, state.language) : undefined;
      return el("li", { class: "choice" },
        el("span", { class: "choice-label content-text", dir: C.direction(state.language), lang: state.language,
          text: text !== undefined ? text : label }),
        text === undefined ? el("span", { class: "badge bad", text: "missing" }) : null,
        el("code", { class: "key", text: format("{id} · {key}", { id: choice.id, key: label }) }),
        el("span", { class: "arrow", "aria-hidden": "true", text: "→" }),
        choice.next ? targetLink(choice.next) : el("span", { class: "muted", text: "the question's next" }));
    }));
  }

  function renderNode(id, node, startId) {
    const editable = textFields(node).some((f) => !isPattern(f.key));
    const item = el("li", { class: "node card", id: "node-" + id, "data-node": id },
      el("header", { class: "node-head" },
        el("h2", { tabindex: "-1", text: id }),
        el("span", { class: "badge kind-" + String(node.kind), text: String(node.kind || "?") }),
        id === startId ? el("span", { class: "badge ok", text: "start" }) : null,
        editable ? el("button", { class: "button small edit-texts", type: "button", text: "Edit texts",
          "aria-expanded": "false", onclick: () => openEditor(id) }) : null));
    for (const field of textFields(node).filter((f) => !f.choice)) item.append(textBlock(field));
    const choices = choiceList(node);
    if (choices) item.append(choices);
    const { items, leads } = nodeDetails(node);
    if (items.length) item.append(el("ul", { class: "details" }, items));
    if (leads.length) item.append(el("ul", { class: "leads", "aria-label": "Where it leads" }, leads));
    return item;
  }

  function renderFlow() {
    closeEditor();
    const entry = state.flows.get(state.flow);
    const list = $("nodes");
    const header = $("flow-header");
    if (!entry) {
      header.replaceChildren(el("p", { text: "There are no flows in this version." }));
      list.replaceChildren();
      return;
    }
    if (!entry.doc) {
      header.replaceChildren(el("p", { class: "form-error", text: format("{path} is not valid JSON. ", { path: entry.path }) }),
        el("a", { href: "/admin/json?" + new URLSearchParams({ file: entry.path }), text: "Fix it in the raw JSON editor" }));
      list.replaceChildren();
      return;
    }
    const nodes = entry.doc.nodes && typeof entry.doc.nodes === "object" ? entry.doc.nodes : {};
    header.replaceChildren(
      el("h2", { text: format("Flow “{flow}”", { flow: state.flow }) }),
      el("p", { class: "hint" },
        el("span", { text: format("{count} nodes in {path}; starts at ", { count: Object.keys(nodes).length, path: entry.path }) }),
        entry.doc.start ? targetLink(entry.doc.start) : el("span", { text: "?" }), " · ",
        el("a", { href: "/admin/json?" + new URLSearchParams({ file: entry.path }), text: "raw JSON" })));
    list.replaceChildren(...Object.entries(nodes).map(([id, node]) =>
      renderNode(id, node && typeof node === "object" ? node : {}, entry.doc.start)));
  }

  // ---- the side-by-side editor ----

  const editorKey = (key, language) => key + "\u0000" + language;

  function isDirty() {
    if (!state.editor) return false;
    for (const area of state.editor.form.querySelectorAll("textarea")) {
      if (area.value !== state.editor.original.get(editorKey(area.dataset.key, area.dataset.lang))) return true;
    }
    return false;
  }

  /** True when the open editor may be closed (nothing unsaved, or the admin agrees to drop it). */
  function leaveEditor() {
    return !isDirty() || window.confirm("The texts you changed are not saved. Leave them?");
  }

  function closeEditor() {
    if (!state.editor) return;
    const { form, node } = state.editor;
    form.remove();
    const button = document.querySelector("#node-" + CSS.escape(node) + " .edit-texts");
    if (button) button.setAttribute("aria-expanded", "false");
    state.editor = null;
  }

  function openEditor(id, report) {
    if (state.editor && state.editor.node === id && !report) return;
    if (!leaveEditor()) return;
    closeEditor();
    const node = state.flows.get(state.flow).doc.nodes[id];
    const fields = textFields(node).filter((f) => !isPattern(f.key));
    const seen = new Set();
    const original = new Map();
    const source = state.content.sourceLanguage;
    const groups = [];
    fields.forEach((field, n) => {
      if (seen.has(field.key)) return;
      seen.add(field.key);
      const sourceText = textOf(field.key, source);
      const inputs = state.languages.map((language) => {
        const text = textOf(field.key, language);
        original.set(editorKey(field.key, language), text ?? "");
        const id = format("edit-{n}-{lang}", { n, lang: language });
        const broken = state.locales.get(language) === null;
        return el("div", { class: "language-field" + (language === source ? " source" : ""), "data-lang": language },
          el("label", { for: id, text: C.languageLabel(language) }),
          language === source ? el("span", { class: "badge", text: "source" }) : null,
          text === undefined && !broken ? el("span", { class: "badge bad", text: "missing" }) : null,
          broken ? el("span", { class: "badge bad", text: "file has a syntax error" }) : null,
          el("textarea", { id, rows: 3, dir: C.direction(language), lang: language, "data-key": field.key,
            "data-lang": language, disabled: broken, text: text ?? "" }));
      });
      groups.push(el("fieldset", { class: "text-group", "data-key": field.key },
        el("legend", {}, el("span", { text: field.label + " " }), el("code", { class: "key", text: field.key })),
        sourceText !== undefined ? el("p", { class: "source-text" },
          el("span", { class: "muted", text: format("{lang} source: ", { lang: C.languageName(source) }) }),
          el("span", { class: "content-text", dir: C.direction(source), lang: source, text: sourceText })) : null,
        el("div", { class: "language-grid" }, inputs)));
    });
    const result = el("div", { class: "editor-result", role: "status" });
    if (report) result.append(report);
    const form = el("form", { class: "node-editor", "aria-label": format("Texts of node {id}", { id }) },
      el("h3", { text: format("Texts of “{id}” in every language", { id }) }),
      el("p", { class: "hint", text: "Empty a field to remove that translation (the default language is used instead). Saving writes only the languages you changed into the draft, then runs the validator." }),
      ...groups,
      el("div", { class: "row editor-actions" },
        el("button", { class: "button primary save-texts", type: "submit", text: "Save to draft" }),
        el("button", { class: "button quiet", type: "button", text: "Close", onclick: () => { if (leaveEditor()) closeEditor(); } })),
      result);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      saveEditor().catch(reportFailure);
    });
    const item = $("node-" + id);
    item.querySelector(".node-head").after(form);
    item.querySelector(".edit-texts").setAttribute("aria-expanded", "true");
    state.editor = { node: id, form, original };
    if (!report) {
      const first = form.querySelector("textarea:not([disabled])");
      if (first) first.focus();
    }
  }

  async function saveEditor() {
    const { form, original, node } = state.editor;
    const changed = new Map();  // language → [[key, text]]
    for (const area of form.querySelectorAll("textarea")) {
      const key = area.dataset.key;
      const language = area.dataset.lang;
      const text = area.value.replace(/\r\n/g, "\n");
      if (text === original.get(editorKey(key, language))) continue;
      if (!changed.has(language)) changed.set(language, []);
      changed.get(language).push([key, text]);
    }
    if (!changed.size) {
      toast("Nothing changed.");
      return;
    }
    const button = form.querySelector(".save-texts");
    button.disabled = true;
    try {
      const documents = new Map();
      for (const [language, edits] of changed) {
        const doc = structuredClone(state.content.files["locales/" + language + ".json"] || {});
        for (const [key, text] of edits) C.setLocaleText(doc, key, text);
        documents.set(language, doc);
      }
      const version = await C.saveLocales(documents);
      const result = await C.validateDraft();
      index(await C.loadWorkingContent());
      $("version-state").textContent = C.describeVersion(state.content);
      state.editor = null;
      renderFlow();
      const saved = format("Saved {langs} to the draft (revision {rev}).", { langs: [...changed.keys()].join(", "), rev: version.revision });
      openEditor(node, el("div", {}, el("p", { class: "ok-text", text: saved }), C.validationReport(result)));
      toast(saved);
    } finally {
      button.disabled = false;
    }
  }

  // ---- the page ----

  function fillSelect(select, options, value) {
    select.replaceChildren(...options.map(([v, label]) => el("option", { value: v, text: label })));
    select.value = value;
  }

  async function init() {
    const query = new URLSearchParams(location.search);
    index(await C.loadWorkingContent());
    $("version-state").textContent = C.describeVersion(state.content);
    const names = [...state.flows.keys()].sort();
    state.flow = names.includes(query.get("flow")) ? query.get("flow") : (names.includes("main_menu") ? "main_menu" : names[0]);
    state.language = state.languages.includes(query.get("lang")) ? query.get("lang") : state.content.sourceLanguage;
    fillSelect($("flow-select"), names.map((n) => [n, n]), state.flow);
    fillSelect($("language-select"), state.languages.map((l) => [l, C.languageLabel(l)]), state.language);
    $("flow-select").addEventListener("change", (event) => {
      if (!leaveEditor()) {
        event.target.value = state.flow;
        return;
      }
      state.flow = event.target.value;
      remember(null);
      renderFlow();
    });
    $("language-select").addEventListener("change", (event) => {
      const open = state.editor;
      if (open && !leaveEditor()) {
        event.target.value = state.language;
        return;
      }
      state.language = event.target.value;
      remember(null);
      renderFlow();
    });
    $("dialog-picker").addEventListener("submit", (event) => event.preventDefault());
    C.guardUnsaved(isDirty);
    renderFlow();
    if (query.get("node")) jumpTo(state.flow, query.get("node"));
  }

  window.ZaednoAdmin.start(init);
})();
