// Screenshots of every view with a result on it, at 1280 and 360 px, in the light and the
// dark colour scheme: test-results/view-VIEW-WIDTHpx-SCHEME.png (Firefox's under firefox/).
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, pageSession, screenshot, submit, vector } from "./helpers.js";

let page;
const session = pageSession(async () => {
  page = await session.open();
});

/** An A host and a B host among ordinary ones, as BIND logs them: the B host looks up B's list
 * of the 19th on three days (its clock was behind), so the chart has days to show. */
async function bindLog() {
  const names = async (file) => (await vector(file)).trim().split("\n");
  const [a, b] = [await names("A-2020-01-01.txt"), await names("B-2020-01-19.txt")];
  const line = (day, i, client, name) =>
    `${day}-Jan-2020 08:${String(i).padStart(2, "0")}:00.000 queries: info: client @0x7f8e1c0a2b30 ${client}#53211 (${name}): query: ${name} IN A +E(0)K (10.0.0.1)`;
  const lines = a.slice(0, 6).map((name, i) => line("01", i, "10.1.0.1", name));
  for (const day of ["19", "20", "21"]) lines.push(...b.slice(0, 4).map((name, i) => line(day, i, "10.1.0.2", name)));
  lines.push(line("20", 30, "10.1.0.9", "www.example.org"));
  return lines.join("\n") + "\n";
}

/** Each view and how it gets the result the screenshot shows. */
const VIEWS = [
  { view: "check", show: () => check(page, { names: "hxxp://www.jogli[.]com/some/long/path/to/a/page.php?with=a&query=string\npraat.org\nexample.de\nabcdefg.com", from: "2009-03-01", to: "2009-03-31" }) },
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
