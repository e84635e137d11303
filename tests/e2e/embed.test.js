// The custom element and the iframe, as a partner portal embeds them (www/demo.html).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { engine, pageSession, root, screenshot } from "./helpers.js";

let page;
const session = pageSession(async () => {
  page = await session.browser.context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(e.message));
  // Listeners are in place before anything of the page runs, so no event is missed.
  await page.addInitScript(() => {
    window.seen = { element: [], frame: [] };
    document.addEventListener("conficker-result", (e) => window.seen.element.push(e.detail));
    window.addEventListener("message", (e) => window.seen.frame.push(e.data));
  });
  await page.goto(`${session.server.url}/demo.html`);
});

const JOGLI = { variant: "B", date: "2009-03-08", index: 100, beforeFirstSeen: false };

test("the custom element reports jogli.com as B's name #100 of 2009-03-08", async () => {
  await page.waitForFunction(() => window.seen.element.length > 0);
  const [result] = await page.evaluate(() => window.seen.element);
  assert.equal(result.name, "jogli.com");
  assert.deepEqual(result.hits, [JOGLI]);
  const shown = await page.evaluate(() => document.querySelector("conficker-check").shadowRoot.textContent);
  assert.match(shown, /jogli\.com is a Conficker name: B #100 on 2009-03-08/);
});

test("the iframe posts jogli.com's result to its parent", async () => {
  await page.waitForFunction(() => window.seen.frame.length > 0);
  const [message] = await page.evaluate(() => window.seen.frame);
  assert.equal(message.type, "conficker-result");
  assert.equal(message.name, "jogli.com");
  assert.deepEqual(message.hits, [JOGLI]);
  await screenshot(page, "embed");
});

test("the element explains a bad date and an impossible name", async () => {
  const shown = await page.evaluate(async () => {
    const element = document.createElement("conficker-check");
    const settled = (type) => new Promise((resolve) => element.addEventListener(type, (e) => resolve(e.detail), { once: true }));
    element.setAttribute("name", "jogli.com");
    element.setAttribute("from", "2009-02-30");
    element.setAttribute("to", "2009-03-31");
    const failed = settled("conficker-error");
    document.body.append(element);
    const error = await failed;
    const checked = settled("conficker-result");
    element.setAttribute("name", "jogli.de");
    element.setAttribute("from", "2009-03-01");
    const result = await checked;
    return { error: error.message, reason: result.reason, text: element.shadowRoot.textContent };
  });
  assert.equal(shown.error, "from date 2009-02-30 does not exist in the calendar");
  assert.equal(shown.reason, "suffix .de is used by no variant");
  assert.match(shown.text, /jogli\.de cannot be a Conficker name: suffix \.de is used by no variant/);
  assert.deepEqual(page.problems, []);
});

/** A portal's page loading the element with Subresource Integrity, as the guide's embedding page shows it. */
async function portalPage(integrity) {
  const host = await session.browser.context.newPage();
  const errors = [];
  host.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // A script the browser refused fires `error` at its element (which does not bubble).
  await host.addInitScript(() => addEventListener("error", (e) => e.target instanceof HTMLScriptElement && (window.blocked = e.target.src), true));
  const html = `<!doctype html><title>portal</title>
<script type="module" src="conficker-check.js" integrity="${integrity}" crossorigin="anonymous"></script>
<conficker-check name="jogli.com" from="2009-03-01" to="2009-03-31"></conficker-check>`;
  await host.route(`${session.server.url}/portal.html`, (route) => route.fulfill({ body: html, contentType: "text/html" }));
  await host.goto(`${session.server.url}/portal.html`);
  return { host, errors };
}

test("the element loads with the integrity make web prints, and not with another", async () => {
  const script = await readFile(path.join(root, "www/conficker-check.js"));
  const sri = `sha384-${createHash("sha384").update(script).digest("base64")}`;
  const good = await portalPage(sri);
  // The verdict replaces "checking jogli.com…" once the worker has answered.
  const verdict = await good.host.waitForFunction(() => {
    const text = document.querySelector("conficker-check").shadowRoot?.textContent ?? "";
    return !text.startsWith("checking") && text;
  });
  assert.match(await verdict.jsonValue(), /jogli\.com is a Conficker name: B #100 on 2009-03-08/);
  assert.deepEqual(good.errors, []);
  assert.equal(await good.host.evaluate(() => window.blocked), undefined);
  await good.host.close();

  const bad = await portalPage(`sha384-${createHash("sha384").update("something else").digest("base64")}`);
  await bad.host.waitForFunction(() => document.readyState === "complete");
  assert.equal(await bad.host.evaluate(() => customElements.get("conficker-check")), undefined);
  assert.equal(await bad.host.evaluate(() => window.blocked), `${session.server.url}/conficker-check.js`);
  // Chromium says why on the console; Firefox keeps security messages off WebDriver BiDi's log.
  if (engine === "chromium") assert.ok(bad.errors.some((e) => /integrity/i.test(e)), bad.errors.join("\n"));
  await bad.host.close();
});
