// The reports page in headless Chromium against the real binary: people write over a fake
// Telegram and one handoff is claimed; the page draws its SVG charts (one bar per period and
// series), switching the grouping draws them again, and the CSV link downloads the report.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";
import { startFakeTelegram, telegramEnv, telegramText, postTelegram } from "./fake_telegram.mjs";

const PASSWORD = "correct horse battery staple 7";
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// The server counts days in Europe/Sofia; the page's presets use the browser's calendar.
const ZONE = "Europe/Sofia";

let telegram;
let server;
let browser;

before(async () => {
  telegram = await startFakeTelegram();
  server = await startZaedno(telegramEnv(telegram));
  for (const [name, role] of [["carla", "admin"], ["amira", "caseworker"]]) {
    const made = await server.run(["user", "add", name, "--role", role], PASSWORD + "\n");
    assert.equal(made.code, 0, `zaedno user add ${name}: ${made.stderr}`);
  }
  browser = await chromium.launch(chromiumOptions());
  await createActivity();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await telegram?.stop();
});

async function apiLogin(username) {
  const response = await fetch(server.url + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(response.status, 200, "login of " + username);
  return (await response.json()).token;
}

async function api(token, method, path) {
  const response = await fetch(server.url + path, { method, headers: { Authorization: "Bearer " + token } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Three people start the bot in three languages; one asks for a person and is claimed. */
async function createActivity() {
  const people = [
    { id: 9101, firstName: "Olena", language: "uk" },
    { id: 9102, firstName: "Farid", language: "ar" },
    { id: 9103, firstName: "Dana", language: "en" },
  ];
  for (const person of people) {
    await postTelegram(server.url, telegramText(person, "/start"));
    await telegram.waitFor((c) => c.method === "sendMessage" && String(c.body?.chat_id) === String(person.id));
  }
  const before = telegram.sentTo(people[2].id).length;
  await postTelegram(server.url, telegramText(people[2], "/human"));
  await telegram.waitFor(() => telegram.sentTo(people[2].id).length > before);
  const caseworker = await apiLogin("amira");
  const waiting = await api(caseworker, "GET", "/api/v1/conversations?status=waiting");
  assert.equal(waiting.body.items.length, 1);
  const claimed = await api(caseworker, "POST", `/api/v1/conversations/${waiting.body.items[0].id}/claim`);
  assert.equal(claimed.status, 200);
}

async function openReports(viewport) {
  const context = await browser.newContext({ locale: "en-GB", viewport, timezoneId: ZONE, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  await page.goto(server.url + "/admin/reports");
  await page.locator("#admin-login-username").fill("carla");
  await page.locator("#admin-login-password").fill(PASSWORD);
  await page.locator("#admin-login-submit").click();
  await page.locator('#report-charts[aria-busy="false"]').waitFor({ timeout: 10000 });
  return { context, page, problems };
}

async function drawn(page, period, periods) {
  await page.locator(`#report-charts[data-period="${period}"][data-periods="${periods}"][aria-busy="false"]`).waitFor();
}

test("the page draws its charts, redraws by week and month, and downloads the CSV", async () => {
  const { context, page, problems } = await openReports(LAPTOP);
  await drawn(page, "day", 30);

  const people = page.locator('#chart-people svg[role="img"]');
  assert.equal(await people.locator("rect.bar").count(), 60, "30 days × (reached, new)");
  const today = people.locator('rect.bar[data-period="29"]');
  assert.equal(await today.first().getAttribute("data-value"), "3", "three people reached today");
  assert.equal(await today.nth(1).getAttribute("data-value"), "3", "all three new");
  assert.match(await people.locator("title").first().textContent(), /People reached and new people/);
  assert.equal(await page.locator("#chart-languages rect.bar").count(), 90, "30 days × 3 languages");
  assert.equal(await page.locator("#chart-waits circle.point").count(), 2, "median and 90th percentile of today's one wait");
  assert.equal(await page.locator("#chart-crisis rect.bar").count(), 30);
  // Every chart has the same numbers as a table under it.
  const charts = await page.locator(".report-chart").count();
  assert.equal(charts, 8);
  assert.equal(await page.locator(".report-chart details.chart-table").count() >= charts, true);
  const tableRows = page.locator("#chart-people details.chart-table tbody tr");
  assert.equal(await tableRows.count(), 30);
  assert.match(await page.locator("#report-totals").textContent(), /New people/);
  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/admin-reports.png", fullPage: true });
  }

  await page.locator("#report-period").selectOption("week");
  await page.locator('#report-charts[data-period="week"][aria-busy="false"]').waitFor();
  const weeks = Number(await page.locator("#report-charts").getAttribute("data-periods"));
  assert.ok(weeks === 5 || weeks === 6, "30 days span five or six ISO weeks, got " + weeks);
  assert.equal(await page.locator("#chart-people rect.bar").count(), weeks * 2);

  await page.locator("#report-preset").selectOption("months");
  await drawn(page, "month", 12);
  assert.equal(await page.locator("#chart-people rect.bar").count(), 24);
  assert.equal(await page.locator('#chart-people rect.bar[data-period="11"]').first().getAttribute("data-value"), "3");

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#report-csv").click()]);
  assert.match(download.suggestedFilename(), /^zaedno-report-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}-by-month\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "period_start,period_end,metric,breakdown,key,label,value");
  assert.ok(lines.some((l) => /^\d{4}-\d{2}-01,\d{4}-\d{2}-\d{2},new_people,all,,New people,3$/.test(l)), "this month's new people");
  assert.ok(lines.some((l) => /,handoffs_requested,reason,requested,requested,1$/.test(l)));
  assert.ok(!csv.includes("Olena") && !csv.includes("9101"), "no person in the CSV");
  assert.deepEqual(problems, []);
  await context.close();
});

test("at phone width the charts fit the screen and a bad range is explained", async () => {
  const { context, page, problems } = await openReports(PHONE);
  await drawn(page, "day", 30);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, "no sideways scrolling, overflow " + overflow);
  const width = Number(await page.locator("#chart-people svg").getAttribute("width"));
  assert.ok(width <= PHONE.width && width >= 260, "chart drawn at the phone's width: " + width);
  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/admin-reports-phone.png", fullPage: true });
  }
  await page.locator("#report-from").fill("1900-01-01");
  await page.locator("#report-show").click();
  await page.locator("#report-error", { hasText: "more than 400 days" }).waitFor();
  await page.locator("#report-from").fill("2100-01-01");
  await page.locator("#report-show").click();
  await page.locator("#report-error", { hasText: "must not be after" }).waitFor();
  // The refused range's 400 is logged by the browser; nothing else may be.
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  await context.close();
});
