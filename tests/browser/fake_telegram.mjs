// A fake Telegram Bot API that records every call, and webhook updates shaped like the real
// ones, for browser tests that need a person on the other side of the console.
import { createServer } from "node:http";

export const TELEGRAM_TOKEN = "123456:BROWSER-TEST";
export const TELEGRAM_SECRET = "browser-test-secret";

export async function startFakeTelegram() {
  const calls = [];
  const waiters = new Set();
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body = null;
    try { body = JSON.parse(raw); } catch { body = null; }
    const method = req.url.slice(req.url.lastIndexOf("/") + 1);
    calls.push({ method, path: req.url, body });
    for (const waiter of waiters) waiter();
    const result = method === "sendMessage"
      ? { message_id: calls.length, date: Math.floor(Date.now() / 1000), chat: { id: body?.chat_id, type: "private" }, text: body?.text }
      : true;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ ok: true, result }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    /** The sendMessage calls to one chat, in order. */
    sentTo(chatId) {
      return calls.filter((c) => c.method === "sendMessage" && String(c.body?.chat_id) === String(chatId));
    },
    /** Resolves with the first call matching `predicate`, waiting up to `timeoutMs`. */
    waitFor(predicate, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("no matching Telegram call; saw " + JSON.stringify(calls.map((c) => c.body?.text ?? c.method))));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop() {
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let nextUpdateId = 1000;

/** A private text message from `person` ({id, firstName, language}), as Telegram posts it. */
export function telegramText(person, text) {
  const updateId = nextUpdateId++;
  const message = {
    message_id: updateId,
    from: { id: person.id, is_bot: false, first_name: person.firstName, language_code: person.language },
    chat: { id: person.id, type: "private", first_name: person.firstName },
    date: Math.floor(Date.now() / 1000),
    text,
  };
  if (text.startsWith("/")) {
    const end = text.indexOf(" ");
    message.entities = [{ type: "bot_command", offset: 0, length: end < 0 ? text.length : end }];
  }
  return { update_id: updateId, message };
}

/** Posts one update to zaedno's webhook with the right secret; throws unless it is taken. */
export async function postTelegram(zaednoUrl, update) {
  const response = await fetch(zaednoUrl + "/webhooks/telegram", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET },
    body: JSON.stringify(update),
  });
  if (response.status !== 200) throw new Error("webhook answered " + response.status);
}

export function telegramEnv(fake) {
  return {
    ZAEDNO_TELEGRAM_TOKEN: TELEGRAM_TOKEN,
    ZAEDNO_TELEGRAM_SECRET: TELEGRAM_SECRET,
    ZAEDNO_TELEGRAM_API: fake.url,
  };
}
