// The content pages of the admin area in headless Chromium against the real binary: the
// dialogs list with texts and targets, a node's texts edited in two languages, the
// translation table's missing and stale marks, the raw JSON editor's messages at their line,
// and publish, an outdated draft and roll-back on the history page. Screenshots of each page
// at laptop and phone size when ZAEDNO_SCREENSHOTS names a folder.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";

const PASSWORD = "correct horse battery staple 7";
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const EXPECTED_REFUSALS = /status of (401|404|409|422)/;  // answers the pages handle on purpose

let server;
let browser;
let token;

before(async () => {
  server = await startZaedno({});
  const made = await server.run(["user", "add", "carla", "--role", "admin"], PASSWORD + "\n");
  assert.equal(made.code, 0, "zaedno user add carla: " + made.stderr);
  browser = await chromium.launch(chromiumOptions());
  const login = await fetch(server.url + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "carla", password: PASSWORD }),
  });
  assert.equal(login.status, 200);
  token = (await login.json()).token;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each test starts without a draft. */
beforeEach(async () => {
  const answer = await api("DELETE", "/api/v1/content/draft");
  assert.ok(answer.status === 204 || answer.status === 404, "discarding the draft: " + answer.status);
});

async function api(method, path, body) {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: response.status, body: parsed };
}

async function published() {
  return (await api("GET", "/api/v1/content/published")).body;
}

async function draftFiles() {
  const answer = await api("GET", "/api/v1/content/draft");
  return answer.status === 200 ? answer.body.files : null;
}

/** A logged-in admin page; `problems` collects script errors and CSP refusals. */
async function openAdmin(path, viewport = LAPTOP) {
  const context = await browser.newContext({ locale: "en-GB", viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !EXPECTED_REFUSALS.test(message.text())) problems.push(message.text());
  });
  await page.goto(server.url + path);
  await page.locator("#admin-login-username").fill("carla");
  await page.locator("#admin-login-password").fill(PASSWORD);
  await page.locator("#admin-login-submit").click();
  await page.locator("#page").waitFor();
  return { context, page, problems };
}

async function screenshot(page, name) {
  if (!process.env.ZAEDNO_SCREENSHOTS) return;
  const viewport = page.viewportSize();
  await page.screenshot({ path: `${process.env.ZAEDNO_SCREENSHOTS}/admin-${name}-laptop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${process.env.ZAEDNO_SCREENSHOTS}/admin-${name}-phone.png`, fullPage: true });
  await page.setViewportSize(viewport);
}

