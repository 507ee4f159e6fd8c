// The accounts, contacts and services admin pages in headless Chromium against the real
// binary: an admin creates a caseworker whose one-time password must be replaced at the first
// login, deactivating that caseworker ends their open console; a contact's number is saved
// into the draft and published; a closed day leaves a service without slots that day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startZaedno, chromiumOptions } from "./server.mjs";

const PASSWORD = "correct horse battery staple 7";
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ZONE = "Europe/Sofia";  // the server's default zone: days on the page match the API's

let server;
let browser;

before(async () => {
  server = await startZaedno();
  const made = await server.run(["user", "add", "carla", "--role", "admin"], PASSWORD + "\n");
  assert.equal(made.code, 0, `zaedno user add carla: ${made.stderr}`);
  browser = await chromium.launch(chromiumOptions());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page context that records script errors and policy refusals. */
async function newPage(viewport = LAPTOP, timezoneId = ZONE) {
  const context = await browser.newContext({ locale: "en-GB", viewport, timezoneId });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    // Failed calls are judged below, by address.
    if (message.type() === "error" && !/^Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    const expected = (response.status() === 401 && path === "/api/v1/auth/me")    // before login, after deactivation
      || (response.status() === 401 && path === "/api/v1/auth/login")              // the refused login tried on purpose
      || (response.status() === 404 && path === "/api/v1/content/draft");          // no draft yet
    if (response.status() >= 400 && !expected) problems.push(`${response.status()} ${path}`);
  });
  return { context, page, problems };
}

/** An admin page, signed in as carla. */
async function openAdmin(path, viewport = LAPTOP, timezoneId = ZONE) {
  const opened = await newPage(viewport, timezoneId);
  await opened.page.goto(server.url + path);
  await opened.page.locator("#admin-login-username").fill("carla");
  await opened.page.locator("#admin-login-password").fill(PASSWORD);
  await opened.page.locator("#admin-login-submit").click();
  await opened.page.locator("#page").waitFor();
  return opened;
}

async function apiToken() {
  const response = await fetch(server.url + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "carla", password: PASSWORD }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

async function api(path, method = "GET", body = undefined) {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: "Bearer " + (await apiToken()), "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Full-page screenshots at laptop and phone size when ZAEDNO_SCREENSHOTS names a folder. */
async function screenshots(page, name) {
  if (!process.env.ZAEDNO_SCREENSHOTS) return;
  // From the top, so the sticky bars sit where a reader sees them.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.getElementById("admin-toast").hidden = true;
  });
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${process.env.ZAEDNO_SCREENSHOTS}/admin-${name}-laptop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${process.env.ZAEDNO_SCREENSHOTS}/admin-${name}-phone.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
}

test("a new caseworker replaces the one-time password; deactivating ends their console", async () => {
  const admin = await openAdmin("/admin/accounts");
  const { page } = admin;
  await page.locator("#accounts tr[data-username='carla']").waitFor();
  await page.locator("#new-username").fill("Dora");
  await page.locator("#new-role").selectOption("caseworker");
  await page.locator("#new-submit").click();
  await page.locator("#one-time").waitFor();
  const oneTime = await page.locator("#one-time-password").inputValue();
  assert.match(oneTime, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  assert.match(await page.locator("#one-time-for").textContent(), /dora/);
  const dora = page.locator("#accounts tr[data-username='dora']");
  await dora.waitFor();
  assert.match(await dora.textContent(), /Temporary password/);
  assert.match(await dora.textContent(), /never/);
  // Own account: no way to demote or deactivate it from here.
  assert.equal(await page.locator("#accounts tr[data-username='carla'] select").isDisabled(), true);
  assert.equal(await page.locator("#accounts tr[data-username='carla'] [data-action]").count(), 0);
  await screenshots(page, "accounts");
  await page.locator("#one-time-done").click();
  assert.equal(await page.locator("#one-time-password").inputValue(), "");

  // Dora logs in to the console with it and must choose her own password first.
  const caseworker = await newPage();
  const console_ = caseworker.page;
  await console_.goto(server.url + "/console");
  await console_.locator("#login-username").fill("dora");
  await console_.locator("#login-password").fill(oneTime);
  await console_.locator("#login-submit").click();
  await console_.locator("#password-view").waitFor();
  assert.equal(await console_.locator("#console-view").isVisible(), false);
  const chosen = "dora's own long password";
  await console_.locator("#password-current").fill(oneTime);
  await console_.locator("#password-new").fill(chosen);
  await console_.locator("#password-repeat").fill(chosen);
  await console_.locator("#password-submit").click();
  await console_.locator('#connection[data-state="live"]').waitFor({ timeout: 10000 });

  await page.reload();
  await dora.waitFor();
  assert.doesNotMatch(await dora.textContent(), /Temporary password/);

  // Deactivated: her open console notices at once and asks for a login, which fails.
  await dora.locator("[data-action='deactivate']").click();
  await dora.getByRole("button", { name: "Yes" }).click();
  await dora.locator(".badge", { hasText: "Deactivated" }).waitFor();
  await console_.locator("#login-view").waitFor({ timeout: 15000 });
  await console_.locator("#login-username").fill("dora");
  await console_.locator("#login-password").fill(chosen);
  await console_.locator("#login-submit").click();
  await console_.locator("#login-error", { hasText: "Wrong username or password" }).waitFor();

  // Back on, with a fresh one-time password.
  await dora.locator("[data-action='reactivate']").click();
  await dora.locator(".badge", { hasText: "Active" }).waitFor();
  await dora.locator("[data-action='reset']").click();
  await dora.getByRole("button", { name: "Yes" }).click();
  await page.locator("#one-time").waitFor();
  const second = await page.locator("#one-time-password").inputValue();
  assert.notEqual(second, oneTime);
  await dora.locator(".badge", { hasText: "Temporary password" }).waitFor();

  assert.deepEqual(admin.problems, []);
  assert.deepEqual(caseworker.problems, []);
  await caseworker.context.close();
  await admin.context.close();
});

test("a contact's number is checked, saved into the draft, then published", async () => {
  const admin = await openAdmin("/admin/contacts");
  const { page } = admin;
  const phone = page.locator("#contact-2-phone");
  await phone.waitFor();
  const before = await phone.inputValue();
  await phone.fill("call us maybe");
  await page.locator("#save").click();
  await page.locator("#contact-2-phone-error", { hasText: "does not look like a phone number" }).waitFor();
  assert.equal(await phone.getAttribute("aria-invalid"), "true");
  assert.equal((await api("/api/v1/content/draft")).status, 404, "nothing saved");

  await phone.fill("+359 2 987 6543");
  await page.locator("#chat-preview", { hasText: "+359 2 987 6543" }).waitFor();
  await page.locator("#save").click();
  await page.locator("#source-state", { hasText: "Showing the draft" }).waitFor();
  const draft = await api("/api/v1/content/draft");
  assert.equal(draft.body.files["dialogs/data/contacts.json"].contacts[2].phone, "+359 2 987 6543");
  const published = await api("/api/v1/content/published");
  assert.equal(published.body.files["dialogs/data/contacts.json"].contacts[2].phone, before);

  // Added and moved entries keep their place; the unknown "note" key survives.
  await page.locator("#add-contact").click();
  await page.locator("#contact-3-name").fill("Кризисна линия");
  await page.locator("#contact-3-phone").fill("0800 18 700");
  await page.locator("#contact-3-hours").fill("24/7");
  await page.locator("#contact-3-languages").fill("bg, uk");
  await page.locator("#contacts > li:nth-child(4) [data-move='up']").click();
  assert.equal(await page.locator("#contact-2-name").inputValue(), "Кризисна линия");
  await screenshots(page, "contacts");

  // Another admin's edit waits in the same draft: publishing asks first.
  assert.equal((await api("/api/v1/content/draft/data/opening_hours", "PUT", { note: "x" })).status, 200);
  await page.locator("#publish").click();
  await page.locator("#publish-confirm", { hasText: "1 other file(s)" }).waitFor();
  await page.locator("#publish-everything").click();
  await page.locator("#source-state", { hasText: "Showing the published directory" }).waitFor();
  const live = (await api("/api/v1/content/published")).body.files["dialogs/data/contacts.json"];
  assert.equal(live.contacts[3].phone, "+359 2 987 6543");
  assert.deepEqual(live.contacts[2], { topic: "mental_health", name: "Кризисна линия", phone: "0800 18 700", hours: "24/7", languages: ["bg", "uk"] });
  assert.equal(typeof live.note, "string");
  assert.deepEqual(admin.problems, []);
  await admin.context.close();
});

test("a closed day added on the services page leaves no slots that day", async () => {
  // An admin far from the office: days and times still follow the schedules' zone.
  const admin = await openAdmin("/admin/services", LAPTOP, "Pacific/Honolulu");
  const { page } = admin;
  await page.locator("#service-detail").waitFor();
  const firstSlot = page.locator("#slots tr[data-day]").first();
  await firstSlot.waitFor({ timeout: 10000 });
  assert.match(await page.locator("#zone-note").textContent(), /Europe\/Sofia/);
  const hour = Number((await firstSlot.locator("td").first().textContent()).slice(0, 2));
  assert.ok(hour >= 8 && hour <= 18, `office hours in Sofia, not Honolulu (${hour})`);
  const day = await firstSlot.getAttribute("data-day");
  const serviceId = Number(await page.locator("#detail-service").inputValue());
  const slotsThatDay = () => api(`/api/v1/appointments/services/${serviceId}/slots?day=${day}`);
  assert.ok((await slotsThatDay()).body.items.length > 0, "the sample schedule has slots that day");

  await page.locator("#exception-day").fill(day);
  await page.locator("#exception-kind").selectOption("closed");
  await page.locator("#exception-scope").selectOption("service");
  assert.equal(await page.locator("#exception-whole-day").isChecked(), true);
  assert.equal(await page.locator("#exception-from").isVisible(), false);
  await page.locator("#exception-note").fill("Staff training");
  await page.locator("#exception-form button[type='submit']").click();
  await page.locator(`#exceptions tr[data-day='${day}']`, { hasText: "Staff training" }).waitFor();
  await page.waitForFunction((d) => !document.querySelector(`#slots tr[data-day='${d}']`), day);
  assert.deepEqual((await slotsThatDay()).body.items, []);

  // The service editor shows every language side by side, Arabic and Farsi right to left.
  await page.locator("#services tr").first().getByRole("button", { name: "Edit" }).click();
  await page.locator("#service-editor").waitFor();
  assert.equal(await page.locator("#service-name-ar").getAttribute("dir"), "rtl");
  assert.equal(await page.locator("#service-description-fa").evaluate((e) => getComputedStyle(e).direction), "rtl");
  assert.notEqual(await page.locator("#service-name-ar").inputValue(), "");
  await screenshots(page, "services");
  const arabic = "استشارة قانونية مجانية";
  await page.locator("#service-name-ar").fill(arabic);
  await page.locator("#service-form button[type='submit']").click();
  await page.locator("#service-editor").waitFor({ state: "hidden" });
  const services = (await api("/api/v1/appointments/services")).body.items;
  const edited = services.find((s) => s.names.ar === arabic);
  assert.ok(edited, "the Arabic name was saved");
  assert.equal(edited.sample, false, "an edited service is no longer sample data");
  const csv = await page.locator("#download-csv").getAttribute("href");
  assert.match(csv, new RegExp(`^/api/v1/appointments/bookings\\.csv\\?service_id=${serviceId}&`));
  assert.deepEqual(admin.problems, []);
  await admin.context.close();
});

test("the three pages hold together on a phone", async () => {
  for (const path of ["/admin/accounts", "/admin/contacts", "/admin/services"]) {
    const admin = await openAdmin(path, PHONE);
    const { page } = admin;
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px on a phone`);
    assert.deepEqual(admin.problems, []);
    await admin.context.close();
  }
});
