// A page an analyst reads at a glance: dates that never break, results as blocks on narrow
// screens, a hit that says what it means and links to what to do next, a name not generated
// that offers the whole era, tables a screen reader can name, the view and its form kept in the
// URL fragment (screenshots.test.js shows every view).
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, pageSession, rows, submit } from "./helpers.js";

let page;
const session = pageSession(async () => {
  page = await session.open();
});

/** Lines whose inputs are long enough to squeeze the other columns. */
const NAMES = ["hxxp://www.jogli[.]com/some/long/path/to/a/page.php?with=a&query=string", "praat.org", "example.de", "abcdefg.com"];

/** How many line boxes the text (before any note) of each visible `.date` cell takes. */
function dateLines(page) {
  return page.$$eval(".date", (cells) =>
    cells
      .filter((c) => c.getClientRects().length > 0 && c.firstChild)
      .map((c) => {
        const range = document.createRange();
        range.selectNodeContents(/** @type {Node} */ (c.firstChild));
        return [c.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
      }),
  );
}

test("a date never breaks inside itself, at 800 and at 360 px", async () => {
  await check(page, { names: NAMES.join("\n"), from: "2009-03-01", to: "2009-03-31" });
  await page.click("nav button[data-view=generate]");
  await page.fill("[data-testid=generate-from]", "2020-01-19");
  await page.fill("[data-testid=generate-to]", "2020-01-20");
  await submit(page, "generate");
  for (const width of [800, 360]) {
    await page.setViewportSize({ width, height: 900 });
    for (const view of ["check", "generate"]) {
      await page.click(`nav button[data-view=${view}]`);
      const lines = await dateLines(page);
      assert.ok(lines.length >= 2, `${view} at ${width} px shows dates`);
      for (const [date, n] of lines) assert.equal(n, 1, `${date} in ${view} at ${width} px takes ${n} lines`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("at 360 px a result is a block of lines: input, verdict, then variant, date and index", async () => {
  await page.click("nav button[data-view=check]");
  const layout = () =>
    page.$$eval("[data-testid=result-row].hit", ([tr]) =>
      [...tr.cells].map((c) => {
        const box = c.getBoundingClientRect();
        // Browsers give ::before's content computed ("Variant: ") or as written (attr(...)).
        const before = getComputedStyle(c, "::before").content;
        return { display: getComputedStyle(c).display, top: Math.round(box.top), label: before === "none" ? null : c.dataset.label };
      }),
    );
  assert.deepEqual(
    (await layout()).map((c) => c.display),
    ["table-cell", "table-cell", "table-cell", "table-cell", "table-cell"],
  );
  await page.setViewportSize({ width: 360, height: 800 });
  const [input, verdict, variant, date, index] = await layout();
  assert.deepEqual([input.display, verdict.display], ["block", "block"]);
  assert.ok(input.top < verdict.top && verdict.top < variant.top, "input, verdict and the hit each start a line");
  assert.equal(date.top, variant.top, "variant and date share a line");
  assert.ok(index.top >= date.top);
  assert.deepEqual([input.label, variant.label, date.label, index.label], [null, "Variant", "Date (UTC)", "Index"]);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "the results fit 360 px");
  // About's variants too: a block each, nothing scrolled out of sight.
  await page.click("nav button[data-view=about]");
  const about = await page.$$eval("#about-variants tr", (trs) => trs.map((tr) => [getComputedStyle(tr).display, tr.closest(".table-wrap").scrollWidth <= tr.closest(".table-wrap").clientWidth]));
  assert.deepEqual(about, [["block", true], ["block", true], ["block", true]]);
  await page.click("nav button[data-view=check]");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a hit says who looks it up and when, and links to Logs and Protect with its days", async () => {
  await check(page, { names: "jogli.com", from: "2009-03-01", to: "2009-03-31" });
  const next = page.locator("[data-testid=result-next]");
  assert.equal(
    await next.locator("[data-testid=result-meaning]").textContent(),
    "Hosts infected with B look up jogli.com on 2009-03-08 (UTC); with clocks or log times up to 2 days off, any day from 2009-03-06 to 2009-03-10.",
  );
  assert.equal(await next.locator("[data-testid=to-logs]").getAttribute("href"), "#view=logs&slack=2&date=2009-03-08&variants=B");
  assert.equal(await next.locator("[data-testid=to-protect]").getAttribute("href"), "#view=protect&from=2009-03-06&to=2009-03-10&variants=B");
  assert.equal(await next.locator("[data-testid=to-protect]").textContent(), "Protect: block B's names of 2009-03-06 to 2009-03-10");

  await next.locator("[data-testid=to-protect]").click();
  await page.waitForSelector("#view-protect:not([hidden])");
  assert.deepEqual(
    [await page.inputValue("[data-testid=protect-from]"), await page.inputValue("[data-testid=protect-to]")],
    ["2009-03-06", "2009-03-10"],
  );
  for (const v of "ABC") assert.equal(await page.isChecked(`[data-testid=protect-variant-${v}]`), v === "B");

  await page.goBack();
  await page.waitForSelector("#view-check:not([hidden])");
  await page.locator("[data-testid=to-logs]").click();
  await page.waitForSelector("#view-logs:not([hidden])");
  assert.deepEqual([await page.inputValue("[data-testid=log-date]"), await page.inputValue("[data-testid=log-slack]")], ["2009-03-08", "2"]);
  for (const v of "ABC") assert.equal(await page.isChecked(`[data-testid=log-variant-${v}]`), v === "B");
  assert.deepEqual(page.problems, []);
});

test("a name not generated in the range, but possible, is checked over the whole era in one click", async () => {
  await page.click("nav button[data-view=check]");
  await check(page, { names: "praat.org\nexample.de", from: "2009-03-01", to: "2009-03-07", variants: "B" });
  assert.deepEqual((await rows(page)).map((r) => r[1]), ["not generated in this range", "impossible: suffix .de is used by no variant"]);
  const offers = page.locator("[data-testid=whole-era]");
  assert.equal(await offers.count(), 1, "only the possible name is offered the era");
  const [, from, to] = /^Check praat\.org over the whole era, (\S+) to (\S+)$/.exec(await offers.textContent());
  assert.equal(from, "2008-11-21");
  const runs = Number(await page.getAttribute("body", "data-runs"));
  await offers.click();
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, runs, { timeout: 120_000 });
  assert.deepEqual([await page.inputValue("[data-testid=from]"), await page.inputValue("[data-testid=to]")], [from, to]);
  const found = await rows(page);
  assert.ok(found.some((r) => r.join("|") === "praat.org|Conficker name|B|2009-03-31|159"), JSON.stringify(found));
  assert.match(await page.textContent("#counts"), /^1 line: 1 Conficker name, 0 not generated in the range, 0 impossible;/);
  // Back returns to the check before, and runs it again.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("[data-testid=from]").value === "2009-03-01");
  assert.equal(await page.inputValue("[data-testid=names]"), "praat.org\nexample.de");
});

test("each table of results has a caption and a row header per row", async () => {
  await page.click("nav button[data-view=check]");
  await check(page, { names: "jogli.com\nexample.de", from: "2009-03-01", to: "2009-03-31" });
  await page.click("nav button[data-view=generate]");
  await submit(page, "generate");
  for (const table of ["results", "digest", "about-variants"]) {
    const [caption, body, heads] = await page.$$eval(`table:has(> tbody#${table})`, ([t]) => [
      t.caption?.textContent ?? "",
      t.tBodies[0].rows.length,
      t.querySelectorAll("tbody tr > th[scope=row]:first-child").length,
    ]);
    assert.ok(caption.length > 0, `${table} has a caption`);
    const rowsWithHeads = table === "results" ? await page.locator("[data-testid=result-row]").count() : body;
    assert.ok(rowsWithHeads > 0);
    assert.equal(heads, rowsWithHeads, `every row of ${table} has its header`);
  }
  // The row under a hit is named by the hit's input.
  const headers = await page.$$eval("[data-testid=result-next] td", ([td]) => document.getElementById(td.headers)?.textContent);
  assert.equal(headers, "jogli.com");
});

test("a reload keeps the view and its form", async () => {
  const forms = [
    { view: "check", fill: { "[data-testid=names]": "jogli.com", "[data-testid=from]": "2009-03-02", "[data-testid=to]": "2009-03-09" }, ticks: { "variant-A": false, "variant-B": true, "variant-C": false } },
    { view: "generate", fill: { "[data-testid=generate-from]": "2020-01-02", "[data-testid=generate-to]": "2020-01-03", "[data-testid=generate-suffix]": "cn" }, pick: { "[data-testid=generate-format]": "csv" }, ticks: { "generate-variant-A": false, "generate-variant-B": false, "generate-variant-C": true } },
    { view: "protect", fill: { "[data-testid=protect-from]": "2021-05-01", "[data-testid=protect-to]": "2021-05-04", "[data-testid=protect-sinkhole]": "192.0.2.1" }, pick: { "[data-testid=protect-format]": "unbound" }, ticks: { "protect-variant-A": true, "protect-variant-B": false, "protect-variant-C": false } },
    { view: "logs", fill: { "[data-testid=log-slack]": "3", "[data-testid=log-offset]": "+01:00", "[data-testid=log-min-names]": "2", "[data-testid=log-date]": "2020-01-19", "[data-testid=log-year]": "2019" }, pick: { "[data-testid=log-format]": "bind" }, ticks: { "log-variant-A": false, "log-variant-B": false, "log-variant-C": true } },
    { view: "about" },
  ];
  for (const form of forms) {
    await page.click(`nav button[data-view=${form.view}]`);
    for (const [selector, value] of Object.entries(form.fill ?? {})) await page.fill(selector, value);
    for (const [selector, value] of Object.entries(form.pick ?? {})) await page.selectOption(selector, value);
    for (const [id, on] of Object.entries(form.ticks ?? {})) await page.setChecked(`[data-testid=${id}]`, on);
    // The fragment is written at the next frame.
    await page.waitForFunction((view) => (new URLSearchParams(location.hash.slice(1)).get("view") ?? "check") === view, form.view);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.ok(await page.isVisible(`#view-${form.view}`), `${form.view} is shown again`);
    for (const [selector, value] of Object.entries({ ...form.fill, ...form.pick })) {
      assert.equal(await page.inputValue(selector), value, `${form.view}: ${selector}`);
    }
    for (const [id, on] of Object.entries(form.ticks ?? {})) assert.equal(await page.isChecked(`[data-testid=${id}]`), on, `${form.view}: ${id}`);
  }
  assert.deepEqual(page.problems, []);
});
