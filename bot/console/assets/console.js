// Caseworker console: login, the queue, one conversation at a time, and live updates over
// /console/socket (docs/console.md). Data only ever reaches the page through textContent.
"use strict";

(() => {
  // Every word the console shows, in one place so the console can be translated later.
  const TEXT = Object.freeze({
    pageTitle: "Zaedno console",
    pageTitleWaiting: "({count}) Zaedno console",
    appName: "Zaedno console",
    skipToConversation: "Skip to the conversation",
    logout: "Log out",
    passwordButton: "Password",
    passwordTitle: "Change your password",
    passwordForced: "This account has a temporary password. Choose your own before you continue.",
    currentPassword: "Current password",
    newPassword: "New password",
    repeatPassword: "New password again",
    changePassword: "Change password",
    cancel: "Cancel",
    passwordsDiffer: "The new passwords are not the same.",
    passwordMissing: "Fill in all three fields.",
    currentPasswordWrong: "The current password is wrong.",
    passwordRejected: "The new password was not accepted: {reason}",
    passwordChanged: "Your password has been changed.",
    loginTitle: "Caseworker login",
    username: "Username",
    password: "Password",
    logIn: "Log in",
    loggingIn: "Logging in…",
    badCredentials: "Wrong username or password.",
    lockedOut: "Too many attempts. Wait a few minutes, then try again.",
    missingCredentials: "Enter your username and password.",
    serverUnreachable: "The server cannot be reached. Check the connection and try again.",
    sessionExpired: "Your session has ended. Please log in again.",
    signedInAs: "{username} ({role})",
    roles: { caseworker: "caseworker", admin: "admin" },
    connection: { live: "Live", connecting: "Connecting…", offline: "Reconnecting…" },
    queueLabel: "Queue",
    waiting: "Waiting",
    assignedToMe: "Assigned to me",
    assignedToOthers: "Assigned to others",
    nobodyWaiting: "Nobody is waiting.",
    noneAssignedToMe: "No conversations assigned to you.",
    noneAssignedToOthers: "No conversations with colleagues.",
    chooseConversation: "Choose a conversation from the queue.",
    backToQueue: "← Queue",
    actionsLabel: "Conversation actions",
    claim: "Claim",
    release: "Release to assistant",
    close: "Close",
    transcriptLabel: "Transcript",
    cannedReplies: "Canned replies",
    cannedPrompt: "Canned replies ({language})…",
    cannedNone: "No canned replies for {language}",
    insertCanned: "Insert",
    replyLabel: "Reply to the person",
    replyPlaceholder: "Write a reply… (Ctrl+Enter sends)",
    replyNeedsClaim: "Claim this conversation to reply.",
    replyOtherHolder: "{username} is handling this conversation.",
    replyClosed: "This conversation is closed.",
    replyWithAssistant: "The assistant is handling this conversation. Claim it to reply.",
    send: "Send",
    sending: "Sending…",
    detailsLabel: "Person, appointments and notes",
    person: "Person",
    assignTitle: "Assign to a colleague",
    colleagueUsername: "Colleague's username",
    colleaguePlaceholder: "username",
    assign: "Assign",
    appointments: "Appointments",
    noAppointments: "No appointments.",
    appointmentFallback: "Appointment",
    appointmentStatus: { booked: "Booked", cancelled: "Cancelled", attended: "Attended", no_show: "Did not come" },
    interpreter: "interpreter: {language}",
    notes: "Private notes",
    notesPrivate: "Only staff see notes; the person never does.",
    noteLabel: "New note",
    notePlaceholder: "Write a note for colleagues…",
    addNote: "Add note",
    noNotes: "No notes yet.",
    personNumber: "Person #{id}",
    crisis: "Crisis",
    urgent: "Urgent",
    unread: "{count} unread",
    withColleague: "with {username}",
    waitedFor: "waiting {time}",
    waitingPrefix: "waiting",
    justNow: "just now",
    minutes: "{m} min",
    hoursMinutes: "{h} h {m} min",
    daysHours: "{d} d {h} h",
    crisisBanner: "Crisis words were detected. The assistant has sent the safety message with the emergency number; answer this person first.",
    claimedByOther: "{username} has claimed this conversation.",
    claimConflict: "{username} claimed this conversation first.",
    notYours: "You no longer hold this conversation.",
    released: "Handed back to the assistant.",
    closed: "Conversation closed.",
    assigned: "Assigned to {username}.",
    unknownColleague: "There is no colleague called {username}.",
    actionFailed: "That did not work ({status}). Please try again.",
    newWaiting: "New person waiting: {name}, {language}, {channel}.",
    newWaitingUrgent: "Urgent: {name} is waiting ({language}, {channel}).",
    crisisAlert: "Crisis: {name} needs help now.",
    newMessage: "New message from {name}.",
    statusNames: { bot: "With the assistant", waiting: "Waiting", assigned: "Assigned", closed: "Closed" },
    facts: {
      language: "Language",
      channel: "Channel",
      status: "Status",
      assignedTo: "Assigned to",
      waitingSince: "Waiting since",
      reason: "Reason",
      officeHours: "Office hours",
      lastMessage: "Last message",
    },
    officeOpen: "open now",
    officeClosed: "closed now",
    nobody: "nobody",
    reasons: {
      requested: "Asked for a person",
      crisis: "Crisis words",
      misunderstood: "Not understood several times",
      script: "Sent by a dialog",
    },
    authors: { user: "Person", bot: "Assistant", caseworker: "Caseworker" },
    attachments: {
      photo: "Photo",
      image: "Photo",
      document: "File",
      file: "File",
      voice: "Voice message",
      audio: "Audio",
      video: "Video",
      sticker: "Sticker",
      location: "Location",
      other: "Attachment",
    },
    languages: {
      bg: "Bulgarian",
      en: "English",
      ar: "Arabic",
      fa: "Persian",
      uk: "Ukrainian",
      ru: "Russian",
    },
    channels: { telegram: "Telegram", viber: "Viber", webchat: "Web chat" },
  });

  const ACTIVE_STATUSES = "waiting,assigned";
  const TICK_MS = 30000;
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 30000;

  const { $, format, el } = window.ZaednoDom;

  // ---- state ----

  const state = {
    me: null,                  // {username, role, csrf}
    conversations: new Map(),  // id -> summary, statuses waiting and assigned
    listsLoaded: false,
    eventCount: 0,             // summaries applied so far; eventAt: id -> count when last applied
    eventAt: new Map(),
    openId: null,
    open: null,                // the open conversation: summary + messages, notes, appointments
    openRequest: 0,
    socket: null,
    retryDelay: RETRY_FIRST_MS,
    retryTimer: null,
    tickTimer: null,
    toastTimer: null,
    consoleStarted: false,     // lists and socket running (a forced password change comes first)
    readPending: false,
    canned: new Map(),         // language -> items
    colleagues: new Set(),
  };

  // ---- API ----

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || "HTTP " + status);
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && state.me && state.me.csrf) headers["X-CSRF-Token"] = state.me.csrf;
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new ApiError(0, { error: "network" });
    }
    let data = null;
    const raw = await response.text();
    if (raw) {
      try { data = JSON.parse(raw); } catch { data = null; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function conversationPath(id, action) {
    return "/api/v1/conversations/" + encodeURIComponent(id) + (action ? "/" + action : "");
  }

  /** Shows a failed call to the caseworker; a lost session goes back to the login form. */
  function reportFailure(error) {
    if (error.status === 401) {
      sessionEnded(TEXT.sessionExpired);
      return;
    }
    toast(error.status === 0 ? TEXT.serverUnreachable : format(TEXT.actionFailed, { status: error.status }));
  }

  // ---- small view helpers ----

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { box.hidden = true; }, 7000);
  }

  function announce(message) {
    const region = $("announcer");
    // Clearing first makes a repeated identical message count as a change.
    region.textContent = "";
    setTimeout(() => { region.textContent = message; }, 50);
  }

  function alertNow(message) {
    const region = $("alert");
    region.textContent = "";
    setTimeout(() => { region.textContent = message; }, 50);
  }

  function languageName(code) {
    if (!code) return "—";
    return TEXT.languages[code] || code;
  }

  function channelName(code) {
    return TEXT.channels[code] || code || "—";
  }

  function personName(summary) {
    const name = summary.display_name && String(summary.display_name).trim();
    return name || format(TEXT.personNumber, { id: summary.id });
  }

  function isUrgent(summary) {
    return summary.priority === "urgent" || Boolean(summary.crisis);
  }

  function timeValue(iso) {
    const ms = iso ? Date.parse(iso) : NaN;
    return Number.isNaN(ms) ? null : ms;
  }

  function duration(fromIso) {
    const from = timeValue(fromIso);
    if (from === null) return "";
    const minutes = Math.max(0, Math.floor((Date.now() - from) / 60000));
    if (minutes < 1) return TEXT.justNow;
    if (minutes < 60) return format(TEXT.minutes, { m: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return format(TEXT.hoursMinutes, { h: hours, m: minutes % 60 });
    return format(TEXT.daysHours, { d: Math.floor(hours / 24), h: hours % 24 });
  }

  const clockFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  const dayClockFormat = new Intl.DateTimeFormat(undefined, {
    day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  });

  function clock(iso) {
    const ms = timeValue(iso);
    if (ms === null) return "";
    const date = new Date(ms);
    const today = new Date();
    return date.toDateString() === today.toDateString() ? clockFormat.format(date) : dayClockFormat.format(date);
  }

  function timeElement(iso, className) {
    return el("time", { class: className, datetime: iso || undefined, title: iso || undefined, text: clock(iso) });
  }

  /** Only web links become clickable; anything else (javascript:, data:) stays plain text. */
  function safeUrl(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      const parsed = new URL(url, location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function applyStaticText() {
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = TEXT[node.dataset.text];
    for (const node of document.querySelectorAll("[data-label]")) node.setAttribute("aria-label", TEXT[node.dataset.label]);
    $("reply-text").placeholder = TEXT.replyPlaceholder;
    $("note-text").placeholder = TEXT.notePlaceholder;
    $("assign-username").placeholder = TEXT.colleaguePlaceholder;
  }

  function setConnection(kind) {
    const badge = $("connection");
    badge.dataset.state = kind === "live" ? "live" : "offline";
    badge.textContent = TEXT.connection[kind];
  }

  // ---- login and session ----

  function showLogin(message) {
    $("console-view").hidden = true;
    $("password-view").hidden = true;
    $("login-view").hidden = false;
    $("logout").hidden = true;
    $("change-password").hidden = true;
    $("whoami").hidden = true;
    $("connection").hidden = true;
    $("login-error").textContent = message || "";
    document.title = TEXT.pageTitle;
    $("login-username").focus();
  }

  async function submitLogin(event) {
    event.preventDefault();
    const username = $("login-username").value.trim();
    const password = $("login-password").value;
    const error = $("login-error");
    if (!username || !password) {
      error.textContent = TEXT.missingCredentials;
      return;
    }
    const button = $("login-submit");
    button.disabled = true;
    button.textContent = TEXT.loggingIn;
    error.textContent = "";
    try {
      const session = await api("POST", "/api/v1/auth/login", { username, password });
      $("login-password").value = "";
      enter({
        username: session.username || username,
        role: session.role,
        csrf: session.csrf,
        mustChangePassword: Boolean(session.must_change_password),
      });
    } catch (failure) {
      $("login-password").value = "";
      if (failure.status === 401 || failure.status === 400) error.textContent = TEXT.badCredentials;
      else if (failure.status === 429) error.textContent = TEXT.lockedOut;
      else if (failure.status === 0) error.textContent = TEXT.serverUnreachable;
      else error.textContent = format(TEXT.actionFailed, { status: failure.status });
      $("login-password").focus();
    } finally {
      button.disabled = false;
      button.textContent = TEXT.logIn;
    }
  }

  /** After login: a temporary password is replaced first, then the console opens. */
  function enter(me) {
    state.me = me;
    $("login-view").hidden = true;
    $("whoami").textContent = format(TEXT.signedInAs, { username: me.username, role: TEXT.roles[me.role] || me.role || "" });
    $("whoami").hidden = false;
    $("logout").hidden = false;
    if (me.mustChangePassword) showPasswordForm(true);
    else startConsole();
  }

  function showPasswordForm(forced) {
    $("console-view").hidden = true;
    $("password-view").hidden = false;
    $("change-password").hidden = true;
    $("password-reason").hidden = !forced;
    $("password-cancel").hidden = forced;
    $("password-username").value = state.me.username;
    $("password-error").textContent = "";
    $("password-current").focus();
  }

  function leavePasswordForm() {
    for (const id of ["password-current", "password-new", "password-repeat"]) $(id).value = "";
    $("password-view").hidden = true;
    if (state.consoleStarted) {
      $("console-view").hidden = false;
      $("change-password").hidden = false;
      $("change-password").focus();
    } else {
      startConsole();
    }
  }

  async function submitPassword(event) {
    event.preventDefault();
    const current = $("password-current").value;
    const replacement = $("password-new").value;
    const error = $("password-error");
    if (!current || !replacement || !$("password-repeat").value) {
      error.textContent = TEXT.passwordMissing;
      return;
    }
    if (replacement !== $("password-repeat").value) {
      error.textContent = TEXT.passwordsDiffer;
      return;
    }
    const button = $("password-submit");
    button.disabled = true;
    try {
      await api("POST", "/api/v1/auth/password", { current, new: replacement });
      state.me.mustChangePassword = false;
      leavePasswordForm();
      toast(TEXT.passwordChanged);
    } catch (failure) {
      if (failure.status === 401) sessionEnded(TEXT.sessionExpired);
      else if (failure.status === 403) error.textContent = TEXT.currentPasswordWrong;
      else if (failure.status === 400) error.textContent = format(TEXT.passwordRejected, { reason: failure.message });
      else if (failure.status === 0) error.textContent = TEXT.serverUnreachable;
      else error.textContent = format(TEXT.actionFailed, { status: failure.status });
    } finally {
      button.disabled = false;
    }
  }

  function startConsole() {
    state.consoleStarted = true;
    $("console-view").hidden = false;
    $("change-password").hidden = false;
    $("connection").hidden = false;
    setConnection("connecting");
    renderQueue();
    loadLists();
    connect();
    clearInterval(state.tickTimer);
    state.tickTimer = setInterval(tick, TICK_MS);
  }

  function stopConsole() {
    state.me = null;
    state.consoleStarted = false;
    const socket = state.socket;
    state.socket = null;
    if (socket) socket.close();
    clearTimeout(state.retryTimer);
    clearInterval(state.tickTimer);
    state.retryDelay = RETRY_FIRST_MS;
    state.conversations.clear();
    state.eventAt.clear();
    state.listsLoaded = false;
    state.canned.clear();
    closeConversation();
    for (const id of ["waiting-list", "mine-list", "others-list"]) $(id).replaceChildren();
  }

  function sessionEnded(message) {
    if (!state.me) return;
    stopConsole();
    showLogin(message);
  }

  async function logout() {
    try {
      await api("POST", "/api/v1/auth/logout");
    } catch {
      // The session is dropped locally either way; an expired one is already gone.
    }
    stopConsole();
    showLogin("");
  }

  // ---- live socket ----

  function connect() {
    clearTimeout(state.retryTimer);
    if (!state.me) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/console/socket");
    state.socket = socket;
    setConnection("connecting");
    socket.addEventListener("open", () => {
      if (state.socket !== socket) return;
      state.retryDelay = RETRY_FIRST_MS;
      setConnection("live");
      // Events sent while we were away are gone: read the current state again.
      loadLists();
      if (state.openId !== null) openConversation(state.openId, { keepFocus: true });
    });
    socket.addEventListener("message", (event) => {
      if (state.socket !== socket) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame && typeof frame === "object") handleEvent(frame);
    });
    socket.addEventListener("close", () => {
      if (state.socket !== socket) return;
      state.socket = null;
      if (!state.me) return;
      setConnection("offline");
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    clearTimeout(state.retryTimer);
    const delay = state.retryDelay * (0.75 + Math.random() * 0.5);
    state.retryDelay = Math.min(state.retryDelay * 2, RETRY_MAX_MS);
    state.retryTimer = setTimeout(async () => {
      // A refused upgrade looks like any other close; only the API says whether we are logged out.
      try {
        await api("GET", "/api/v1/auth/me");
      } catch (failure) {
        if (failure.status === 401) {
          sessionEnded(TEXT.sessionExpired);
          return;
        }
      }
      if (state.me && !state.socket) connect();
    }, delay);
  }

  function reconnectNow() {
    if (state.me && !state.socket) {
      state.retryDelay = RETRY_FIRST_MS;
      connect();
    }
  }

  function handleEvent(frame) {
    if (frame.type === "conversation" && frame.conversation) {
      upsertSummary(frame.conversation, true);
    } else if (frame.type === "message" && frame.message) {
      if (state.open && state.open.id === frame.conversation_id) addMessage(frame.message, true);
    } else if (frame.type === "note" && frame.note) {
      if (state.open && state.open.id === frame.conversation_id) addNote(frame.note);
    }
  }

  // ---- queue ----

  async function loadLists() {
    const startedAt = state.eventCount;
    try {
      const data = await api("GET", "/api/v1/conversations?status=" + ACTIVE_STATUSES);
      const fresh = new Map();
      for (const summary of (data && data.items) || []) fresh.set(summary.id, summary);
      // An event that arrived while the list was on its way is newer than the list.
      for (const [id, seenAt] of state.eventAt) {
        if (seenAt <= startedAt) continue;
        const live = state.conversations.get(id);
        if (live) fresh.set(id, live);
        else fresh.delete(id);
      }
      const firstLoad = !state.listsLoaded;
      const before = state.conversations;
      state.conversations = fresh;
      state.listsLoaded = true;
      for (const summary of fresh.values()) {
        if (summary.assigned_to) state.colleagues.add(summary.assigned_to);
        if (!firstLoad) announceChange(before.get(summary.id), summary);
      }
      renderQueue();
      renderColleagues();
    } catch (failure) {
      reportFailure(failure);
    }
  }

  function isActive(summary) {
    return summary.status === "waiting" || summary.status === "assigned";
  }

  function announceChange(previous, summary) {
    const values = {
      name: personName(summary),
      language: languageName(summary.language),
      channel: channelName(summary.channel),
    };
    if (summary.crisis && !(previous && previous.crisis)) {
      alertNow(format(TEXT.crisisAlert, values));
    } else if (summary.status === "waiting" && !(previous && previous.status === "waiting")) {
      announce(format(isUrgent(summary) ? TEXT.newWaitingUrgent : TEXT.newWaiting, values));
    }
  }

  function upsertSummary(summary, fromSocket) {
    const previous = state.conversations.get(summary.id);
    state.eventCount += 1;
    state.eventAt.set(summary.id, state.eventCount);
    if (isActive(summary)) state.conversations.set(summary.id, summary);
    else state.conversations.delete(summary.id);
    if (summary.assigned_to && summary.assigned_to !== (state.me && state.me.username)) {
      state.colleagues.add(summary.assigned_to);
      renderColleagues();
    }
    if (fromSocket && state.listsLoaded) announceChange(previous, summary);
    if (state.open && state.open.id === summary.id) {
      const heldBefore = state.open.status === "assigned" ? state.open.assigned_to : null;
      const unreadBefore = state.open.unread || 0;
      Object.assign(state.open, summary);
      const me = state.me && state.me.username;
      if (fromSocket && summary.status === "assigned" && summary.assigned_to !== me && heldBefore !== summary.assigned_to) {
        showNotice(format(TEXT.claimedByOther, { username: summary.assigned_to }));
      }
      renderConversation();
      // Only new unread messages: a server that keeps counting must not make us call in a loop.
      if (summary.unread > unreadBefore) markRead();
    }
    renderQueue();
  }

  function compareQueue(a, b) {
    const urgentA = isUrgent(a);
    const urgentB = isUrgent(b);
    if (urgentA !== urgentB) return urgentA ? -1 : 1;
    const sinceA = timeValue(a.waiting_since);
    const sinceB = timeValue(b.waiting_since);
    if (sinceA !== sinceB) {
      if (sinceA === null) return 1;
      if (sinceB === null) return -1;
      return sinceA - sinceB;
    }
    return a.id - b.id;
  }

  function queueItem(summary) {
    const me = state.me && state.me.username;
    const name = personName(summary);
    const waited = summary.waiting_since ? duration(summary.waiting_since) : "";
    const flags = [];
    if (summary.crisis) flags.push(el("span", { class: "tag crisis", text: "⚠ " + TEXT.crisis }));
    else if (summary.priority === "urgent") flags.push(el("span", { class: "tag urgent", text: TEXT.urgent }));
    const holder = summary.status === "assigned" && summary.assigned_to && summary.assigned_to !== me
      ? el("span", { class: "holder", text: format(TEXT.withColleague, { username: summary.assigned_to }) })
      : null;
    // The visible text is the accessible name; hidden words only make the numbers speak.
    const unread = summary.unread > 0
      ? el("span", { class: "unread" },
        el("span", { "aria-hidden": "true", text: String(summary.unread) }),
        el("span", { class: "visually-hidden", text: format(TEXT.unread, { count: summary.unread }) }))
      : null;
    const classes = ["queue-item"];
    if (summary.crisis) classes.push("crisis");
    else if (summary.priority === "urgent") classes.push("urgent");
    const button = el("button", {
      type: "button",
      class: classes.join(" "),
      "data-id": summary.id,
      "aria-current": state.openId === summary.id ? "true" : undefined,
    },
    el("span", { class: "name", dir: "auto", text: name }),
    el("span", { class: "waited" },
      waited ? el("span", { class: "visually-hidden", text: TEXT.waitingPrefix + " " }) : null,
      waited),
    el("span", { class: "sub" },
      ...flags,
      el("span", { class: "tag", text: languageName(summary.language) }),
      el("span", { text: channelName(summary.channel) }),
      holder,
      unread));
    button.addEventListener("click", () => openConversation(summary.id, { keepFocus: false }));
    return el("li", {}, button);
  }

  function renderQueue() {
    const me = state.me && state.me.username;
    const sorted = [...state.conversations.values()].sort(compareQueue);
    const groups = {
      "waiting-list": sorted.filter((s) => s.status === "waiting"),
      "mine-list": sorted.filter((s) => s.status === "assigned" && s.assigned_to === me),
      "others-list": sorted.filter((s) => s.status === "assigned" && s.assigned_to !== me),
    };
    // Rebuilding drops focus; put it back on the same person's entry.
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".queue-item");
    const focusedId = focused ? focused.dataset.id : null;
    for (const [listId, items] of Object.entries(groups)) $(listId).replaceChildren(...items.map(queueItem));
    $("waiting-count").textContent = String(groups["waiting-list"].length);
    $("mine-count").textContent = String(groups["mine-list"].length);
    $("others-count").textContent = String(groups["others-list"].length);
    const waiting = groups["waiting-list"].length;
    document.title = waiting > 0 ? format(TEXT.pageTitleWaiting, { count: waiting }) : TEXT.pageTitle;
    if (focusedId !== null) {
      const again = document.querySelector('.queue-item[data-id="' + CSS.escape(focusedId) + '"]');
      if (again) again.focus();
    }
  }

  function renderColleagues() {
    const me = state.me && state.me.username;
    const names = [...state.colleagues].filter((n) => n !== me).sort();
    $("colleagues").replaceChildren(...names.map((n) => el("option", { value: n })));
  }

  function tick() {
    renderQueue();
    if (state.open) renderHeader();
  }

  // ---- the open conversation ----

  async function openConversation(id, { keepFocus }) {
    const request = ++state.openRequest;
    const switching = state.openId !== id;
    state.openId = id;
    $("console-view").classList.add("showing-conversation");
    for (const item of document.querySelectorAll(".queue-item")) {
      if (Number(item.dataset.id) === id) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    }
    let detail;
    try {
      detail = await api("GET", conversationPath(id));
    } catch (failure) {
      if (request === state.openRequest) reportFailure(failure);
      return;
    }
    if (request !== state.openRequest) return;  // another conversation was chosen meanwhile
    detail.messages = Array.isArray(detail.messages) ? detail.messages : [];
    detail.notes = Array.isArray(detail.notes) ? detail.notes : [];
    detail.appointments = Array.isArray(detail.appointments) ? detail.appointments : [];
    state.open = detail;
    $("no-selection").hidden = true;
    $("conversation-body").hidden = false;
    $("details").hidden = false;
    if (switching) {
      $("reply-text").value = "";
      $("note-text").value = "";
      $("assign-username").value = "";
      hideNotice();
    }
    renderConversation();
    renderTranscript();
    renderNotes();
    renderAppointments();
    loadCanned(detail.language);
    if (isActive(detail)) upsertSummary(summaryOf(detail), false);
    if (detail.unread > 0) markRead();
    if (!keepFocus) $("conversation-title").focus();
  }

  function summaryOf(detail) {
    const summary = {};
    for (const key of ["id", "channel", "status", "priority", "language", "waiting_since", "handoff_reason",
      "assigned_to", "unread", "crisis", "display_name", "last_message_at"]) summary[key] = detail[key];
    return summary;
  }

  function closeConversation() {
    state.openRequest += 1;
    state.openId = null;
    state.open = null;
    $("console-view").classList.remove("showing-conversation");
    $("no-selection").hidden = false;
    $("conversation-body").hidden = true;
    $("details").hidden = true;
    $("transcript").replaceChildren();
    $("notes").replaceChildren();
    $("appointments").replaceChildren();
    $("reply-text").value = "";
    $("note-text").value = "";
    hideNotice();
  }

  function backToQueue() {
    const id = state.openId;
    $("console-view").classList.remove("showing-conversation");
    const entry = id === null ? null : document.querySelector('.queue-item[data-id="' + id + '"]');
    if (entry) entry.focus();
    else {
      const first = document.querySelector(".queue-item");
      if (first) first.focus();
    }
  }

  function showNotice(message) {
    const notice = $("conversation-notice");
    const stick = transcriptAtBottom();
    notice.textContent = message;
    notice.hidden = false;
    if (stick) scrollTranscriptDown();
  }

  function hideNotice() {
    $("conversation-notice").hidden = true;
    $("conversation-notice").textContent = "";
  }

  function heldByMe(conversation) {
    return conversation.status === "assigned" && conversation.assigned_to === (state.me && state.me.username);
  }

  function renderHeader() {
    const c = state.open;
    $("conversation-title").textContent = personName(c);
    const parts = [languageName(c.language), channelName(c.channel), TEXT.statusNames[c.status] || c.status];
    if (c.status === "waiting" && c.waiting_since) parts.push(format(TEXT.waitedFor, { time: duration(c.waiting_since) }));
    if (c.status === "assigned" && c.assigned_to) parts.push(format(TEXT.withColleague, { username: c.assigned_to }));
    $("conversation-meta").textContent = parts.join(" · ");
    const flags = [];
    if (c.crisis) flags.push(el("span", { class: "tag crisis", text: "⚠ " + TEXT.crisis }));
    if (c.priority === "urgent") flags.push(el("span", { class: "tag urgent", text: TEXT.urgent }));
    $("conversation-flags").replaceChildren(...flags);
    $("crisis-banner").hidden = !c.crisis;
    $("crisis-banner").textContent = c.crisis ? "⚠ " + TEXT.crisisBanner : "";
  }

  function renderConversation() {
    const c = state.open;
    if (!c) return;
    renderHeader();
    const mine = heldByMe(c);
    const closed = c.status === "closed";
    const heldByOther = c.status === "assigned" && !mine;
    $("claim").hidden = mine || closed || heldByOther;
    $("release").hidden = !mine;
    $("close").hidden = !(mine || c.status === "waiting");
    $("reply-text").disabled = !mine;
    $("reply-send").disabled = !mine;
    const noCanned = !mine || !(state.canned.get(c.language) || []).length;
    $("canned").disabled = noCanned;
    $("canned-insert").disabled = noCanned;
    let hint = "";
    if (closed) hint = TEXT.replyClosed;
    else if (heldByOther) hint = format(TEXT.replyOtherHolder, { username: c.assigned_to });
    else if (c.status === "bot") hint = TEXT.replyWithAssistant;
    else if (!mine) hint = TEXT.replyNeedsClaim;
    $("reply-hint").textContent = hint;
    $("assign-username").disabled = closed;
    $("assign-submit").disabled = closed;
    renderFacts();
  }

  function renderFacts() {
    const c = state.open;
    const rows = [
      [TEXT.facts.language, languageName(c.language) + (c.language ? " (" + c.language + ")" : "")],
      [TEXT.facts.channel, channelName(c.channel)],
      [TEXT.facts.status, TEXT.statusNames[c.status] || c.status],
      [TEXT.facts.assignedTo, c.assigned_to || TEXT.nobody],
    ];
    if (c.waiting_since) rows.push([TEXT.facts.waitingSince, clock(c.waiting_since)]);
    if (c.handoff_reason) rows.push([TEXT.facts.reason, TEXT.reasons[c.handoff_reason] || c.handoff_reason]);
    if (typeof c.office_hours_open === "boolean") {
      rows.push([TEXT.facts.officeHours, c.office_hours_open ? TEXT.officeOpen : TEXT.officeClosed]);
    }
    if (c.last_message_at) rows.push([TEXT.facts.lastMessage, clock(c.last_message_at)]);
    const nodes = [];
    for (const [term, value] of rows) nodes.push(el("dt", { text: term }), el("dd", { text: value }));
    $("person-facts").replaceChildren(...nodes);
  }

  function authorLabel(message) {
    const author = message.author;
    if (author === "user") return personName(state.open);
    if (author === "bot") return TEXT.authors.bot;
    if (author === "caseworker") return message.username || message.caseworker || TEXT.authors.caseworker;
    return author ? String(author) : TEXT.authors.caseworker;
  }

  function messageElement(message) {
    const author = ["user", "bot", "caseworker"].includes(message.author) ? message.author : "caseworker";
    const direction = message.direction === "out" ? "out" : "in";
    const item = el("li", { class: "message " + direction + " " + author, "data-id": message.id },
      el("div", { class: "message-meta" },
        el("span", { class: "message-author", text: authorLabel(message) }),
        timeElement(message.at, "message-time")));
    if (message.text) item.append(el("p", { class: "message-text", dir: "auto", text: message.text }));
    const attachment = message.attachment;
    if (attachment && typeof attachment === "object") {
      const label = (TEXT.attachments[attachment.kind] || TEXT.attachments.other);
      const href = safeUrl(attachment.url);
      item.append(href
        ? el("a", { class: "message-attachment", href, target: "_blank", rel: "noopener noreferrer", text: label })
        : el("span", { class: "message-attachment", text: label }));
    }
    return item;
  }

  function transcriptAtBottom() {
    const list = $("transcript");
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  function scrollTranscriptDown() {
    const list = $("transcript");
    list.scrollTop = list.scrollHeight;
  }

  function renderTranscript() {
    $("transcript").replaceChildren(...state.open.messages.map(messageElement));
    scrollTranscriptDown();
  }

  function addMessage(message, fromSocket) {
    const c = state.open;
    if (message.id !== undefined && c.messages.some((m) => m.id === message.id)) return;
    const stick = transcriptAtBottom();
    c.messages.push(message);
    $("transcript").append(messageElement(message));
    if (stick || message.author === "caseworker") scrollTranscriptDown();
    if (fromSocket && message.direction === "in") {
      announce(format(TEXT.newMessage, { name: personName(c) }));
      markRead();
    }
  }

  function noteElement(note) {
    return el("li", { class: "note", "data-id": note.id },
      el("div", { class: "note-meta" },
        el("span", { text: note.author || "" }), document.createTextNode(" · "), timeElement(note.at, "note-time")),
      el("p", { class: "note-text", dir: "auto", text: note.text || "" }));
  }

  function renderNotes() {
    $("notes").replaceChildren(...state.open.notes.map(noteElement));
  }

  function addNote(note) {
    const c = state.open;
    if (note.id !== undefined && c.notes.some((n) => n.id === note.id)) return;
    c.notes.push(note);
    $("notes").append(noteElement(note));
  }

  /** A name that may come as a string or as {name}, as the appointments API gives them. */
  function nameOf(value) {
    if (typeof value === "string") return value;
    if (value && typeof value === "object" && typeof value.name === "string") return value.name;
    return "";
  }

  function appointmentElement(a) {
    const item = el("li", { class: a.status === "cancelled" ? "appointment cancelled" : "appointment" },
      el("strong", { dir: "auto", text: nameOf(a.service) || nameOf(a.service_name) || TEXT.appointmentFallback }));
    if (a.starts_at) {
      const when = el("div", {}, timeElement(a.starts_at, "appointment-time"));
      if (a.ends_at) when.append("–", el("time", { datetime: a.ends_at, text: clockFormat.format(new Date(a.ends_at)) }));
      item.append(when);
    }
    const place = a.location && typeof a.location === "object"
      ? [nameOf(a.location), a.location.address].filter(Boolean).join(", ")
      : nameOf(a.location);
    if (place) item.append(el("div", { dir: "auto", text: place }));
    const facts = [TEXT.appointmentStatus[a.status] || a.status];
    if (a.interpreter_language) facts.push(format(TEXT.interpreter, { language: languageName(a.interpreter_language) }));
    item.append(el("div", { class: "hint", text: facts.filter(Boolean).join(" · ") }));
    return item;
  }

  function renderAppointments() {
    $("appointments").replaceChildren(...state.open.appointments.map(appointmentElement));
  }

  function markRead() {
    if (!state.open || state.readPending || document.visibilityState !== "visible") return;
    const id = state.open.id;
    state.readPending = true;
    // One call per burst of messages is enough.
    setTimeout(async () => {
      try {
        await api("POST", conversationPath(id, "read"));
      } catch (failure) {
        if (failure.status === 401) reportFailure(failure);
      } finally {
        state.readPending = false;
      }
    }, 300);
  }

  // ---- canned replies ----

  async function loadCanned(language) {
    const select = $("canned");
    const name = languageName(language);
    if (!language) {
      select.replaceChildren(el("option", { value: "", text: format(TEXT.cannedNone, { language: name }) }));
      select.disabled = true;
      $("canned-insert").disabled = true;
      return;
    }
    let items = state.canned.get(language);
    if (!items) {
      try {
        const data = await api("GET", "/api/v1/canned-replies?language=" + encodeURIComponent(language));
        items = (data && Array.isArray(data.items)) ? data.items : [];
        state.canned.set(language, items);
      } catch (failure) {
        reportFailure(failure);
        items = [];
      }
    }
    if (!state.open || state.open.language !== language) return;
    const prompt = items.length ? format(TEXT.cannedPrompt, { language: name }) : format(TEXT.cannedNone, { language: name });
    select.replaceChildren(
      el("option", { value: "", text: prompt }),
      ...items.map((item, index) => el("option", { value: String(index), dir: "auto", text: item.title || item.text })));
    select.disabled = !items.length || !heldByMe(state.open);
    $("canned-insert").disabled = select.disabled;
  }

  function useCanned() {
    const select = $("canned");
    if (select.value === "" || !state.open) return;
    const items = state.canned.get(state.open.language) || [];
    const chosen = items[Number(select.value)];
    select.value = "";
    if (!chosen) return;
    const box = $("reply-text");
    box.value = box.value.trim() ? box.value.replace(/\s+$/, "") + "\n" + chosen.text : chosen.text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  // ---- actions ----

  async function act(button, work) {
    button.disabled = true;
    try {
      await work();
    } finally {
      button.disabled = false;
      if (state.open) renderConversation();
    }
  }

  function claim() {
    const id = state.open.id;
    return act($("claim"), async () => {
      try {
        const summary = await api("POST", conversationPath(id, "claim"));
        hideNotice();
        upsertSummary(summary || Object.assign({}, state.open, { status: "assigned", assigned_to: state.me.username }), false);
        if (state.open && state.open.id === id && heldByMe(state.open)) $("reply-text").focus();
      } catch (failure) {
        if (failure.status === 409) {
          const holder = failure.body.assigned_to || "?";
          showNotice(format(TEXT.claimConflict, { username: holder }));
          openConversation(id, { keepFocus: true });
        } else reportFailure(failure);
      }
    });
  }

  function release() {
    const id = state.open.id;
    return act($("release"), async () => {
      try {
        const summary = await api("POST", conversationPath(id, "release"));
        upsertSummary(summary || Object.assign({}, state.open, { status: "bot", assigned_to: null }), false);
        showNotice(TEXT.released);
        $("conversation-title").focus();
      } catch (failure) {
        handleOwnershipFailure(failure, id);
      }
    });
  }

  function closeIt() {
    const id = state.open.id;
    return act($("close"), async () => {
      try {
        const summary = await api("POST", conversationPath(id, "close"));
        upsertSummary(summary || Object.assign({}, state.open, { status: "closed", assigned_to: null }), false);
        showNotice(TEXT.closed);
        $("conversation-title").focus();
      } catch (failure) {
        handleOwnershipFailure(failure, id);
      }
    });
  }

  function handleOwnershipFailure(failure, id) {
    if (failure.status === 409 || failure.status === 403) {
      showNotice(TEXT.notYours);
      openConversation(id, { keepFocus: true });
    } else reportFailure(failure);
  }

  async function sendReply(event) {
    event.preventDefault();
    if (!state.open || !heldByMe(state.open)) return;
    const box = $("reply-text");
    const text = box.value.trim();
    if (!text) return;
    const id = state.open.id;
    const button = $("reply-send");
    button.textContent = TEXT.sending;
    await act(button, async () => {
      try {
        await api("POST", conversationPath(id, "messages"), { text });
        if (state.open && state.open.id === id) {
          box.value = "";
          // Without the socket the reply would only show up after the next reconnect.
          if (!state.socket || state.socket.readyState !== WebSocket.OPEN) openConversation(id, { keepFocus: true });
        }
      } catch (failure) {
        handleOwnershipFailure(failure, id);
      } finally {
        button.textContent = TEXT.send;
      }
    });
  }

  async function addNoteSubmit(event) {
    event.preventDefault();
    if (!state.open) return;
    const box = $("note-text");
    const text = box.value.trim();
    if (!text) return;
    const id = state.open.id;
    await act($("note-submit"), async () => {
      try {
        const note = await api("POST", conversationPath(id, "notes"), { text });
        if (state.open && state.open.id === id) {
          box.value = "";
          if (note && typeof note === "object" && "text" in note) addNote(note);
          else openConversation(id, { keepFocus: true });
        }
      } catch (failure) {
        reportFailure(failure);
      }
    });
  }

  async function assignSubmit(event) {
    event.preventDefault();
    if (!state.open) return;
    const input = $("assign-username");
    const username = input.value.trim();
    if (!username) return;
    const id = state.open.id;
    await act($("assign-submit"), async () => {
      try {
        const summary = await api("POST", conversationPath(id, "assign"), { username });
        input.value = "";
        upsertSummary(summary || Object.assign({}, state.open, { status: "assigned", assigned_to: username }), false);
        showNotice(format(TEXT.assigned, { username }));
      } catch (failure) {
        if (failure.status === 404 || failure.status === 400 || failure.status === 422) {
          showNotice(format(TEXT.unknownColleague, { username }));
        } else handleOwnershipFailure(failure, id);
      }
    });
  }

  // ---- wiring ----

  function bind() {
    $("login-form").addEventListener("submit", submitLogin);
    $("logout").addEventListener("click", logout);
    $("change-password").addEventListener("click", () => showPasswordForm(false));
    $("password-form").addEventListener("submit", submitPassword);
    $("password-cancel").addEventListener("click", leavePasswordForm);
    $("back").addEventListener("click", backToQueue);
    $("claim").addEventListener("click", claim);
    $("release").addEventListener("click", release);
    $("close").addEventListener("click", closeIt);
    $("reply-form").addEventListener("submit", sendReply);
    $("note-form").addEventListener("submit", addNoteSubmit);
    $("assign-form").addEventListener("submit", assignSubmit);
    // A button, not the select's change event: arrow keys on a closed select fire change.
    $("canned-insert").addEventListener("click", useCanned);
    $("reply-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("reply-form").requestSubmit();
      }
    });
    $("note-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("note-form").requestSubmit();
      }
    });
    $("conversation").addEventListener("keydown", (event) => {
      if (event.key === "Escape" && $("console-view").classList.contains("showing-conversation")) backToQueue();
    });
    window.addEventListener("online", reconnectNow);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      reconnectNow();
      if (state.open && state.open.unread > 0) markRead();
    });
  }

  async function boot() {
    applyStaticText();
    bind();
    try {
      const me = await api("GET", "/api/v1/auth/me");
      enter({ username: me.username, role: me.role, csrf: me.csrf, mustChangePassword: Boolean(me.must_change_password) });
    } catch (failure) {
      showLogin(failure.status === 0 ? TEXT.serverUnreachable : "");
    }
  }

  boot();
})();
