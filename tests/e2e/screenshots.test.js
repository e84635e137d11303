// Screenshots of every view with a result on it, at 1280 and 360 px, in the light and the
// dark colour scheme: test-results/view-VIEW-WIDTHpx-SCHEME.png (Firefox's under firefox/).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { browser, check, open, screenshot, serve, submit, vector } from "./helpers.js";

let server;
let chromium;
let page;

before(async () => {
  server = await serve();
  chromium = await browser();
  page = await open(chromium.context, `${server.url}/`);
});

after(async () => {
  await chromium?.close();
  server?.close();
});

/** Two of B's names of 2020-01-19 looked up by one host, as BIND logs them. */
async function bindLog() {
  const b = (await vector("B-2020-01-19.txt")).trim().split("\n");
  const line = (i, name) =>
    `20-Jan-2020 00:00:0${i}.000 queries: info: client @0x7f8e1c0a2b30 10.1.0.2#53211 (${name}): query: ${name} IN A +E(0)K (10.0.0.1)`;
  return [line(0, b[0]), line(1, b[1]), line(2, "www.example.org")].join("\n") + "\n";
}

/** Each view and how it gets the result the screenshot shows. */
const VIEWS = [
  { view: "check", show: () => check(page, { names: "jogli.com\npraat.org\nexample.de\nabcdefg.com", from: "2009-03-01", to: "2009-03-31" }) },
  {
    view: "generate",
    show: async () => {
      await page.selectOption("[data-testid=generate-variant]", "B");
      await page.fill("[data-testid=generate-from]", "2020-01-19");
      await page.fill("[data-testid=generate-to]", "2020-01-21");
      await submit(page, "generate");
    },
  },
  {
    view: "protect",
    show: async () => {
      await page.fill("[data-testid=protect-from]", "2020-01-18");
      await page.fill("[data-testid=protect-to]", "2020-01-20");
      await submit(page, "protect");
    },
  },
  {
    view: "logs",
    show: async () => {
      const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
      await page.setInputFiles("[data-testid=log-files]", { name: "query.log", mimeType: "text/plain", buffer: Buffer.from(await bindLog()) });
      await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
    },
  },
  { view: "about", show: async () => {} },
];

test("screenshots of every view at 1280 and 360 px, light and dark", async () => {
  for (const { view, show } of VIEWS) {
    await page.click(`nav button[data-view=${view}]`);
    await show();
  }
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    // The dark scheme is a scheme of its own, not the light one.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, scheme === "dark" ? "rgb(22, 22, 26)" : "rgb(253, 253, 252)");
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const { view } of VIEWS) {
        await page.click(`nav button[data-view=${view}]`);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${view} fits ${width} px`);
        await screenshot(page, `view-${view}-${width}px-${scheme}`);
      }
    }
  }
  assert.deepEqual(page.problems, []);
});
