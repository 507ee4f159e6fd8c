// The publish & history page: what the draft changes against the published version, publish
// with a note (the validator's refusals and conflicts explained), discard, the version
// history with each version's files, and roll-back.
"use strict";

(() => {
  const { el, api, format, toast, reportFailure, announce } = window.ZaednoAdmin;
  const C = window.ZaednoContent;
  const $ = (id) => document.getElementById(id);

  const state = { draft: null, published: null, versions: [], viewing: null };

  function when(iso) {
    if (!iso) return "";
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
  }

  const SOURCES = { seed: "first version from the shipped files", import: "imported from files", edit: "edited here", rollback: "roll-back" };

  // ---- the draft and its difference ----

  function statusBadge(status) {
    const kind = status === "added" ? "ok" : status === "removed" ? "bad" : "warn";
    return el("span", { class: "badge " + kind, text: status });
  }

  function flowDiff(flow) {
    const nodes = flow.nodes.map((n) => el("li", {},
      statusBadge(n.status), " ",
      n.status === "removed"
        ? el("code", { text: n.node })
        : el("a", { href: "/admin/dialogs?" + new URLSearchParams({ flow: flow.flow, node: n.node }), text: n.node })));
    const fields = flow.fields.map((f) => el("li", {}, statusBadge("changed"), " ",
      f ? el("span", { text: format("the flow's “{field}”", { field: f }) }) : el("span", { text: "the whole file (it does not parse on one side)" })));
    return el("li", { class: "diff-flow" },
      el("h4", {}, el("span", { text: format("Flow “{flow}” ", { flow: flow.flow }) }), statusBadge(flow.status), " ",
        el("a", { class: "small-link", href: "/admin/json?" + new URLSearchParams({ file: flow.file }), text: flow.file })),
      nodes.length || fields.length ? el("ul", { class: "diff-items" }, nodes, fields) : null);
  }

  function localeDiff(locale) {
    const rows = locale.keys.filter((k) => k.key).map((k) => el("tr", {},
      el("th", { scope: "row" }, el("code", { text: k.key }), " ", statusBadge(k.status)),
      el("td", { class: "content-text", dir: C.direction(locale.language), lang: locale.language, text: k.published ?? "—" }),
      el("td", { class: "content-text", dir: C.direction(locale.language), lang: locale.language, text: k.draft ?? "—" })));
    const layoutOnly = locale.keys.some((k) => !k.key);
    return el("li", { class: "diff-locale", "data-lang": locale.language },
      el("h4", {}, el("span", { text: C.languageLabel(locale.language) + " " }), statusBadge(locale.status)),
      rows.length ? el("div", { class: "table-wrap" }, el("table", { class: "data diff-keys" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Key" }), el("th", { scope: "col", text: "Published" }), el("th", { scope: "col", text: "Draft" }))),
        el("tbody", {}, rows))) : null,
      layoutOnly ? el("p", { class: "muted", text: "Only the layout of the file or its _meta changed." }) : null);
  }

  function renderDiff(diff) {
    const box = $("diff");
    const parts = [];
    if (diff.flows.length) parts.push(el("h3", { text: "Flows" }), el("ul", { class: "diff-list" }, diff.flows.map(flowDiff)));
    if (diff.locales.length) parts.push(el("h3", { text: "Translations" }), el("ul", { class: "diff-list" }, diff.locales.map(localeDiff)));
    if (diff.files.length) {
      parts.push(el("h3", { text: "Other files" }), el("ul", { class: "diff-list" }, diff.files.map((f) => el("li", {},
        statusBadge(f.status), " ", el("a", { href: "/admin/json?" + new URLSearchParams({ file: f.file }), text: f.file })))));
    }
    if (!parts.length) parts.push(el("p", { class: "muted", text: "The draft is the same as the published version." }));
    box.replaceChildren(el("h3", { class: "visually-hidden", text: "Changes" }), ...parts);
  }

  function outdatedExplanation(draft, published) {
    return format("This draft was started from version {base}, but version {current} was published since ({when}{by}{note}). The difference shown is against version {current}: publishing the draft as it is also undoes what version {current} changed.", {
      base: draft.based_on ?? "none", current: published.id, when: when(published.published_at),
      by: published.author ? ", by " + published.author : "", note: published.note ? ": “" + published.note + "”" : "",
    });
  }

  async function loadDraft() {
    state.draft = null;
    try {
      state.draft = (await api("GET", "/api/v1/content/draft")).version;
    } catch (failure) {
      if (failure.status !== 404) throw failure;
    }
    $("publish-form").hidden = !state.draft;
    $("draft-warning").hidden = true;
    if (!state.draft) {
      $("draft-state").textContent = "There is no draft. Changes made on the Dialogs, Translations or Raw JSON pages start one; the published version keeps running until you publish.";
      $("diff").replaceChildren();
      return;
    }
    const d = state.draft;
    $("draft-state").textContent = format("Draft based on version {base}, revision {rev}, last saved {at} by {who}.", {
      base: d.based_on ?? "none", rev: d.revision, at: when(d.updated_at), who: d.author || "?" });
    if (state.published && d.based_on !== state.published.id) {
      $("draft-warning").replaceChildren(el("p", { text: outdatedExplanation(d, state.published) }));
      $("draft-warning").hidden = false;
    }
    renderDiff(await api("GET", "/api/v1/content/draft/diff"));
  }

  // ---- publishing ----

  function showResult(...content) {
    $("publish-result").replaceChildren(...content);
    const first = $("publish-result").querySelector("p");
    if (first) announce(first.textContent);
  }

  async function publish(replaces) {
    const body = { note: $("publish-note").value.trim() };
    if (replaces) body.replaces = replaces;
    $("publish").disabled = true;
    try {
      const answer = await api("POST", "/api/v1/content/draft/publish", body);
      $("publish-note").value = "";
      showResult(el("p", { class: "ok-text", text: format("Published as version {id}. New messages use it now.", { id: answer.version.id }) }));
      toast(format("Version {id} is published.", { id: answer.version.id }));
      await reload();
    } catch (failure) {
      if (failure.status === 422) {
        showResult(el("p", { class: "form-error", text: "Not published: the draft does not validate. Fix these errors (each names the flow, node and field) and publish again." }),
          C.validationReport(failure.body));
      } else if (failure.status === 409 && failure.body.reason === "outdated") {
        const current = failure.body.published;
        showResult(el("div", { class: "notice conflict" },
          el("p", { class: "form-error", text: "Not published: a newer version was published while this draft was being edited." }),
          el("p", { text: outdatedExplanation(failure.body.draft, current) }),
          el("p", { text: "Either discard the draft and make your changes again on top of the new version, or check the difference above and publish the draft over it." }),
          el("div", { class: "row" },
            el("button", { id: "publish-over", class: "button primary", type: "button", text: format("Publish over version {id}", { id: current.id }),
              onclick: () => {
                if (window.confirm(format("Publish the draft in place of version {id}? What version {id} changed and the draft does not have is undone.", { id: current.id }))) {
                  publish(current.id).catch(reportFailure);
                }
              } }),
            el("button", { class: "button danger", type: "button", text: "Discard draft", onclick: () => discard().catch(reportFailure) }))));
        await reload(false);
      } else if (failure.status === 409) {
        showResult(el("p", { class: "form-error", text: "Not published: the draft was saved again while it was being checked (is someone else editing?). Look at the difference again and publish once more." }));
        await reload(false);
      } else {
        throw failure;
      }
    } finally {
      $("publish").disabled = false;
    }
  }

  async function validate() {
    const result = await C.validateDraft();
    showResult(C.validationReport(result));
  }

  async function discard() {
    if (!window.confirm("Discard the draft? Every change in it is lost; the published version stays as it is.")) return;
    await api("DELETE", "/api/v1/content/draft");
    showResult(el("p", { class: "ok-text", text: "The draft was discarded." }));
    toast("The draft was discarded.");
    await reload(false);
  }

  // ---- versions ----

  function renderVersions() {
    const body = $("versions-body");
    body.replaceChildren(...state.versions.map((v) => {
      const live = v.state === "published";
      return el("tr", { "data-version": v.id, class: live ? "live" : "" },
        el("th", { scope: "row" }, el("span", { text: String(v.id) }),
          el("span", { class: "muted source", text: " · " + (SOURCES[v.source] || v.source) + (v.source === "rollback" && v.based_on ? format(" to {id}", { id: v.based_on }) : "") })),
        el("td", {}, el("span", { class: "badge " + (live ? "ok" : ""), text: live ? "published" : "earlier" })),
        el("td", { text: when(v.published_at || v.created_at) }),
        el("td", { text: v.author }),
        el("td", { class: "note", text: v.note }),
        el("td", { class: "actions" },
          el("button", { class: "button small", type: "button", text: "View files", onclick: () => viewVersion(v.id).catch(reportFailure) }),
          live ? null : el("button", { class: "button small danger rollback", type: "button", text: format("Roll back to {id}", { id: v.id }),
            onclick: () => rollback(v).catch(reportFailure) })));
    }));
  }

  async function rollback(v) {
    const draftNote = state.draft ? " The draft stays, but it was started from the version now replaced: publishing it later will ask you to confirm." : "";
    if (!window.confirm(format("Roll back to version {id} ({when})? It is published again at once as a new version.{draft}", { id: v.id, when: when(v.published_at || v.created_at), draft: draftNote }))) return;
    try {
      const answer = await api("POST", "/api/v1/content/versions/" + v.id + "/rollback");
      $("rollback-result").replaceChildren(el("p", { class: "ok-text", text: format("Rolled back: version {id} runs now (a copy of version {to}).", { id: answer.version.id, to: v.id }) }));
      toast(format("Version {id} is published.", { id: answer.version.id }));
      await reload(false);
    } catch (failure) {
      if (failure.status !== 422) throw failure;
      $("rollback-result").replaceChildren(el("p", { class: "form-error", text: format("Version {id} cannot be published again: it no longer validates with this version of Zaedno.", { id: v.id }) }),
        C.validationReport(failure.body));
    }
  }

  async function viewVersion(id) {
    const answer = await api("GET", "/api/v1/content/versions/" + id + "?format=raw");
    state.viewing = answer;
    const paths = Object.keys(answer.files).sort();
    $("version-view-heading").textContent = format("Files of version {id}", { id });
    $("version-file").replaceChildren(...paths.map((p) => el("option", { value: p, text: p })));
    $("version-file").value = paths.includes("dialogs/main_menu.json") ? "dialogs/main_menu.json" : paths[0];
    showVersionFile();
    $("version-view").hidden = false;
    $("version-view-heading").focus();
  }

  function showVersionFile() {
    $("version-text").textContent = state.viewing ? state.viewing.files[$("version-file").value] ?? "" : "";
  }

  async function reload(clearResult = true) {
    if (clearResult) $("rollback-result").replaceChildren();
    const history = await api("GET", "/api/v1/content/versions");
    state.versions = history.items || [];
    state.published = state.versions.find((v) => v.state === "published") || null;
    renderVersions();
    await loadDraft();
  }

  async function init() {
    $("publish-form").addEventListener("submit", (event) => {
      event.preventDefault();
      publish().catch(reportFailure);
    });
    $("validate").addEventListener("click", () => validate().catch(reportFailure));
    $("discard").addEventListener("click", () => discard().catch(reportFailure));
    $("version-file").addEventListener("change", showVersionFile);
    $("version-close").addEventListener("click", () => { $("version-view").hidden = true; state.viewing = null; });
    await reload();
  }

  window.ZaednoAdmin.start(init);
})();
