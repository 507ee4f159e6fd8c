// The frame every admin page shares: sign-in check, navigation, the API helper and small DOM
// helpers. A page script registers itself with ZaednoAdmin.start(init); init runs once an
// admin is signed in. Data only ever reaches the page through textContent.
"use strict";

(() => {
  // Every page of the admin area, in navigation order: the bar on the left and the overview's
  // cards are drawn from it. `path` is what the server serves (bot/admin/assets/<name>.html).
  const PAGES = Object.freeze([
    { path: "/admin", label: "Overview", about: "" },
    { path: "/admin/dialogs", label: "Dialogs", about: "Read each flow as a list of nodes with their texts, buttons and targets; edit a node's texts in every language side by side." },
    { path: "/admin/translations", label: "Translations", about: "Every text key against every language: find missing translations and ones older than their source text, and fix them in place." },
    { path: "/admin/json", label: "Raw JSON", about: "For advanced admins: edit any dialog, data or translation file as JSON, with the validator's messages beside their lines." },
    { path: "/admin/preview", label: "Preview", about: "Talk to the draft in the web chat before publishing, in any language; nothing is stored, booked or sent." },
    { path: "/admin/history", label: "Publish & history", about: "See what the draft changes, publish it with a note, discard it, and roll back to any earlier version." },
    { path: "/admin/contacts", label: "Contacts", about: "The crisis and mental-health contacts the assistant gives out: names, numbers, hours and languages, saved into the draft and published." },
    { path: "/admin/services", label: "Services", about: "Services people can book, their locations, weekly schedules, closed days and extra hours, with upcoming slots and booking exports." },
    { path: "/admin/accounts", label: "Accounts", about: "Caseworker and admin accounts: create them with a one-time password, change roles, deactivate, reset passwords." },
    { path: "/admin/reports", label: "Reports", about: "Anonymous counts for donors by day, week or month: people reached, conversations, appointments, handoffs and waiting times, with CSV." },
  ]);

  const TEXT = Object.freeze({
    appName: "Zaedno admin",
    navLabel: "Admin sections",
    signedInAs: "{username} (admin)",
    logout: "Log out",
    console: "Console",
    loginTitle: "Administrator login",
    username: "Username",
    password: "Password",
    logIn: "Log in",
    loggingIn: "Logging in…",
    badCredentials: "Wrong username or password.",
    lockedOut: "Too many attempts. Wait a few minutes, then try again.",
    missingCredentials: "Enter your username and password.",
    serverUnreachable: "The server cannot be reached. Check the connection and try again.",
    sessionExpired: "Your session has ended. Please log in again.",
    notAdmin: "These pages are for administrators. Your account ({username}) is a caseworker account.",
    mustChangePassword: "This account still has its temporary password. Choose your own password in the console first.",
    openConsole: "Open the console",
    failed: "That did not work: {reason}",
    dismiss: "Dismiss",
  });

  const { $, format, el, svg } = window.ZaednoDom;

  const session = { me: null };

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || (status === 0 ? TEXT.serverUnreachable : "HTTP " + status));
      this.status = status;
      this.body = body || {};
    }
  }

  /**
   * One REST call with the session cookie and CSRF header. Resolves with the parsed JSON body
   * (null when empty); rejects with ApiError (status 0 when the server cannot be reached).
   * `options.text` sends a raw string body instead of JSON; `options.accept` asks for text.
   */
  async function api(method, path, body, options = {}) {
    const headers = { Accept: options.accept || "application/json" };
    if (method !== "GET" && session.me && session.me.csrf) headers["X-CSRF-Token"] = session.me.csrf;
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new ApiError(0, null);
    }
    const raw = await response.text();
    let data = null;
    if (raw && !(options.accept && !options.accept.includes("json"))) {
      try { data = JSON.parse(raw); } catch { data = null; }
    } else if (raw) {
      data = raw;
    }
    if (!response.ok) {
      if (response.status === 401 && session.me) sessionEnded();
      throw new ApiError(response.status, typeof data === "object" ? data : null);
    }
    return data;
  }

  // ---- messages to the admin ----

  let toastTimer = null;

  /** A short message at the bottom of the page; kind "error" stays until dismissed. */
  function toast(message, kind = "info") {
    const box = $("admin-toast");
    box.replaceChildren(el("span", { text: message }));
    box.dataset.kind = kind;
    box.hidden = false;
    clearTimeout(toastTimer);
    if (kind === "error") {
      box.append(el("button", { class: "button quiet", type: "button", text: TEXT.dismiss, onclick: () => { box.hidden = true; } }));
    } else {
      toastTimer = setTimeout(() => { box.hidden = true; }, 5000);
    }
    announce(message);
  }

  function announce(message) {
    const live = $("admin-announcer");
    live.textContent = "";
    setTimeout(() => { live.textContent = message; }, 30);
  }

  /** A failed call in words an admin can act on (the server's own error text when it gave one). */
  function reportFailure(error) {
    if (error && error.status === 401) return;
    toast(format(TEXT.failed, { reason: (error && error.message) || String(error) }), "error");
  }

  // ---- frame, sign-in ----

  function renderFrame() {
    const here = location.pathname.replace(/\/+$/, "") || "/admin";
    const header = el("header", { class: "topbar" },
      el("a", { class: "brand", href: "/admin" },
        el("img", { src: "/admin/assets/icon.svg", alt: "", width: 24, height: 24 }),
        el("span", { text: TEXT.appName })),
      el("span", { id: "admin-whoami", class: "whoami", hidden: true }),
      el("a", { class: "button quiet", href: "/console", text: TEXT.console }),
      el("button", { id: "admin-logout", class: "button quiet", type: "button", text: TEXT.logout, hidden: true, onclick: logout }));
    const nav = el("nav", { id: "admin-nav", class: "admin-nav", "aria-label": TEXT.navLabel, hidden: true },
      el("ul", {}, PAGES.map((p) => el("li", {},
        el("a", { href: p.path, text: p.label, "aria-current": p.path === here ? "page" : null })))));
    document.body.prepend(header, nav);
    document.body.append(
      el("div", { id: "admin-announcer", class: "visually-hidden", role: "status", "aria-live": "polite" }),
      el("p", { id: "admin-toast", class: "toast", role: "alert", hidden: true }));
  }

  function loginForm(message) {
    const form = el("form", { id: "admin-login-form", class: "login-card", novalidate: true },
      el("h2", { text: TEXT.loginTitle }),
      el("label", { for: "admin-login-username", text: TEXT.username }),
      el("input", { id: "admin-login-username", type: "text", autocomplete: "username", autocapitalize: "none", spellcheck: "false", required: true }),
      el("label", { for: "admin-login-password", text: TEXT.password }),
      el("input", { id: "admin-login-password", type: "password", autocomplete: "current-password", required: true }),
      el("p", { id: "admin-login-error", class: "form-error", role: "alert", text: message || "" }),
      el("button", { id: "admin-login-submit", class: "button primary", type: "submit", text: TEXT.logIn }));
    form.addEventListener("submit", submitLogin);
    return form;
  }

  function showGate(content) {
    $("page").hidden = true;
    $("admin-nav").hidden = true;
    let gate = $("admin-gate");
    if (!gate) {
      gate = el("main", { id: "admin-gate", class: "login-view" });
      $("page").before(gate);
    }
    gate.replaceChildren(content);
    gate.hidden = false;
    const first = gate.querySelector("input, a, button");
    if (first) first.focus();
  }

  async function submitLogin(event) {
    event.preventDefault();
    const username = $("admin-login-username").value.trim();
    const password = $("admin-login-password").value;
    const error = $("admin-login-error");
    if (!username || !password) {
      error.textContent = TEXT.missingCredentials;
      return;
    }
    const button = $("admin-login-submit");
    button.disabled = true;
    button.textContent = TEXT.loggingIn;
    try {
      const answer = await api("POST", "/api/v1/auth/login", { username, password });
      $("admin-login-password").value = "";
      admit({ username: answer.username || username, role: answer.role, csrf: answer.csrf,
              must_change_password: answer.must_change_password });
    } catch (failure) {
      $("admin-login-password").value = "";
      if (failure.status === 401 || failure.status === 400) error.textContent = TEXT.badCredentials;
      else if (failure.status === 429) error.textContent = TEXT.lockedOut;
      else error.textContent = failure.message;
      $("admin-login-password").focus();
    } finally {
      button.disabled = false;
      button.textContent = TEXT.logIn;
    }
  }

  let pageInit = null;
  let pageStarted = false;

  function admit(me) {
    session.me = me;
    if (me.role !== "admin") {
      showGate(el("div", { class: "login-card" },
        el("p", { text: format(TEXT.notAdmin, { username: me.username }) }),
        el("a", { class: "button", href: "/console", text: TEXT.openConsole })));
      $("admin-logout").hidden = false;
      return;
    }
    if (me.must_change_password) {
      showGate(el("div", { class: "login-card" },
        el("p", { text: TEXT.mustChangePassword }),
        el("a", { class: "button primary", href: "/console", text: TEXT.openConsole })));
      $("admin-logout").hidden = false;
      return;
    }
    const gate = $("admin-gate");
    if (gate) gate.hidden = true;
    $("admin-whoami").textContent = format(TEXT.signedInAs, { username: me.username });
    $("admin-whoami").hidden = false;
    $("admin-logout").hidden = false;
    $("admin-nav").hidden = false;
    $("page").hidden = false;
    if (!pageStarted && pageInit) {
      pageStarted = true;
      Promise.resolve(pageInit(me)).catch(reportFailure);
    }
  }

  function sessionEnded() {
    session.me = null;
    $("admin-whoami").hidden = true;
    $("admin-logout").hidden = true;
    showGate(loginForm(TEXT.sessionExpired));
  }

  async function logout() {
    try { await api("POST", "/api/v1/auth/logout"); } catch { /* the session ends either way */ }
    session.me = null;
    location.assign("/admin");
  }

  async function boot() {
    renderFrame();
    try {
      const me = await api("GET", "/api/v1/auth/me");
      admit(me);
    } catch (failure) {
      showGate(loginForm(failure.status === 401 ? "" : failure.message));
    }
  }

  /** Pages call this once: init(me) runs after an admin is signed in (again after a re-login). */
  function start(init) {
    pageInit = init;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
    else boot();
  }

  window.ZaednoAdmin = Object.freeze({
    start, api, ApiError, el, svg, format, toast, announce, reportFailure, pages: PAGES,
    me: () => session.me,
  });
})();
