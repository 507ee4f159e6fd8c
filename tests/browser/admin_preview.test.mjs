// The draft preview end to end in headless Chromium against the real binary and a fake
// Telegram: an admin edits a node's Arabic text on the Dialogs page, sees it in the preview
// (right to left, marked as the draft) while Telegram still gets the published text,
// publishes on Publish & history, and the next Telegram message in Arabic shows the new text.
// Screenshots of the preview in Arabic at laptop and phone size when ZAEDNO_SCREENSHOTS names
// a folder.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";
import { startFakeTelegram, telegramEnv, telegramText, postTelegram } from "./fake_telegram.mjs";

const PASSWORD = "correct horse battery staple 7";
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const NEW_ARABIC = "مرحباً! أنا زايدنو، نص جديد من المسودة. اختر لغتك:";

let telegram;
let server;
let browser;

before(async () => {
  telegram = await startFakeTelegram();
  server = await startZaedno(telegramEnv(telegram));
  for (const [name, role] of [["nadia", "admin"], ["kalin", "caseworker"]]) {
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

/** A page logged in through the admin frame's own form; `problems` collects script errors. */
async function openAdmin(username, path, viewport = LAPTOP) {
  const context = await browser.newContext({ locale: "en-GB", viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  // Expected refusals: /auth/me before login, and the draft read while there is none.
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    const expected = (response.status() === 401 && path === "/api/v1/auth/me") ||
      (response.status() === 404 && path === "/api/v1/content/draft");
    if (response.status() >= 400 && !expected) problems.push(response.status() + " " + path);
  });
  await page.goto(server.url + path);
  await page.locator("#admin-login-username").fill(username);
  await page.locator("#admin-login-password").fill(PASSWORD);
  await page.locator("#admin-login-submit").click();
  return { context, page, problems };
}

/** The first text Telegram was asked to send to this person after their /start. */
async function telegramGreeting(person) {
  await postTelegram(server.url, telegramText(person, "/start"));
  const sent = await telegram.waitFor((c) => c.method === "sendMessage" && String(c.body?.chat_id) === String(person.id));
  return sent.body.text;
}

/** Publish & history, reached from the preview's link: the diff shows the change, then publish. */
async function publishFromHistory(page) {
  await page.locator("#preview-publish").click();
  await page.waitForURL("**/admin/history");
  await page.locator("#diff", { hasText: NEW_ARABIC }).waitFor();
  await page.locator("#publish-note").fill("Arabic greeting");
  await page.locator("#publish").click();
  const result = page.locator("#publish-result", { hasText: /Published as version \d+/ });
  await result.waitFor();
  return Number(/version (\d+)/.exec(await result.textContent())[1]);
}

test("edit an Arabic text, see it in the preview, publish, and Telegram shows it", async () => {
  const { context, page, problems } = await openAdmin("nadia", "/admin/dialogs");

  // Dialogs: the welcome flow's first question, edited in Arabic only.
  await page.locator("#flow-select").selectOption("welcome");
  const node = page.locator("#node-choose_language");
  await node.locator(".edit-texts").click();
  const arabic = node.getByRole("group", { name: "Text welcome.choose_language" }).getByLabel("Arabic (ar)");
  const published = await arabic.inputValue();
  assert.notEqual(published, NEW_ARABIC);
  assert.equal(await arabic.getAttribute("dir"), "rtl");
  await arabic.fill(NEW_ARABIC);
  await node.getByRole("button", { name: "Save to draft" }).click();
  await page.locator(".editor-result", { hasText: "Saved ar to the draft" }).waitFor();

  // People still get the published text while the change is only a draft.
  const before = await telegramGreeting({ id: 7101, firstName: "Rami", language: "ar" });
  assert.ok(before.includes(published), before);
  assert.ok(!before.includes(NEW_ARABIC), before);

  // Preview: reached from the navigation; Arabic chosen; the draft's text, right to left.
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Preview" }).click();
  await page.locator("#preview-version", { hasText: "Draft, revision" }).waitFor();
  await page.locator("#preview-language").selectOption("ar");
  const greeting = page.locator("#preview-messages .bubble.bot", { hasText: NEW_ARABIC });
  await greeting.waitFor();
  assert.equal(await greeting.getAttribute("dir"), "rtl");
  assert.equal(await page.locator("#preview-messages").getAttribute("dir"), "rtl");
  assert.match(await page.locator("#preview-message").textContent(), /not yet published/);
  assert.equal(await page.locator("#preview-publish").getAttribute("href"), "/admin/history");

  // A few steps further: the buttons work, and what the preview leaves out is said.
  await greeting.getByRole("button", { name: "العربية" }).click();
  await page.locator("#preview-messages .bubble.bot").nth(1).waitFor();
  await page.locator("#preview-messages .bubble.bot").nth(1).getByRole("button").first().click();
  await page.locator("#preview-text").fill("أريد التحدث إلى شخص");
  await page.locator("#preview-send").click();
  await page.locator("#preview-messages .note", { hasText: "no handoff is opened" }).waitFor();

  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/admin-preview-ar.png", fullPage: true });
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/admin-preview-ar-phone.png", fullPage: true });
    await page.setViewportSize(LAPTOP);
  }

  // Publish, then the next Telegram conversation in Arabic opens with the new text.
  const version = await publishFromHistory(page);
  assert.ok(version > 1, String(version));
  const after = await telegramGreeting({ id: 7102, firstName: "Huda", language: "ar" });
  assert.ok(after.includes(NEW_ARABIC), after);

  // With no draft left, the preview says it shows the published version.
  await page.goto(server.url + "/admin/preview");
  await page.locator("#preview-version", { hasText: "Published version " + version }).waitFor();
  await page.locator("#preview-language").selectOption("ar");
  await page.locator("#preview-messages .bubble.bot", { hasText: NEW_ARABIC }).waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test("a caseworker gets no preview", async () => {
  const { context, page } = await openAdmin("kalin", "/admin/preview");
  await page.locator("#admin-gate", { hasText: "These pages are for administrators" }).waitFor();
  assert.equal(await page.locator("#page").isHidden(), true);
  // The socket itself refuses the caseworker's session too.
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const socket = new WebSocket("ws://" + location.host + "/admin/preview/socket");
    socket.addEventListener("open", () => resolve("opened"));
    socket.addEventListener("close", () => resolve("closed"));
  }));
  assert.equal(refused, "closed");
  await context.close();
});
