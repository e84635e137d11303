// The page for someone who is not an analyst: progress and Cancel where they look, Escape,
// answers in view and focused, errors that go once fixed and speak of the page, verdicts in
// plain words with the analyst's one click away, Generate's names listed and copied, the
// Logs tables and chart on a phone, ISO dates, the About view's "what is Conficker".
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, pageSession, plainWords, rows, screenshot, submit, vector } from "./helpers.js";

let page;
const session = pageSession(async () => {
  // Chromium reads the clipboard back once allowed; Firefox by a preference (firefox.js).
  await session.browser.context.grantPermissions?.(["clipboard-read", "clipboard-write"]);
  page = await session.open();
});

const focused = () => page.evaluate(() => document.activeElement?.closest("[id]")?.id ?? "");

test("an error goes once its field is fixed, and a missing name is asked for on the page's terms", async () => {
  await page.fill("[data-testid=names]", "jogli.com");
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, false);
  await submit(page, "check");
  assert.equal(await page.textContent("[data-testid=error-variants]"), "no variant chosen: choose at least one of A, B and C");
  await page.setChecked("[data-testid=variant-B]", true);
  assert.ok(await page.isHidden("[data-testid=error-variants]"), "ticking B clears the error");

  await page.fill("[data-testid=names]", "");
  await submit(page, "check");
  assert.equal(
    await page.textContent("[data-testid=error-names]"),
    "no names to check: type or paste names in the box, one per line, or choose a file of them",
  );
  assert.equal(await focused(), "names", "the box at fault has the focus");
  await page.fill("[data-testid=names]", "jogli.com");
  assert.ok(await page.isHidden("[data-testid=error-names]"));
  assert.deepEqual(page.problems, []);
});

test("a whole-era check shows its progress and Cancel under the button; Escape cancels; the answer takes the focus", async () => {
  await page.fill("[data-testid=names]", "jogli.com\nqwerty.ru");
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, true);
  await page.click("[data-testid=preset-era]");
  const runs = Number(await page.getAttribute("body", "data-runs"));
  await page.click("[data-testid=check]");
  await page.waitForFunction(() => !document.getElementById("busy").hidden);
  assert.ok(
    await page.evaluate(() => document.getElementById("check").nextElementSibling.contains(document.getElementById("busy"))),
    "the progress is right under the Check button",
  );
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "cancel");
  await screenshot(page, "check-progress");
  await page.keyboard.press("Escape");
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, runs, { timeout: 60_000 });
  assert.match(await page.textContent("#counts"), /stopped after \d+ of \d+ days/);
  assert.equal(await focused(), "check-output");
  assert.deepEqual(page.problems, []);
});

