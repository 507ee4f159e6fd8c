// The accounts page: list caseworker and admin accounts, create one (its one-time password is
// shown once), change a role, deactivate or reactivate, reset a password.
"use strict";

(() => {
  const { el, api, format, toast, announce, reportFailure } = window.ZaednoAdmin;
  const $ = (id) => document.getElementById(id);

  const TEXT = Object.freeze({
    you: "you",
    caseworker: "Caseworker",
    admin: "Admin",
    active: "Active",
    inactive: "Deactivated",
    mustChange: "Temporary password",
    never: "never",
    deactivate: "Deactivate",
    reactivate: "Reactivate",
    reset: "Reset password",
    confirmDeactivate: "Deactivate {name}?",
    confirmReset: "Give {name} a new one-time password?",
    yes: "Yes",
    cancel: "Cancel",
    roleFor: "Role of {name}",
    selfLocked: "You cannot change your own role or deactivate yourself.",
    created: "Account {name} created.",
    createdFor: "Give this password to {name}:",
    resetFor: "New password for {name} (their old password and sessions no longer work):",
    roleChanged: "{name} is now {role}.",
    deactivated: "{name} is deactivated; their sessions have ended.",
    reactivated: "{name} can log in again.",
    copied: "Password copied.",
    copyFailed: "Copying did not work: select the password and copy it yourself.",
    needName: "Enter a username.",
    badName: "Use lower-case letters, digits and . _ - @ only (at most 64).",
    empty: "No accounts yet.",
    headings: ["Username", "Role", "State", "Created", "Last login", "Actions"],
  });

  let me = null;

  function when(iso) {
    if (!iso) return TEXT.never;
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  function roleLabel(role) {
    return role === "admin" ? TEXT.admin : TEXT.caseworker;
  }

  // ---- one-time password panel ----

  function showPassword(intro, password) {
    $("one-time-for").textContent = intro;
    $("one-time-password").value = password;
    $("one-time").hidden = false;
    $("one-time").scrollIntoView({ block: "nearest" });
    $("one-time-password").focus();
    $("one-time-password").select();
  }

  function hidePassword() {
    $("one-time-password").value = "";
    $("one-time").hidden = true;
  }

  async function copyPassword() {
    const field = $("one-time-password");
    try {
      await navigator.clipboard.writeText(field.value);
      toast(TEXT.copied);
    } catch {
      field.focus();
      field.select();
      const done = document.execCommand && document.execCommand("copy");
      toast(done ? TEXT.copied : TEXT.copyFailed, done ? "info" : "error");
    }
  }

  // ---- table ----

  /** A cell with its column name, which narrow screens show beside the value. */
  function cell(column, ...children) {
    return el("td", { "data-label": TEXT.headings[column] }, ...children);
  }

  function confirmInline(container, question, action) {
    const previous = [...container.childNodes];
    const restore = () => { container.replaceChildren(...previous); };
    const yes = el("button", { class: "button small danger", type: "button", text: TEXT.yes, onclick: async () => {
      yes.disabled = true;
      try { await action(); } catch (failure) { restore(); reportFailure(failure); }
    } });
    container.replaceChildren(
      el("span", { class: "confirm-question", text: question }),
      yes,
      el("button", { class: "button small", type: "button", text: TEXT.cancel, onclick: restore }));
    yes.focus();
  }

  async function change(account, fields, message) {
    const updated = await api("PATCH", "/api/v1/accounts/" + account.id, fields);
    toast(format(message, { name: updated.username, role: roleLabel(updated.role).toLowerCase() }));
    await load();
  }

  function row(account) {
    const self = me && account.username === me.username;
    const role = el("select", { "aria-label": format(TEXT.roleFor, { name: account.username }),
                               disabled: self, title: self ? TEXT.selfLocked : null,
                               "data-account": account.username, class: "role-select" },
      el("option", { value: "caseworker", text: TEXT.caseworker, selected: account.role === "caseworker" }),
      el("option", { value: "admin", text: TEXT.admin, selected: account.role === "admin" }));
    role.addEventListener("change", () => {
      change(account, { role: role.value }, TEXT.roleChanged).catch((failure) => {
        role.value = account.role;
        reportFailure(failure);
      });
    });
    const state = el("span", { class: "states" },
      el("span", { class: "badge " + (account.active ? "ok" : "bad"), text: account.active ? TEXT.active : TEXT.inactive }),
      account.must_change_password ? el("span", { class: "badge warn", text: TEXT.mustChange }) : null);
    const actions = el("div", { class: "row actions" });
    if (!self) {
      if (account.active) {
        actions.append(el("button", { class: "button small danger", type: "button", text: TEXT.deactivate,
          "data-action": "deactivate",
          onclick: () => confirmInline(actions, format(TEXT.confirmDeactivate, { name: account.username }),
            () => change(account, { active: false }, TEXT.deactivated)) }));
      } else {
        actions.append(el("button", { class: "button small", type: "button", text: TEXT.reactivate,
          "data-action": "reactivate",
          onclick: () => change(account, { active: true }, TEXT.reactivated).catch(reportFailure) }));
      }
      actions.append(el("button", { class: "button small", type: "button", text: TEXT.reset,
        "data-action": "reset",
        onclick: () => confirmInline(actions, format(TEXT.confirmReset, { name: account.username }), async () => {
          const answer = await api("POST", "/api/v1/accounts/" + account.id + "/reset-password");
          showPassword(format(TEXT.resetFor, { name: answer.account.username }), answer.one_time_password);
          await load();
        }) }));
    } else {
      actions.append(el("span", { class: "hint", text: TEXT.selfLocked }));
    }
    return el("tr", { "data-username": account.username, class: account.active ? null : "inactive" },
      el("th", { scope: "row", "data-label": TEXT.headings[0] },
        el("span", { class: "username", text: account.username }),
        self ? el("span", { class: "badge", text: TEXT.you }) : null),
      cell(1, role),
      cell(2, state),
      cell(3, when(account.created_at)),
      cell(4, when(account.last_login_at)),
      cell(5, actions));
  }

  async function load() {
    const answer = await api("GET", "/api/v1/accounts");
    const items = (answer && answer.items) || [];
    $("accounts").replaceChildren(...(items.length ? items.map(row)
      : [el("tr", {}, el("td", { colspan: 6, class: "muted", text: TEXT.empty }))]));
  }

  // ---- creating ----

  async function create(event) {
    event.preventDefault();
    const error = $("new-error");
    const name = $("new-username").value.trim().toLowerCase();
    error.textContent = "";
    if (!name) {
      error.textContent = TEXT.needName;
      $("new-username").focus();
      return;
    }
    if (!/^[a-z0-9._@-]{1,64}$/.test(name)) {
      error.textContent = TEXT.badName;
      $("new-username").focus();
      return;
    }
    const button = $("new-submit");
    button.disabled = true;
    try {
      const answer = await api("POST", "/api/v1/accounts", { username: name, role: $("new-role").value });
      $("new-username").value = "";
      announce(format(TEXT.created, { name: answer.account.username }));
      showPassword(format(TEXT.createdFor, { name: answer.account.username }), answer.one_time_password);
      await load();
    } catch (failure) {
      if (failure.status === 400 || failure.status === 409) error.textContent = failure.message;
      else reportFailure(failure);
    } finally {
      button.disabled = false;
    }
  }

  function init(signedIn) {
    me = signedIn;
    $("new-account").addEventListener("submit", create);
    $("one-time-copy").addEventListener("click", copyPassword);
    $("one-time-done").addEventListener("click", hidePassword);
    return load();
  }

  window.ZaednoAdmin.start(init);
})();
