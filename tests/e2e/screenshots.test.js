// Every view in each of its states (results shown, an error shown, Generate's names, Protect's
// downloads, Logs with a report and networks), at 1280 and 390 px, in the light and the dark
// colour scheme: a screenshot each, test-results/STATE-WIDTHpx-SCHEME.png (Firefox's under
// firefox/), and axe-core's audit of it, which must find nothing serious or critical. The
// page fits the width in every one.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { check, pageSession, root, screenshot, submit, vector } from "./helpers.js";

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
  // One name only: a client paler than the others.
  lines.push(line("20", 40, "1.128.0.9", b[10]));
  return lines.join("\n") + "\n";
}

/** Waits for the run that `act` starts to end. */
async function ran(act) {
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  await act();
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
}

/** Each state of each view, and how the page gets there. */
const STATES = [
  {
    state: "check-results",
    view: "check",
    show: async () => {
      await check(page, {
        names: "hxxp://www.jogli[.]com/some/long/path/to/a/page.php?with=a&query=string\npraat.org\nexample.de\nabcdefg.com",
        from: "2009-03-01",
        to: "2009-03-31",
      });
      // The analyst's words of the impossible name, one click away, shown.
      await page.click("[data-testid=verdict-details] summary");
    },
  },
  {
    state: "check-error",
    view: "check",
    show: async () => {
      await page.fill("[data-testid=names]", "");
      await submit(page, "check");
    },
  },
  {
    state: "generate-names",
    view: "generate",
    show: async () => {
      for (const v of "ABC") await page.setChecked(`[data-testid=generate-variant-${v}]`, v !== "C");
      await page.fill("[data-testid=generate-from]", "2020-01-19");
      await page.fill("[data-testid=generate-to]", "2020-01-21");
      await submit(page, "generate");
    },
  },
  {
    state: "generate-error",
    view: "generate",
    show: async () => {
      await page.setChecked("[data-testid=generate-variant-C]", true);
      await page.fill("[data-testid=generate-from]", "2020-01-01");
      await page.fill("[data-testid=generate-to]", "2020-12-31");
      await submit(page, "generate");
    },
  },
  {
    state: "protect-downloads",
    view: "protect",
    show: async () => {
      await page.fill("[data-testid=protect-from]", "2020-01-18");
      await page.fill("[data-testid=protect-to]", "2020-01-20");
      await submit(page, "protect");
    },
  },
  {
    state: "logs-networks",
    view: "logs",
    show: async () => {
      const mmdb = await readFile(path.join(root, "tests/data/GeoLite2-ASN-Test.mmdb"));
      await page.setInputFiles("[data-testid=log-contacts]", { name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from("asn,email,name\n1221,abuse@telstra.example,Telstra abuse\n") });
      await page.setInputFiles("[data-testid=log-networks]", { name: "GeoLite2-ASN-Test.mmdb", mimeType: "application/octet-stream", buffer: mmdb });
      await ran(() => page.setInputFiles("[data-testid=log-files]", { name: "query.log", mimeType: "text/plain", buffer: Buffer.from(bindLogText) }));
    },
  },
  { state: "about", view: "about", show: async () => {} },
];

let bindLogText = "";
const axeSource = await readFile(path.join(root, "node_modules/axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings on the page as shown. */
async function audit() {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

test("every view and state at 1280 and 390 px, light and dark: a screenshot, and axe-core finds nothing serious", async () => {
  bindLogText = await bindLog();
  const findings = [];
  for (const { state, view, show } of STATES) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click(`nav button[data-view=${view}]`);
    await show();
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      // The dark scheme is a scheme of its own, not the light one.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, scheme === "dark" ? "rgb(22, 22, 26)" : "rgb(253, 253, 252)");
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${state} fits ${width} px`);
        await screenshot(page, `${state}-${width}px-${scheme}`);
        for (const finding of await audit()) findings.push(`${state} ${width}px ${scheme}: ${finding}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  }
  assert.deepEqual(findings, []);
  assert.deepEqual(page.problems, []);
});
