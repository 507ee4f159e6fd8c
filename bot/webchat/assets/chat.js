// Web chat client for docs/webchat-protocol.md: one WebSocket, a session kept in
// localStorage, frames re-sent until acknowledged, server messages shown once by seq.
"use strict";

(() => {
  const store = window.localStorage;
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const status = document.getElementById("status");

  let session = store.getItem("zaedno.session") || "";
  // Per page load: a new page replays the session's history, a reconnect only what it missed.
  let lastSeen = 0;
  let pending = JSON.parse(store.getItem("zaedno.pending") || "[]");
  let counter = Number(store.getItem("zaedno.counter") || "0");
  let socket = null;
  let retryDelay = 500;

  function save() {
    store.setItem("zaedno.session", session);
    store.setItem("zaedno.pending", JSON.stringify(pending));
    store.setItem("zaedno.counter", String(counter));
  }

  function nextId() {
    counter += 1;
    save();
    return "m-" + Date.now().toString(36) + "-" + counter;
  }

  function scrollDown() { list.scrollTop = list.scrollHeight; }

  function addBubble(text, who, dir, urgent) {
    const item = document.createElement("li");
    item.className = "bubble " + who + (urgent ? " urgent" : "");
    item.dir = dir || "auto";
    item.textContent = text;
    list.appendChild(item);
    scrollDown();
    return item;
  }

  function showMessage(frame) {
    if (frame.seq <= lastSeen) return;  // already shown before a reconnect
    lastSeen = frame.seq;
    const bubble = addBubble(frame.text, "bot", frame.direction, frame.urgent);
    document.documentElement.dir = frame.direction === "rtl" ? "rtl" : "ltr";
    if (frame.choices && frame.choices.length) {
      const row = document.createElement("div");
      row.className = "choices";
      for (const choice of frame.choices) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.label;
        button.dir = "auto";
        button.addEventListener("click", () => {
          for (const b of row.querySelectorAll("button")) b.disabled = true;
          addBubble(choice.label, "me", "auto", false);
          send({ type: "choice", id: choice.id, client_msg_id: nextId() });
        });
        row.appendChild(button);
      }
      bubble.appendChild(row);
      scrollDown();
    }
  }

  function send(frame) {
    pending.push(frame);
    save();
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/chat/socket");
    status.textContent = "…";
    socket.addEventListener("open", () => {
      retryDelay = 500;
      socket.send(JSON.stringify({
        type: "hello", session, last_seen_seq: lastSeen, language: navigator.language || ""
      }));
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === "ready") {
        session = frame.session;
        save();
        status.textContent = "";
        for (const f of pending) socket.send(JSON.stringify(f));  // same ids: no double effect
      } else if (frame.type === "message") {
        showMessage(frame);
      } else if (frame.type === "ack") {
        pending = pending.filter((f) => f.client_msg_id !== frame.client_msg_id);
        save();
      } else if (frame.type === "error") {
        pending = pending.filter((f) => f.client_msg_id !== frame.client_msg_id);
        save();
      }
    });
    socket.addEventListener("close", () => {
      status.textContent = "offline";
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    addBubble(text, "me", "auto", false);
    send({ type: "text", text, client_msg_id: nextId() });
  });

  connect();
})();
