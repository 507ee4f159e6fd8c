// The web chat in headless Chromium: open the page, press a button, get the answer; an Arabic
// browser gets right-to-left bubbles.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";

let server;
let browser;

before(async () => {
  server = await startZaedno();
  browser = await chromium.launch(chromiumOptions());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the welcome arrives and a button press gets an answer", async () => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 780 } });
  const page = await context.newPage();
  await page.goto(server.url + "/");
  const firstBot = page.locator("li.bubble.bot").first();
  await firstBot.waitFor({ timeout: 10000 });
  const buttons = page.locator("li.bubble.bot .choices button");
  await buttons.first().waitFor();
  const before = await page.locator("li.bubble.bot").count();
  const label = await buttons.nth(2).textContent();  // English in the language list
  await buttons.nth(2).click();
  await page.locator("li.bubble.me", { hasText: label.trim() }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll("li.bubble.bot").length > n, before, { timeout: 10000 });
  const last = await page.locator("li.bubble.bot").last().textContent();
  assert.ok(last.length > 0);
  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/webchat-en.png" });
  }
  await context.close();
});

test("an Arabic browser reads right-to-left", async () => {
  const context = await browser.newContext({ locale: "ar", viewport: { width: 390, height: 780 } });
  const page = await context.newPage();
  await page.goto(server.url + "/");
  const bubble = page.locator("li.bubble.bot").first();
  await bubble.waitFor({ timeout: 10000 });
  assert.equal(await bubble.getAttribute("dir"), "rtl");
  const direction = await bubble.evaluate((el) => getComputedStyle(el).direction);
  assert.equal(direction, "rtl");
  if (process.env.ZAEDNO_SCREENSHOTS) {
    await page.screenshot({ path: process.env.ZAEDNO_SCREENSHOTS + "/webchat-ar.png" });
  }
  await context.close();
});

test("a reload shows the conversation again, each reply once", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(server.url + "/");
  await page.locator("li.bubble.bot .choices button").first().waitFor({ timeout: 10000 });
  const session = await page.evaluate(() => localStorage.getItem("zaedno.session"));
  const shown = await page.locator("li.bubble.bot").allTextContents();
  await page.reload();
  await page.waitForFunction((n) => document.querySelectorAll("li.bubble.bot").length >= n, shown.length, { timeout: 10000 });
  await page.waitForTimeout(300);  // a duplicate would arrive right behind the replay
  assert.deepEqual(await page.locator("li.bubble.bot").allTextContents(), shown);
  assert.equal(await page.evaluate(() => localStorage.getItem("zaedno.session")), session);
  await context.close();
});
