// The custom element and the iframe, as a partner portal embeds them (www/demo.html).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { browser, screenshot, serve } from "./helpers.js";

let server;
let chromium;
let page;

before(async () => {
  server = await serve();
  chromium = await browser();
  page = await chromium.context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(e.message));
  // Listeners are in place before anything of the page runs, so no event is missed.
  await page.addInitScript(() => {
    window.seen = { element: [], frame: [] };
    document.addEventListener("conficker-result", (e) => window.seen.element.push(e.detail));
    window.addEventListener("message", (e) => window.seen.frame.push(e.data));
  });
  await page.goto(`${server.url}/demo.html`);
});

after(async () => {
  await chromium?.close();
  server?.close();
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