test("the dialogs list shows a flow's nodes with texts, buttons and targets, and jumps between them", async () => {
  const seed = await published();
  const en = seed.files["locales/en.json"];
  const ar = seed.files["locales/ar.json"];
  const { context, page, problems } = await openAdmin("/admin/dialogs?flow=main_menu");
  await page.locator("#version-state", { hasText: "published version 1" }).waitFor();
  const menu = page.locator("#node-menu");
  await menu.waitFor();
  assert.equal(await menu.locator(".node-head .badge").first().textContent(), "ask");
  assert.equal(await menu.locator(".node-text .content-text").first().textContent(), en["menu.prompt"]);
  assert.equal(await menu.locator(".node-text code.key").first().textContent(), "menu.prompt");
  const housing = menu.locator(".choice", { hasText: en["menu.housing"] });
  assert.match(await housing.locator("code.key").textContent(), /housing · menu\.housing/);
  const target = housing.locator("a.target");
  assert.equal(await target.getAttribute("data-flow"), "housing");

  // A target in another flow switches the flow and brings its node into view.
  await target.click();
  await page.waitForFunction(() => document.getElementById("flow-select").value === "housing");
  const start = (await published()).files["dialogs/housing.json"].start;
  await page.locator(`#node-${start}`).waitFor();
  assert.match(page.url(), /flow=housing/);
  assert.ok(await page.locator(`#node-${start} .badge`, { hasText: "start" }).count());
  // Other targets: a branch's cases, an action's outcomes.
  await page.locator("#node-search .leads", { hasText: "outcome “unavailable”" }).waitFor();

  // The same flow in Arabic: right-to-left texts.
  await page.locator("#flow-select").selectOption("main_menu");
  await page.locator("#language-select").selectOption("ar");
  const arabic = page.locator("#node-menu .node-text .content-text").first();
  await arabic.waitFor();
  assert.equal(await arabic.textContent(), ar["menu.prompt"]);
  assert.equal(await arabic.getAttribute("dir"), "rtl");
  await screenshot(page, "dialogs-ar");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a node's texts are edited side by side and saved into the draft in two languages", async () => {
  const { context, page, problems } = await openAdmin("/admin/dialogs?flow=main_menu&lang=ar");
  const menu = page.locator("#node-menu");
  await menu.locator(".edit-texts").click();
  const group = menu.locator('fieldset[data-key="menu.prompt"]');
  assert.equal(await group.locator("textarea").count(), 6, "one text area per language");
  const arabic = group.getByLabel("Arabic (ar)");
  assert.equal(await arabic.getAttribute("dir"), "rtl");
  assert.equal(await group.getByLabel("Persian (fa)").getAttribute("dir"), "rtl");
  assert.equal(await group.getByLabel("Bulgarian (bg)").getAttribute("dir"), "ltr");
  assert.match(await group.locator(".source-text").textContent(), /English source: How can I help you\?/);

  // Unsaved changes: leaving the flow asks first, and staying keeps them.
  await arabic.fill("كيف نساعدك اليوم؟");
  await group.getByLabel("Bulgarian (bg)").fill("С какво да помогнем днес?");
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.locator("#flow-select").selectOption("housing");
  assert.equal(await page.locator("#flow-select").inputValue(), "main_menu");
  assert.equal(await arabic.inputValue(), "كيف نساعدك اليوم؟");

  await menu.getByRole("button", { name: "Save to draft" }).click();
  await menu.locator('.validation[data-valid="true"]').waitFor();
  assert.match(await menu.locator(".editor-result").textContent(), /Saved (ar, bg|bg, ar) to the draft/);
  await page.locator("#version-state", { hasText: "Showing the draft" }).waitFor();
  assert.equal(await menu.locator(".node-text .content-text").first().textContent(), "كيف نساعدك اليوم؟");
  await screenshot(page, "dialogs-editor-ar");

  const files = await draftFiles();
  assert.equal(files["locales/ar.json"]["menu.prompt"], "كيف نساعدك اليوم؟");
  assert.equal(files["locales/bg.json"]["menu.prompt"], "С какво да помогнем днес?");
  const seed = await published();
  assert.deepEqual(files["locales/en.json"], seed.files["locales/en.json"], "unchanged languages are not written");
  const audit = await api("GET", "/api/v1/content/draft");
  assert.equal(audit.body.version.revision, 2, "one save per changed language");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the translation table marks missing and stale texts, filters them and saves a cell", async () => {
  const seed = (await published()).files;
  const en = { ...seed["locales/en.json"], "menu.prompt": "What do you need help with today?" };
  assert.equal((await api("PUT", "/api/v1/content/draft/locales/en", en)).status, 200);
  const ar = { ...seed["locales/ar.json"] };
  delete ar["menu.housing"];
  assert.equal((await api("PUT", "/api/v1/content/draft/locales/ar", ar)).status, 200);

  const { context, page, problems } = await openAdmin("/admin/translations?prefix=menu.");
  const prompt = page.locator('tr[data-key="menu.prompt"]');
  await prompt.waitFor();
  assert.equal(await prompt.locator('td[data-lang="bg"]').getAttribute("data-status"), "stale");
  assert.match(await prompt.locator('td[data-lang="bg"] .was').textContent(), /How can I help you\?/);
  assert.equal(await prompt.locator('td[data-lang="en"]').getAttribute("data-status"), "source");
  const housing = page.locator('tr[data-key="menu.housing"]');
  assert.equal(await housing.locator('td[data-lang="ar"]').getAttribute("data-status"), "missing");
  assert.equal(await housing.locator('td[data-lang="ar"] .badge').textContent(), "missing");
  await screenshot(page, "translations");

  // A reviewer finds the Russian text still right for the new source: the mark goes, for
  // Russian only, and the cell says it was checked.
  await prompt.locator('td[data-lang="ru"]').getByRole("button", { name: /mark still correct/ }).click();
  await page.locator('tr[data-key="menu.prompt"] td[data-lang="ru"][data-status="ok"] .reviewed').waitFor();
  assert.equal(await page.locator('tr[data-key="menu.prompt"] td[data-lang="bg"]').getAttribute("data-status"), "stale");
  await screenshot(page, "translations-reviewed");

  // Filters: missing only leaves the one row; stale only shows the prompt, not housing.
  await page.locator("#filter-missing").check();
  await page.waitForFunction(() => document.querySelectorAll("#translations-body tr[data-key]").length === 1);
  assert.equal(await page.locator("#translations-body tr[data-key]").getAttribute("data-key"), "menu.housing");
  await page.locator("#filter-missing").uncheck();
  await page.locator("#filter-stale").check();
  await page.locator("#filter-prefix").fill("");
  await page.waitForFunction(() => !document.querySelector('#translations-body tr[data-key="menu.housing"]'));
  assert.ok(await prompt.count());
  await page.locator("#filter-stale").uncheck();
  await page.locator("#filter-search").fill("menu.housing");
  await page.waitForFunction(() => document.querySelectorAll("#translations-body tr[data-key]").length === 1);

  // Fixing the missing cell in place.
  await housing.locator('td[data-lang="ar"] .cell-text').click();
  await housing.locator("textarea").fill("السكن");
  await housing.getByRole("button", { name: "Save to draft" }).click();
  await page.locator('tr[data-key="menu.housing"] td[data-lang="ar"][data-status="ok"]').waitFor();
  assert.equal((await draftFiles())["locales/ar.json"]["menu.housing"], "السكن");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the raw JSON editor shows each validator message at its line and jumps to it", async () => {
  const broken = [
    "{",
    '  "flow": "help",',
    '  "start": "start",',
    '  "nodes": {',
    '    "start": {',
    '      "kind": "say", "text": "help.text",',
    '      "colour": "red"',
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
  const { context, page, problems } = await openAdmin("/admin/json?file=dialogs/help.json");
  const area = page.locator("#json-text");
  await page.locator("#syntax-state", { hasText: "JSON syntax: OK" }).waitFor();
  await area.fill(broken);
  await page.locator("#json-save").click();
  const message = page.locator('.line-message[data-line="7"]');
  await message.waitFor();
  assert.match(await message.textContent(), /unknown field "colour"/);
  const item = page.locator("#json-problems .problem", { hasText: 'unknown field "colour"' });
  assert.match(await item.textContent(), /help › start › colour/);
  assert.equal((await api("GET", "/api/v1/content/draft?format=raw")).body.files["dialogs/help.json"], broken);

  // The list jumps to the line: the caret lands on line 7.
  await area.evaluate((node) => node.setSelectionRange(0, 0));
  await item.getByRole("link", { name: "open line 7" }).click();
  const caretLine = await area.evaluate((node) => node.value.slice(0, node.selectionStart).split("\n").length);
  assert.equal(caretLine, 7);
  await screenshot(page, "json");

  // A syntax error is saved as it is and reported at its line.
  await area.fill(broken.replace('"start": "start",', '"start" "start",'));
  await page.locator("#syntax-state", { hasText: "JSON syntax error on line 3" }).waitFor();
  await page.locator("#json-save").click();
  await page.locator("#json-problems .problem", { hasText: "invalid JSON" }).waitFor();
  await page.locator('.line-message[data-line="3"]', { hasText: "invalid JSON" }).waitFor();
  assert.match((await api("GET", "/api/v1/content/draft?format=raw")).body.files["dialogs/help.json"], /"start" "start"/);

  // A data file is saved as its exact text too, and every other file stays as it was.
  await page.locator("#file-select").selectOption("dialogs/data/contacts.json");
  const contacts = (await area.inputValue()) + "\n";
  await area.fill(contacts);
  await page.locator("#json-save").click();
  await page.locator(".toast", { hasText: "Saved dialogs/data/contacts.json" }).waitFor();
  const raw = (await api("GET", "/api/v1/content/draft?format=raw")).body.files;
  const seed = (await api("GET", "/api/v1/content/published?format=raw")).body.files;
  assert.equal(raw["dialogs/data/contacts.json"], contacts);
  assert.equal(raw["locales/ar.json"], seed["locales/ar.json"]);
  assert.match(raw["dialogs/help.json"], /"start" "start"/);
  assert.deepEqual(Object.keys(raw).sort(), Object.keys(seed).sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test("the history page publishes with a note, explains an outdated draft, and rolls back", async () => {
  const seed = (await published());
  const before = seed.version.id;
  const en = { ...seed.files["locales/en.json"], "menu.prompt": "Hello! What do you need?" };
  assert.equal((await api("PUT", "/api/v1/content/draft/locales/en", en)).status, 200);

  const { context, page, problems } = await openAdmin("/admin/history");
  page.on("dialog", (dialog) => dialog.accept());
  const change = page.locator('.diff-locale[data-lang="en"] tr', { hasText: "menu.prompt" });
  await change.waitFor();
  assert.match(await change.textContent(), /How can I help you\?.*Hello! What do you need\?/);
  await screenshot(page, "history");

  await page.locator("#publish-note").fill("friendlier greeting");
  await page.locator("#publish").click();
  await page.locator("#publish-result", { hasText: "Published as version" }).waitFor();
  const first = (await published()).version;
  assert.ok(first.id > before);
  assert.equal(first.note, "friendlier greeting");
  assert.equal((await published()).files["locales/en.json"]["menu.prompt"], "Hello! What do you need?");
  await page.locator(`#versions-body tr[data-version="${first.id}"]`, { hasText: "friendlier greeting" }).waitFor();
  assert.match(await page.locator("#draft-state").textContent(), /There is no draft/);

  // A draft started before someone else publishes is not published over it silently.
  const next = { ...en, "menu.prompt": "Draft started earlier" };
  assert.equal((await api("PUT", "/api/v1/content/draft/locales/en", next)).status, 200);
  const meanwhile = await api("POST", `/api/v1/content/versions/${before}/rollback`);
  assert.equal(meanwhile.status, 200);
  await page.reload();
  await page.locator("#draft-warning", { hasText: `version ${meanwhile.body.version.id} was published since` }).waitFor();
  await page.locator("#publish").click();
  await page.locator("#publish-result", { hasText: "a newer version was published" }).waitFor();
  assert.equal((await published()).version.id, meanwhile.body.version.id, "nothing changed yet");
  await page.locator("#publish-over").click();
  await page.locator("#publish-result", { hasText: "Published as version" }).waitFor();
  assert.equal((await published()).files["locales/en.json"]["menu.prompt"], "Draft started earlier");

  // Roll back to the first published edit.
  await page.locator(`#versions-body tr[data-version="${first.id}"] .rollback`).click();
  await page.locator("#rollback-result", { hasText: "Rolled back" }).waitFor();
  const now = (await published());
  assert.equal(now.version.source, "rollback");
  assert.equal(now.version.based_on, first.id);
  assert.equal(now.files["locales/en.json"]["menu.prompt"], "Hello! What do you need?");
  await page.locator(`#versions-body tr[data-version="${now.version.id}"] .badge`, { hasText: "published" }).waitFor();

  // An old version's files can be read.
  await page.locator(`#versions-body tr[data-version="${before}"]`).getByRole("button", { name: "View files" }).click();
  await page.locator("#version-file").selectOption("locales/en.json");
  assert.match(await page.locator("#version-text").textContent(), /How can I help you\?/);
  assert.deepEqual(problems, []);
  await context.close();
});
