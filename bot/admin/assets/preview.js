// The draft preview: the web chat's frames over /admin/preview/socket (docs/preview.md), drawn
// like the public chat. Each connection or restart is a new conversation with the latest
// draft; the server stores nothing, so there is nothing to re-send after a reconnect.
"use strict";

(() => {
  const { el, format, announce } = window.ZaednoAdmin;
  const $ = (id) => document.getElementById(id);

  const TEXT = Object.freeze({
    connecting: "Connecting…",
    closed: "Disconnected",
    reconnect: "Reconnect",
    refused: "The preview could not connect. Your session may have ended: reload the page and log in again.",
    draft: "Draft, revision {revision}",
    published: "Published version {id}",
    nothing: "Nothing to preview",
    warnings: "{count} warning(s): see Translations or Raw JSON.",
    restarted: "Restarted with the latest draft.",
    unusable: "The preview is not running.",
  });
  const LANGUAGE_KEY = "zaedno.admin.preview.language";

  let socket = null;
  let counter = 0;
  let lastSeen = 0;
  let usable = false;
  let opened = false;
  let directions = {};

  function wanted() {
    return localStorage.getItem(LANGUAGE_KEY) || navigator.language || "";
  }

  function scrollDown() {
    const list = $("preview-messages");
    list.scrollTop = list.scrollHeight;
  }

  function addBubble(text, who, dir, urgent) {
    const item = el("li", { class: "bubble " + who + (urgent ? " urgent" : ""), dir: dir || "auto", text });
    $("preview-messages").append(item);
    scrollDown();
    return item;
  }

  function addNote(text, bad) {
    $("preview-messages").append(el("li", { class: "note" + (bad ? " bad" : ""), text }));
    scrollDown();
  }

  function showMessage(frame) {
    if (frame.seq <= lastSeen) return;
    lastSeen = frame.seq;
    const bubble = addBubble(frame.text, "bot", frame.direction, frame.urgent);
    if (frame.choices && frame.choices.length) {
      const row = el("div", { class: "choices" });
      for (const choice of frame.choices) {
        row.append(el("button", {
          type: "button", dir: "auto", text: choice.label,
          onclick: () => {
            for (const b of row.querySelectorAll("button")) b.disabled = true;
            addBubble(choice.label, "me", "auto", false);
            send({ type: "choice", id: choice.id, client_msg_id: nextId() });
          },
        }));
      }
      bubble.append(row);
      scrollDown();
    }
  }

  function nextId() {
    counter += 1;
    return "p-" + counter;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function setEnabled(on) {
    $("preview-text").disabled = !on;
    $("preview-send").disabled = !on;
  }

  function showAbout(frame) {
    const badge = $("preview-version");
    const version = frame.version || {};
    if (!frame.version) {
      badge.textContent = TEXT.nothing;
      badge.className = "badge bad";
    } else if (frame.source === "draft") {
      badge.textContent = format(TEXT.draft, { revision: version.revision });
      badge.className = "badge warn";
    } else {
      badge.textContent = format(TEXT.published, { id: version.id });
      badge.className = "badge ok";
    }
    $("preview-message").textContent = frame.message || "";
    const warnings = $("preview-warnings");
    warnings.hidden = !frame.warnings;
    warnings.textContent = format(TEXT.warnings, { count: frame.warnings || 0 });
    const errors = $("preview-errors");
    errors.replaceChildren(...(frame.errors || []).map((p) => el("li", {
      text: [p.file, p.flow && "flow " + p.flow, p.node && "node " + p.node, p.field && p.field, p.key && "key " + p.key]
        .filter(Boolean).join(" · ") + ": " + p.message,
    })));
    errors.hidden = !(frame.errors && frame.errors.length);

    const select = $("preview-language");
    directions = {};
    select.replaceChildren(...(frame.languages || []).map((l) => {
      directions[l.code] = l.direction;
      return el("option", { value: l.code, text: l.name + " (" + l.code + ")", selected: l.code === frame.language });
    }));
    select.disabled = !frame.languages || !frame.languages.length;
    $("preview-messages").dir = directions[frame.language] === "rtl" ? "rtl" : "ltr";
    $("preview-messages").lang = frame.language || "";
    usable = !!frame.usable;
    $("preview-restart").disabled = false;
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "preview":
        $("preview-messages").replaceChildren();
        showAbout(frame);
        break;
      case "message":
        showMessage(frame);
        break;
      case "notice":
        addNote(frame.text, false);
        break;
      case "error":
        addNote(frame.message, true);
        if (frame.code === "preview_unavailable") announce(frame.message);
        break;
      case "ready":
        $("preview-status").textContent = "";
        setEnabled(usable);
        break;
      default:
        break;  // ack: the turn is complete; nothing to keep
    }
  }

  function connect(language) {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/admin/preview/socket");
    opened = false;
    lastSeen = 0;
    $("preview-status").textContent = TEXT.connecting;
    setEnabled(false);
    socket.addEventListener("open", () => {
      opened = true;
      socket.send(JSON.stringify({ type: "hello", language }));
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", () => {
      setEnabled(false);
      $("preview-status").textContent = TEXT.closed;
      addNote(opened ? TEXT.closed : TEXT.refused, true);
      const again = el("button", { class: "button small", type: "button", text: TEXT.reconnect,
        onclick: () => { again.remove(); connect($("preview-language").value || wanted()); } });
      $("preview-messages").append(el("li", { class: "note" }, again));
      scrollDown();
    });
  }

  function restart() {
    const language = $("preview-language").value || wanted();
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      connect(language);
      return;
    }
    lastSeen = 0;
    setEnabled(false);
    send({ type: "restart", language });
    announce(TEXT.restarted);
  }

  function init() {
    $("preview-composer").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("preview-text");
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      addBubble(text, "me", "auto", false);
      send({ type: "text", text, client_msg_id: nextId() });
    });
    $("preview-restart").addEventListener("click", restart);
    $("preview-language").addEventListener("change", () => {
      localStorage.setItem(LANGUAGE_KEY, $("preview-language").value);
      restart();
    });
    connect(wanted());
  }

  window.ZaednoAdmin.start(init);
})();
