// The admin start page: what is published, whether a draft waits, and where each task lives.
"use strict";

(() => {
  const { el, api, format } = window.ZaednoAdmin;


  function when(iso) {
    if (!iso) return "";
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
  }

  async function describeContent() {
    const state = document.getElementById("content-state");
    const history = await api("GET", "/api/v1/content/versions");
    const published = ((history && history.items) || []).find((v) => v.state === "published");
    let draft = null;
    try {
      draft = (await api("GET", "/api/v1/content/draft")).version;
    } catch (failure) {
      if (failure.status !== 404) throw failure;
    }
    const lines = [];
    if (published) {
      lines.push(format("Published: version {id} of {at}{by}.", {
        id: published.id, at: when(published.published_at || published.created_at),
        by: published.author ? ", by " + published.author : "",
      }));
    }
    lines.push(draft ? format("A draft is waiting (saved {at}). Preview it, then publish it on the history page.", { at: when(draft.updated_at) })
                     : "No draft: your first change starts one.");
    state.replaceChildren(...lines.map((line) => el("span", { text: line + " " })));
    state.classList.remove("muted");
  }

  function init() {
    const sections = window.ZaednoAdmin.pages.filter((p) => p.about);
    document.getElementById("sections").replaceChildren(...sections.map((p) =>
      el("li", { class: "card" },
        el("h2", {}, el("a", { href: p.path, text: p.label })),
        el("p", { class: "muted", text: p.about }))));
    return describeContent();
  }

  window.ZaednoAdmin.start(init);
})();
