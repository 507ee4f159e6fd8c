// The caseworker console in headless Chromium against the real binary and a fake Telegram:
// log in, a person asking for a human appears live, claim, reply (reaches Telegram), note,
// release; a colleague's claim shows up live; Arabic reads right-to-left; the socket comes
// back after a drop and the lists are read again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";
import { startFakeTelegram, telegramEnv, telegramText, postTelegram } from "./fake_telegram.mjs";

const PASSWORD = "correct horse battery staple 7";
const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 820, height: 1180 };

let telegram;
let server;
let browser;

before(async () => {
  telegram = await startFakeTelegram();
  server = await startZaedno(telegramEnv(telegram));
  for (const [name, role] of [["amira", "caseworker"], ["boris", "caseworker"], ["carla", "admin"]]) {
    const made = await server.run(["user", "add", name, "--role", role], PASSWORD + "\n");
    assert.equal(made.code, 0, `zaedno user add ${name}: ${made.stderr}`);
  }
  browser = await chromium.launch(chromiumOptions());
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await telegram?.stop();
});

/** A logged-in console page; `problems` collects script errors and CSP refusals. */
async function openConsole(username, viewport = LAPTOP, prepare = async () => {}) {
  const context = await browser.newContext({ locale: "en-GB", viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    // The first /api/v1/auth/me answers 401 before login: that one is expected.
    if (message.type() === "error" && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  await prepare(page);
  await page.goto(server.url + "/console");
  await page.locator("#login-username").fill(username);
  await page.locator("#login-password").fill(PASSWORD);
  await page.locator("#login-submit").click();
  await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10000 });
  return { context, page, problems };
}

async function apiLogin(username) {
  const response = await fetch(server.url + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(response.status, 200, "login of " + username);
  return (await response.json()).token;
}

async function api(token, method, path, body) {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A Telegram user who starts the bot and asks for a person. */
async function personAsksForHuman(person, request = "/human") {
  await postTelegram(server.url, telegramText(person, "/start"));
  await postTelegram(server.url, telegramText(person, request));
}

test("a wrong password is refused; the right one opens the console", async () => {
  const context = await browser.newContext({ locale: "en-GB", viewport: LAPTOP });
  const page = await context.newPage();
  await page.goto(server.url + "/console");
  await page.locator("#login-username").fill("amira");
  await page.locator("#login-password").fill("not the password");
  await page.locator("#login-submit").click();
  await page.locator("#login-error", { hasText: "Wrong username or password" }).waitFor();
  assert.equal(await page.locator("#console-view").isVisible(), false);
  await page.locator("#login-password").fill(PASSWORD);
  await page.locator("#login-submit").click();
  await page.locator("#console-view").waitFor();
  assert.match(await page.locator("#whoami").textContent(), /amira/);
  // The session is an HttpOnly cookie: a reload stays logged in, and scripts cannot read it.
  assert.equal(await page.evaluate(() => document.cookie.includes("zaedno_session")), false);
  await page.reload();
  await page.locator("#console-view").waitFor();
  await page.locator("#logout").click();
  await page.locator("#login-view").waitFor();
  await page.reload();
  await page.locator("#login-view").waitFor();
  await context.close();
});

test("the first admin replaces the one-time password before the console opens", async () => {
  const oneTime = /one-time password: (\S+)/.exec(server.output());
  assert.ok(oneTime, "the first start prints the admin's one-time password");
  const context = await browser.newContext({ locale: "en-GB", viewport: TABLET });
  const page = await context.newPage();
  await page.goto(server.url + "/console");
  await page.locator("#login-username").fill("admin");
  await page.locator("#login-password").fill(oneTime[1]);
  await page.locator("#login-submit").click();
  await page.locator("#password-view").waitFor();
  assert.equal(await page.locator("#console-view").isVisible(), false);
  assert.equal(await page.locator("#password-cancel").isVisible(), false, "no way around it");
  const chosen = "a much longer admin password 2026";
  await page.locator("#password-current").fill(oneTime[1]);
  await page.locator("#password-new").fill(chosen);
  await page.locator("#password-repeat").fill(chosen + "!");
  await page.locator("#password-submit").click();
  await page.locator("#password-error", { hasText: "not the same" }).waitFor();
  await page.locator("#password-repeat").fill(chosen);
  await page.locator("#password-submit").click();
  await page.locator("#console-view").waitFor();
  await page.locator("#logout").click();
  await page.locator("#login-username").fill("admin");
  await page.locator("#login-password").fill(chosen);
  await page.locator("#login-submit").click();
  await page.locator("#console-view").waitFor();
  assert.equal(await page.locator("#password-view").isVisible(), false);
  await context.close();
});

test("a person appears live, is claimed, answered on Telegram, noted and released", async () => {
  const { context, page, problems } = await openConsole("amira");
  const dana = { id: 7001, firstName: "Dana", language: "en" };
  await personAsksForHuman(dana);

  const waiting = page.locator("#waiting-list .queue-item", { hasText: "Dana" });
  await waiting.waitFor({ timeout: 10000 });
  await page.waitForFunction(() => document.getElementById("announcer").textContent.includes("Dana"));
  const id = Number(await waiting.getAttribute("data-id"));

  await waiting.click();
  await page.locator("#transcript .message.user", { hasText: "/human" }).waitFor();
  assert.equal(await page.locator("#reply-text").isDisabled(), true, "no reply before claiming");
  await page.locator("#claim").click();
  await page.locator("#mine-list .queue-item", { hasText: "Dana" }).waitFor();
  assert.equal(await page.locator("#reply-text").isDisabled(), false);

  await page.locator("#reply-text").fill("Hello Dana, I am Amira from the team.");
  await page.locator("#reply-send").click();
  await telegram.waitFor((c) => c.method === "sendMessage" && c.body?.chat_id === dana.id &&
    String(c.body.text).includes("I am Amira"));
  const line = page.locator("#transcript .message.caseworker", { hasText: "I am Amira" });
  await line.waitFor();
  assert.equal((await line.locator(".message-author").textContent()).trim(), "amira",
    "a caseworker's line names who wrote it");
  assert.equal(await page.locator("#reply-text").inputValue(), "");

  await postTelegram(server.url, telegramText(dana, "Thank you, I need help with a letter."));
  await page.locator("#transcript .message.user", { hasText: "help with a letter" }).waitFor({ timeout: 5000 });

  await page.locator("#note-text").fill("Needs help reading a letter from the municipality.");
  await page.locator("#note-submit").click();
  await page.locator("#notes .note", { hasText: "reading a letter" }).waitFor();

  await page.locator("#release").click();
  await page.locator("#mine-list .queue-item", { hasText: "Dana" }).waitFor({ state: "detached" });
  const token = await apiLogin("amira");
  const after = await api(token, "GET", `/api/v1/conversations/${id}`);
  assert.equal(after.body.status, "bot");
  assert.equal(after.body.notes.length, 1);
  assert.equal(await page.locator("#notes .note").count(), 1, "the note is shown once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the keyboard alone opens, claims and answers a conversation", async () => {
  const { context, page, problems } = await openConsole("amira");
  const galyna = { id: 7005, firstName: "Galyna", language: "uk" };
  await personAsksForHuman(galyna);
  await page.locator("#waiting-list .queue-item", { hasText: "Galyna" }).waitFor({ timeout: 10000 });

  const tabTo = async (isTarget, what) => {
    for (let presses = 0; presses < 30; presses += 1) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(isTarget)) return;
    }
    assert.fail("Tab never reached " + what);
  };
  await tabTo(() => document.activeElement.matches(".queue-item") &&
    document.activeElement.textContent.includes("Galyna"), "Galyna's entry");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement.id === "conversation-title");
  await tabTo(() => document.activeElement.id === "claim", "Claim");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement.id === "reply-text");
  await page.keyboard.type("Добрий день, Галино!");
  await page.keyboard.press("Control+Enter");
  await telegram.waitFor((c) => c.method === "sendMessage" && c.body?.chat_id === galyna.id &&
    c.body.text === "Добрий день, Галино!");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a colleague's claim moves the person live and locks the reply box", async () => {
  const { context, page, problems } = await openConsole("amira");
  const emil = { id: 7002, firstName: "Emil", language: "ru" };
  await personAsksForHuman(emil);
  const waiting = page.locator("#waiting-list .queue-item", { hasText: "Emil" });
  await waiting.waitFor({ timeout: 10000 });
  const id = Number(await waiting.getAttribute("data-id"));
  await waiting.click();
  await page.locator("#claim").waitFor();

  const boris = await apiLogin("boris");
  assert.equal((await api(boris, "POST", `/api/v1/conversations/${id}/claim`)).status, 200);

  await page.locator("#others-list .queue-item", { hasText: "Emil" }).waitFor({ timeout: 5000 });
  await page.locator("#conversation-notice", { hasText: "boris" }).waitFor();
  assert.equal(await page.locator("#claim").isVisible(), false);
  assert.equal(await page.locator("#reply-text").isDisabled(), true);
  assert.equal(await page.locator("#waiting-list .queue-item", { hasText: "Emil" }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an Arabic conversation reads right-to-left inside the left-to-right console", async () => {
  const carla = await apiLogin("carla");
  const greeting = "مرحبًا، أنا من فريق زايدنو. سأساعدك في تغيير موعدك.";
  const canned = await api(carla, "POST", "/api/v1/canned-replies", { language: "ar", title: "تحية وموعد", text: greeting });
  assert.ok(canned.status === 200 || canned.status === 201, "canned reply created: " + canned.status);

  const { context, page, problems } = await openConsole("amira");
  const layla = { id: 7003, firstName: "ليلى", language: "ar" };
  await personAsksForHuman(layla, "أريد التحدث مع شخص");
  const question = "مرحبا، عندي موعد يوم الاثنين الساعة 10:30 في مكتب الإسكان. هل يمكنني تغييره؟";
  await postTelegram(server.url, telegramText(layla, question));

  const waiting = page.locator("#waiting-list .queue-item", { hasText: "ليلى" });
  await waiting.waitFor({ timeout: 10000 });
  await waiting.click();
  const arabic = page.locator("#transcript .message.user .message-text", { hasText: "مكتب الإسكان" });
  await arabic.waitFor({ timeout: 5000 });
  await page.locator("#claim").click();
  await page.locator("#mine-list .queue-item", { hasText: "ليلى" }).waitFor();
  await page.locator("#canned").selectOption({ label: "تحية وموعد" });
  await page.locator("#canned-insert").click();
  assert.equal(await page.locator("#reply-text").inputValue(), greeting);
  await page.locator("#reply-send").click();
  await telegram.waitFor((c) => c.method === "sendMessage" && c.body?.chat_id === layla.id && c.body.text === greeting);
  await page.locator("#transcript .message.caseworker .message-text", { hasText: "فريق زايدنو" }).waitFor();

  assert.equal(await arabic.getAttribute("dir"), "auto");
  const style = await arabic.evaluate((node) => {
    const s = getComputedStyle(node);
    return { direction: s.direction, bidi: s.unicodeBidi };
  });
  assert.deepEqual(style, { direction: "rtl", bidi: "plaintext" });
  // The text hugs the right edge of its bubble; the console itself stays left-to-right.
  const edges = await arabic.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const text = range.getBoundingClientRect();
    const box = node.getBoundingClientRect();
    return { gapRight: box.right - text.right, gapLeft: text.left - box.left };
  });
  assert.ok(edges.gapRight <= 1 && edges.gapRight <= edges.gapLeft, JSON.stringify(edges));
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".queue")).direction), "ltr");

  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/console-ar.png" });
    await page.setViewportSize(TABLET);
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/console-ar-tablet.png" });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("after the socket drops, the console reconnects and reads the queue again", async () => {
  let allowSocket = true;
  const open = [];
  const { context, page, problems } = await openConsole("amira", LAPTOP, (p) =>
    p.routeWebSocket(/\/console\/socket/, async (ws) => {
      if (!allowSocket) {
        // Closed before it ever opens, as when the server cannot be reached.
        await ws.close({ code: 1011, reason: "test: server unreachable" });
        return;
      }
      ws.connectToServer();
      open.push(ws);
    }));
  allowSocket = false;
  for (const ws of open.splice(0)) await ws.close({ code: 1011, reason: "test: connection lost" });
  await page.locator('#connection[data-state="offline"]').waitFor();

  // Arrives while the console has no socket, so only the reload after reconnecting shows it.
  const farid = { id: 7004, firstName: "Farid", language: "fa" };
  await personAsksForHuman(farid);
  const token = await apiLogin("amira");
  await waitForWaiting(token, "Farid");
  assert.equal(await page.locator("#waiting-list .queue-item", { hasText: "Farid" }).count(), 0);

  allowSocket = true;
  await page.locator('#connection[data-state="live"]').waitFor({ timeout: 20000 });
  await page.locator("#waiting-list .queue-item", { hasText: "Farid" }).waitFor({ timeout: 5000 });
  assert.deepEqual(problems.filter((p) => !/WebSocket/.test(p)), []);
  await context.close();
});

async function waitForWaiting(token, name) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const list = await api(token, "GET", "/api/v1/conversations?status=waiting");
    if (list.body.items.some((s) => s.display_name === name)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(name + " never reached the waiting list");
}