test("each verdict in plain words: a real site that is a C name is not malicious; the analyst's words are one click away", async () => {
  // free.fr is in C's lists of 2024-11-04 and 2026-01-19 (conficker-dga check free.fr).
  await check(page, { names: "free.fr\nexample.de\nabcdefg.com", from: "2024-11-01", to: "2024-11-07" });
  assert.deepEqual(await rows(page), [
    ["free.fr", "Conficker name", "C", "2024-11-04", "46273"],
    ["example.de", "impossible: suffix .de is used by no variant", "", "", ""],
    ["abcdefg.com", "not generated in this range", "", "", ""],
  ]);
  assert.equal(await focused(), "check-output", "the answer has the focus");
  const plain = await plainWords(page);
  assert.deepEqual(
    plain.map(([input, label]) => [input, label]),
    [
      ["free.fr", "Conficker name"],
      ["example.de", "Never a Conficker name"],
      ["abcdefg.com", "Not a Conficker name on these days"],
    ],
  );
  assert.match(plain[0][2], /Its names sometimes coincide with real, registered sites: if free\.fr is one, the site itself is not malicious/);
  assert.match(plain[1][2], /^No variant of Conficker ever makes up a name like example\.de, on any day/);
  assert.match(plain[2][2], /This says nothing else about the site, and other days' lists might hold it: check the whole era to be sure\.$/);
  // The analyst's words, one click away.
  const expert = page.locator("[data-testid=verdict-expert]").first();
  const open = () => page.$$eval("[data-testid=verdict-details]", ([d]) => d.open);
  assert.equal(await open(), false);
  await page.click("[data-testid=verdict-details] summary");
  assert.equal(await open(), true);
  assert.equal(await expert.textContent(), "impossible: suffix .de is used by no variant");
  assert.deepEqual(page.problems, []);
});

test("dates are typed and shown as YYYY-MM-DD, and the presets fill them so", async () => {
  for (const id of ["from", "to", "generate-from", "generate-to", "protect-from", "protect-to", "log-date"]) {
    const [type, placeholder] = await page.$$eval(`[data-testid=${id}]`, ([el]) => [el.type, el.placeholder]);
    assert.deepEqual([type, placeholder], ["text", "YYYY-MM-DD"], id);
  }
  await page.click("[data-testid=preset-days]");
  assert.match(await page.inputValue("[data-testid=from]"), /^\d{4}-\d{2}-\d{2}$/);
});

test("Generate: several variants, presets, the names listed and copied; a refused range leaves no Download", async () => {
  await page.click("nav button[data-view=generate]");
  await page.click("[data-testid=generate-preset-today]");
  const today = new Date().toISOString().slice(0, 10);
  assert.deepEqual([await page.inputValue("[data-testid=generate-from]"), await page.inputValue("[data-testid=generate-to]")], [today, today]);
  await page.fill("[data-testid=generate-from]", "2020-01-19");
  await page.click("[data-testid=generate-preset-month]");
  assert.deepEqual([await page.inputValue("[data-testid=generate-from]"), await page.inputValue("[data-testid=generate-to]")], ["2020-01-01", "2020-01-31"]);

  for (const v of "ABC") await page.setChecked(`[data-testid=generate-variant-${v}]`, v !== "C");
  await page.fill("[data-testid=generate-from]", "2020-01-01");
  await page.fill("[data-testid=generate-to]", "2020-01-01");
  await page.fill("[data-testid=generate-suffix]", "");
  await page.selectOption("[data-testid=generate-format]", "text");
  await submit(page, "generate");
  assert.equal(await page.textContent("[data-testid=generate-count]"), "500 names of A, B in 2 day lists, 2020-01-01 to 2020-01-01.");
  // A's list of the day, then B's, as the command line writes them.
  const [a, b] = [await vector("A-2020-01-01.txt"), await vector("B-2020-01-01.txt")];
  const listed = await page.$$eval("[data-testid=generate-names] li", (items) => items.map((li) => li.textContent));
  assert.deepEqual(listed, [...a.trim().split("\n"), ...b.trim().split("\n")]);
  assert.equal(await focused(), "generate-output");

  await page.click("[data-testid=copy-names]");
  await page.waitForFunction(() => document.querySelector("[data-testid=copied]").textContent !== "");
  assert.equal(await page.textContent("[data-testid=copied]"), "Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.deepEqual(copied.trim().split("\n"), listed);

  // A year of A, B and C is too many names: refused beside To, and no Download of the list before.
  await page.setChecked("[data-testid=generate-variant-C]", true);
  await page.fill("[data-testid=generate-from]", "2020-01-01");
  await page.fill("[data-testid=generate-to]", "2020-12-31");
  await submit(page, "generate");
  assert.equal(
    await page.textContent("[data-testid=error-generate-to]"),
    "366 days of A, B, C are 18,483,000 names; the page generates at most 2,000,000 at a time: choose fewer days, or use the command-line tool",
  );
  assert.equal(await page.isVisible("[data-testid=download]"), false);
  await page.fill("[data-testid=generate-to]", "2020-01-02");
  assert.ok(await page.isHidden("[data-testid=error-generate-to]"), "fixing the date clears its error");
  assert.deepEqual(page.problems, []);
});

test("Protect: C is not ticked at first, counts are grouped and a date never breaks on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.click("nav button[data-view=protect]");
  assert.equal(await page.isChecked("[data-testid=protect-variant-C]"), false);
  assert.equal(await page.isChecked("[data-testid=protect-variant-B]"), true);
  for (const v of "ABC") await page.setChecked(`[data-testid=protect-variant-${v}]`, true);
  await page.fill("[data-testid=protect-from]", "2020-01-18");
  await page.fill("[data-testid=protect-to]", "2020-01-20");
  await submit(page, "protect");
  const summary = await page.textContent("[data-testid=protect-summary]");
  assert.match(summary, /^\d{1,3},\d{3} names of A,B,C, 2020-01-18 to 2020-01-20/);
  // Each date is one unbroken line.
  const heights = await page.$$eval("[data-testid=protect-summary] .date", (dates) => dates.map((d) => d.getClientRects().length));
  assert.deepEqual(heights, [1, 1]);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(page.problems, []);
});

/** A BIND log of a B host of many names and a host of one. */
async function bindLog() {
  const b = (await vector("B-2020-01-19.txt")).trim().split("\n");
  const line = (i, client, name) =>
    `19-Jan-2020 08:${String(i).padStart(2, "0")}:14.899 queries: info: client @0x7f8e1c0a2b30 ${client}#53211 (${name}): query: ${name} IN A +E(0)K (10.0.0.1)`;
  const lines = b.slice(0, 8).map((name, i) => line(i, "10.1.0.2", name));
  lines.push(line(30, "10.1.0.7", b[20]));
  return lines.join("\n") + "\n";
}

test("Logs on a phone: the tables reflow, the chart's labels are legible, a client of one name is paler", async () => {
  await page.click("nav button[data-view=logs]");
  const runs = Number(await page.getAttribute("body", "data-runs"));
  await page.setInputFiles("[data-testid=log-files]", { name: "query.log", mimeType: "text/plain", buffer: Buffer.from(await bindLog()) });
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, runs, { timeout: 60_000 });
  const cells = await page.$$eval("[data-testid=client-row]", (trs) => trs.map((tr) => [tr.dataset.strength, ...[...tr.cells].slice(0, 6).map((td) => td.textContent)]));
  assert.deepEqual(cells, [
    ["3", "10.1.0.2", "B", "2020-01-19 08:00:14", "2020-01-19 08:07:14", "8", "8"],
    ["1", "10.1.0.7", "B", "2020-01-19 08:30:14", "2020-01-19 08:30:14", "1", "1"],
  ]);
  const [strong, weak] = await page.$$eval("[data-testid=client-row]", (trs) => trs.map((tr) => getComputedStyle(tr).backgroundColor));
  assert.notEqual(strong, weak);
  // The wide tables scroll by keyboard: each is a focusable region.
  for (const id of ["clients", "log-days", "networks"]) {
    assert.equal(await page.$$eval(`[data-testid=${id}]`, ([t]) => t.closest(".table-wrap").tabIndex), 0, id);
  }

  await page.setViewportSize({ width: 390, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "the view fits 390 px");
  const [display, label] = await page.$$eval("[data-testid=client-row] td", ([td]) => [getComputedStyle(td).display, getComputedStyle(td, "::before").content]);
  assert.equal(display, "inline-block");
  // Chromium gives the label as written; Firefox, the rule.
  assert.match(label, /^"Variants: "$|attr\(data-label\)/);
  const fontPx = await page.$$eval("[data-testid=log-chart] text", ([t]) => t.getBoundingClientRect().height);
  assert.ok(fontPx >= 10, `the chart's labels are ${fontPx} px high`);
  await screenshot(page, "logs-phone");
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await page.$$eval("[data-testid=log-chart] .bar", ([b]) => getComputedStyle(b).fill), "rgb(242, 139, 130)");
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await page.$$eval("[data-testid=log-chart] .bar", ([b]) => getComputedStyle(b).fill), "rgb(179, 38, 30)");
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(page.problems, []);
});

test("About says what Conficker is and why it matters; the page has a description", async () => {
  await page.click("nav button[data-view=about]");
  assert.equal(await page.textContent("[data-testid=about-conficker]"), "What Conficker is, and why this matters");
  const about = await page.textContent("#view-about");
  assert.match(about, /a worm that infected millions of Windows\s+computers/);
  assert.match(about, /Such a site is not malicious/);
  const description = await page.$$eval("meta[name=description]", ([m]) => m.content);
  assert.match(description, /Conficker worm's generated names/);
});

test("the iframe embed reads in the page's sans-serif, in a frame of the page's lines", async () => {
  const embed = await session.browser.context.newPage();
  await embed.goto(`${session.server.url}/embed.html#name=jogli.com&from=2009-03-01&to=2009-03-31`);
  const font = await embed.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /system-ui/);
  await embed.close();
  const demo = await session.browser.context.newPage();
  await demo.goto(`${session.server.url}/demo.html`);
  const border = await demo.$$eval("iframe", ([f]) => getComputedStyle(f).borderTopStyle + " " + getComputedStyle(f).borderTopWidth);
  assert.equal(border, "solid 1px");
  await demo.close();
});
