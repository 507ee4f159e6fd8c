// The contact directory page: dialogs/data/contacts.json as a form. Edits are saved into the
// content draft (PUT /api/v1/content/draft/data/contacts) and reach people once the draft is
// published. Keys this page does not know are kept as they were.
"use strict";

(() => {
  const { el, api, format, toast, announce, reportFailure } = window.ZaednoAdmin;
  const $ = (id) => document.getElementById(id);

  const FILE = "dialogs/data/contacts.json";
  const KNOWN_TOPICS = ["mental_health"];

  const TEXT = Object.freeze({
    contact: "Contact {n}",
    topic: "Topic",
    name: "Name",
    phone: "Phone",
    hours: "Hours",
    languages: "Languages",
    up: "Move up",
    down: "Move down",
    remove: "Remove",
    removed: "Contact {n} removed.",
    moved: "Contact moved to place {n}.",
    added: "New contact added at the end.",
    fromDraft: "Showing the draft (revision {revision}, saved {at} by {author}). People still get the published directory until the draft is published.",
    fromPublished: "Showing the published directory (version {id}). Saving starts a draft; people see the change once it is published.",
    noFile: "The content has no contact directory yet: add the first contact below.",
    notJson: "The draft's contacts.json is not valid JSON, so it cannot be shown as a form. Fix it on the Raw JSON page first.",
    needTopic: "Give a topic of a-z, 0-9 and _ only (e.g. mental_health).",
    needName: "Give the name people will see.",
    needPhone: "Give a phone number.",
    badPhone: "This does not look like a phone number: digits with an optional + at the start, spaces or dashes between (3 to 15 digits).",
    needHours: "Say when someone answers (e.g. 24/7): people must know when to call.",
    badLanguages: "Use language codes such as bg, uk, ar, separated by commas.",
    problems: "Please fix {n} problem(s) marked below before saving.",
    saved: "Saved to the draft. Publish it to give people the new directory.",
    published: "Published as version {id}: people get the new directory from their next message.",
    nothingToPublish: "There is no draft to publish.",
    publishRefused: "The draft cannot be published until these problems are fixed:",
    serverRefused: "The server did not accept the directory:",
    emptyPreview: "(no contacts for {topic}: people are told that the list is unavailable)",
    unsaved: "You have unsaved changes.",
    alsoInDraft: "The draft also holds other admins' unpublished changes ({flows} flow(s), {locales} translation file(s), {files} other file(s)). Publishing puts all of them live.",
    publishAll: "Publish everything",
    reviewFirst: "Review on Publish & history",
    cancelPublish: "Not now",
  });

  const state = { doc: null, entries: [], dirty: false };

  // ---- checks (the same rules the server applies) ----

  function looksLikePhone(text) {
    if (!/^\+?[0-9 ().\/-]*[0-9]$/.test(text) || text.length > 32) return false;
    const digits = text.replace(/[^0-9]/g, "").length;
    return digits >= 3 && digits <= 15;
  }

  function parseLanguages(text) {
    return text.split(/[,\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  }

  function problemsOf(entry) {
    const out = {};
    if (!/^[a-z0-9_]{1,64}$/.test(entry.topic || "")) out.topic = TEXT.needTopic;
    if (!(entry.name || "").trim()) out.name = TEXT.needName;
    const phone = (entry.phone || "").trim();
    if (!phone) out.phone = TEXT.needPhone;
    else if (!looksLikePhone(phone)) out.phone = TEXT.badPhone;
    if (!(entry.hours || "").trim()) out.hours = TEXT.needHours;
    if ((entry.languages || []).some((code) => !/^[a-z-]{2,8}$/.test(code))) out.languages = TEXT.badLanguages;
    return out;
  }

  // ---- form ----

  function markDirty() {
    state.dirty = true;
    $("dirty").hidden = false;
    renderPreview();
  }

  function fieldId(index, key) {
    return "contact-" + index + "-" + key;
  }

  function field(index, key, label, input) {
    input.id = fieldId(index, key);
    input.setAttribute("aria-describedby", fieldId(index, key) + "-error contacts-help");
    return el("div", { class: "field field-" + key },
      el("label", { for: input.id, text: label }),
      input,
      el("span", { id: fieldId(index, key) + "-error", class: "form-error field-error" }));
  }

  function textInput(entry, key, props) {
    const input = el("input", { type: "text", autocomplete: "off", ...props });
    input.value = key === "languages" ? (entry.languages || []).join(", ") : (entry[key] || "");
    input.addEventListener("input", () => {
      if (key === "languages") {
        const codes = parseLanguages(input.value);
        if (codes.length || "languages" in entry) entry.languages = codes;
      } else {
        entry[key] = input.value;
      }
      showFieldProblem(input, "");
      markDirty();
    });
    input.addEventListener("change", () => {
      if (key !== "languages") entry[key] = input.value.trim();
      const problem = problemsOf(entry)[key] || "";
      showFieldProblem(input, problem);
    });
    return input;
  }

  function showFieldProblem(input, message) {
    const error = document.getElementById(input.id + "-error");
    if (error) error.textContent = message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function move(index, by) {
    const target = index + by;
    if (target < 0 || target >= state.entries.length) return;
    const [entry] = state.entries.splice(index, 1);
    state.entries.splice(target, 0, entry);
    renderEntries();
    markDirty();
    announce(format(TEXT.moved, { n: target + 1 }));
    const again = document.querySelector(`#contacts > li:nth-child(${target + 1}) [data-move="${by < 0 ? "up" : "down"}"]`);
    (again && !again.disabled ? again : document.querySelector(`#contacts > li:nth-child(${target + 1}) input`)).focus();
  }

  function remove(index) {
    state.entries.splice(index, 1);
    renderEntries();
    markDirty();
    announce(format(TEXT.removed, { n: index + 1 }));
    $("add-contact").focus();
  }

  function entryItem(entry, index) {
    const count = state.entries.length;
    const heading = el("h2", { id: "contact-" + index + "-heading", text: format(TEXT.contact, { n: index + 1 }) });
    return el("li", { class: "card contact", "aria-labelledby": heading.id, "data-index": index },
      el("div", { class: "contact-head" }, heading,
        el("div", { class: "row" },
          el("button", { class: "button small", type: "button", text: TEXT.up, "data-move": "up",
                         disabled: index === 0, onclick: () => move(index, -1) }),
          el("button", { class: "button small", type: "button", text: TEXT.down, "data-move": "down",
                         disabled: index === count - 1, onclick: () => move(index, 1) }),
          el("button", { class: "button small danger", type: "button", text: TEXT.remove,
                         onclick: () => remove(index) }))),
      el("div", { class: "contact-grid" },
        field(index, "name", TEXT.name, textInput(entry, "name", { dir: "auto" })),
        field(index, "phone", TEXT.phone, textInput(entry, "phone", { type: "tel", inputmode: "tel", dir: "ltr" })),
        field(index, "hours", TEXT.hours, textInput(entry, "hours", { dir: "auto", placeholder: "24/7" })),
        field(index, "topic", TEXT.topic, textInput(entry, "topic", { list: "contact-topics", spellcheck: "false", autocapitalize: "none" })),
        field(index, "languages", TEXT.languages, textInput(entry, "languages", { spellcheck: "false", autocapitalize: "none", placeholder: "bg, uk" }))));
  }

  function renderEntries() {
    $("contacts").replaceChildren(...state.entries.map(entryItem));
    const topics = new Set(KNOWN_TOPICS);
    for (const e of state.entries) if (e.topic) topics.add(e.topic);
    let list = $("contact-topics");
    if (!list) {
      list = el("datalist", { id: "contact-topics" });
      $("contacts-form").append(list);
    }
    list.replaceChildren(...[...topics].map((t) => el("option", { value: t })));
  }

  /** The lines the `contacts` action sends, per topic (bot/actions/content_actions.cpp). */
  function renderPreview() {
    const topics = new Set(KNOWN_TOPICS);
    for (const e of state.entries) if (e.topic) topics.add(e.topic);
    const blocks = [];
    for (const topic of topics) {
      const lines = state.entries.filter((e) => e.topic === topic && (e.phone || "").trim())
        .map((e) => "• " + (e.name || "").trim() + ": " + e.phone.trim() + ((e.hours || "").trim() ? " (" + e.hours.trim() + ")" : ""));
      blocks.push(el("h3", { text: topic }),
        el("p", { class: "content-text chat-bubble", dir: "auto",
                  text: lines.length ? lines.join("\n") : format(TEXT.emptyPreview, { topic }) }));
    }
    $("chat-preview").replaceChildren(...blocks);
  }

  // ---- loading, saving, publishing ----

  function describeSource(version, fromDraft) {
    $("source-state").textContent = fromDraft
      ? format(TEXT.fromDraft, { revision: version.revision, at: new Date(version.updated_at).toLocaleString(), author: version.author })
      : format(TEXT.fromPublished, { id: version.id });
  }

  async function load() {
    let answer = null;
    let fromDraft = true;
    try {
      answer = await api("GET", "/api/v1/content/draft");
    } catch (failure) {
      if (failure.status !== 404) throw failure;
      fromDraft = false;
      answer = await api("GET", "/api/v1/content/published");
    }
    describeSource(answer.version, fromDraft);
    const file = answer.files[FILE];
    if (typeof file === "string") {
      $("source-state").append(" ", el("strong", { text: TEXT.notJson }), " ", el("a", { href: "/admin/json", text: "Raw JSON" }));
      $("contacts-form").hidden = true;
      return;
    }
    $("contacts-form").hidden = false;
    state.doc = file && typeof file === "object" && !Array.isArray(file) ? file : { contacts: [] };
    if (!file) $("source-state").append(" " + TEXT.noFile);
    state.entries = Array.isArray(state.doc.contacts)
      ? state.doc.contacts.map((e) => (e && typeof e === "object" ? e : { topic: "", name: String(e), phone: "", hours: "" }))
      : [];
    $("file-note").value = typeof state.doc.note === "string" ? state.doc.note : "";
    state.dirty = false;
    $("dirty").hidden = true;
    renderEntries();
    renderPreview();
  }

  function documentToSave() {
    const out = {};
    for (const [key, value] of Object.entries(state.doc)) out[key] = value;
    const note = $("file-note").value.trim();
    if (note) out.note = note;
    else delete out.note;
    out.contacts = state.entries.map((entry) => {
      const copy = {};
      for (const [key, value] of Object.entries(entry)) {
        copy[key] = typeof value === "string" ? value.trim() : value;
      }
      if (Array.isArray(copy.languages) && copy.languages.length === 0) delete copy.languages;
      return copy;
    });
    return out;
  }

  function showProblems(title, lines) {
    const box = $("form-problems");
    box.replaceChildren(el("p", { text: title }), el("ul", {}, lines.map((line) => el("li", { text: line }))));
  }

  function checkAll() {
    let first = null;
    let count = 0;
    state.entries.forEach((entry, index) => {
      const problems = problemsOf(entry);
      for (const key of ["name", "phone", "hours", "topic", "languages"]) {
        const input = $(fieldId(index, key));
        showFieldProblem(input, problems[key] || "");
        if (problems[key]) {
          count += 1;
          if (!first) first = input;
        }
      }
    });
    $("form-problems").replaceChildren();
    if (count) {
      $("form-problems").textContent = format(TEXT.problems, { n: count });
      first.focus();
    }
    return count === 0;
  }

  /** The server's 422 problems, placed on the fields their JSON pointers name. */
  function placeServerProblems(errors) {
    const lines = [];
    for (const problem of errors) {
      const match = /^\/contacts\/(\d+)\/(\w+)/.exec(problem.path || "");
      const input = match && $(fieldId(Number(match[1]), match[2]));
      if (input) showFieldProblem(input, problem.message);
      lines.push((problem.path || problem.file) + ": " + problem.message);
    }
    showProblems(TEXT.serverRefused, lines);
  }

  async function save(event) {
    if (event) event.preventDefault();
    if (!checkAll()) return false;
    const button = $("save");
    button.disabled = true;
    try {
      await api("PUT", "/api/v1/content/draft/data/contacts", documentToSave());
      toast(TEXT.saved);
      await load();
      return true;
    } catch (failure) {
      if (failure.status === 422 && Array.isArray(failure.body.errors)) placeServerProblems(failure.body.errors);
      else reportFailure(failure);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  function describeProblem(p) {
    const where = p.flow ? [p.flow, p.node, p.field].filter(Boolean).join(" / ")
      : p.key ? p.key : [p.field || p.path].filter(Boolean).join("");
    return p.file + (where ? " — " + where : "") + ": " + p.message;
  }

  /** Other edits waiting in the same draft: publishing puts them live too. */
  async function otherChanges() {
    const diff = await api("GET", "/api/v1/content/draft/diff");
    const files = (diff.files || []).filter((f) => f.file !== FILE).length;
    const flows = (diff.flows || []).length;
    const locales = (diff.locales || []).length;
    return flows + locales + files ? format(TEXT.alsoInDraft, { flows, locales, files }) : "";
  }

  function confirmPublish(message) {
    return new Promise((resolve) => {
      const box = $("publish-confirm");
      const finish = (answer) => { box.hidden = true; box.replaceChildren(); resolve(answer); };
      box.replaceChildren(
        el("p", { text: message }),
        el("div", { class: "row" },
          el("button", { id: "publish-everything", class: "button primary", type: "button", text: TEXT.publishAll, onclick: () => finish(true) }),
          el("a", { class: "button", href: "/admin/history", text: TEXT.reviewFirst }),
          el("button", { class: "button quiet", type: "button", text: TEXT.cancelPublish, onclick: () => finish(false) })));
      box.hidden = false;
      $("publish-everything").focus();
    });
  }

  async function publish() {
    if (state.dirty && !(await save())) return;
    const button = $("publish");
    button.disabled = true;
    $("form-problems").replaceChildren();
    try {
      const others = await otherChanges();
      if (others && !(await confirmPublish(others))) return;
      const answer = await api("POST", "/api/v1/content/draft/publish", { note: "contact directory" });
      toast(format(TEXT.published, { id: answer.version.id }));
      await load();
    } catch (failure) {
      if (failure.status === 422 && failure.body.errors) showProblems(TEXT.publishRefused, (failure.body.errors || []).map(describeProblem));
      else if (failure.status === 404) toast(TEXT.nothingToPublish);
      else reportFailure(failure);
    } finally {
      button.disabled = false;
    }
  }

  function addContact() {
    state.entries.push({ topic: "mental_health", name: "", phone: "", hours: "" });
    renderEntries();
    markDirty();
    announce(TEXT.added);
    $(fieldId(state.entries.length - 1, "name")).focus();
  }

  function init() {
    $("contacts-form").addEventListener("submit", save);
    $("publish").addEventListener("click", publish);
    $("add-contact").addEventListener("click", addContact);
    $("file-note").addEventListener("input", markDirty);
    window.addEventListener("beforeunload", (event) => {
      if (state.dirty) {
        event.preventDefault();
        event.returnValue = TEXT.unsaved;
      }
    });
    return load();
  }

  window.ZaednoAdmin.start(init);
})();
