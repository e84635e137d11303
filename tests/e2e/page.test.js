// The page served on 127.0.0.1, driven like a user would.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { check, pageSession, rows, screenshot, submit, vector } from "./helpers.js";

let page;
const requests = [];
const session = pageSession(async () => {
  session.browser.context.on("request", (r) => requests.push(r.url()));
  page = await session.open();
});

test("jogli.com over March 2009 shows B, 2009-03-08, index 100", async () => {
  await check(page, { names: "jogli.com", from: "2009-03-01", to: "2009-03-31" });
  assert.deepEqual(await rows(page), [["jogli.com", "Conficker name", "B", "2009-03-08", "100"]]);
  await screenshot(page, "check");
});

const JUNK = [
  ["example.de", "impossible: suffix .de is used by no variant"],
  ["abc.com", "impossible: length 3: B uses 5-11 letters"],
  ["abc1def.com", "impossible: 'abc1def' contains digits: digits are never generated"],
  ["two words.com", "impossible: 'two words.com' contains spaces: give one name per line"],
  ["abcdef.ru", "impossible: suffix .ru is used only by C, which was not asked (asked: B)"],
];

test("the 250 names of B's 2020-01-19 list mixed with junk: every name found, every junk line explained", async () => {
  const names = (await vector("B-2020-01-19.txt")).trim().split("\n");
  assert.equal(names.length, 250);
  const lines = names.flatMap((n, i) => (i % 50 === 0 ? [JUNK[i / 50][0], n] : [n]));
  await check(page, { names: lines.join("\n"), from: "2020-01-19", to: "2020-01-19", variants: "B" });
  const got = await rows(page);
  names.forEach((name, index) => {
    assert.ok(
      got.some((r) => r[0] === name && r[1] === "Conficker name" && r[2] === "B" && r[3] === "2020-01-19" && r[4] === String(index)),
      `${name} at index ${index}`,
    );
  });
  for (const [input, verdict] of JUNK) {
    assert.deepEqual(got.filter((r) => r[0] === input), [[input, verdict, "", "", ""]]);
  }
  assert.equal(
    await page.textContent("#counts"),
    "255 lines: 250 Conficker names, 0 not generated in the range, 5 impossible; 1 of 1 days checked from 2020-01-19 to 2020-01-19 (variants B)",
  );
});

test("Cancel stops a whole-era check within 100 ms and keeps what was found", async () => {
  await page.fill("[data-testid=names]", "jogli.com\nqwerty.ru");
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, true);
  await page.click("text=Whole Conficker era");
  assert.equal(await page.inputValue("[data-testid=from]"), "2008-11-21");
  const runs = Number(await page.getAttribute("body", "data-runs"));
  await page.click("[data-testid=check]");
  // jogli.com's day (2009-03-08) comes early in the first worker's share of the era.
  await page.waitForFunction(
    () => [...document.querySelectorAll("[data-testid=result-row].hit")].some((tr) => tr.cells[0].textContent === "jogli.com"),
    null,
    { timeout: 60_000 },
  );
  await screenshot(page, "check-running");
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const busy = document.getElementById("busy");
        const started = performance.now();
        new MutationObserver(() => busy.hidden && resolve(performance.now() - started)).observe(busy, { attributes: true });
        document.querySelector("[data-testid=cancel]").click();
      }),
  );
  assert.ok(ms < 100, `Cancel took ${ms} ms`);
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, runs);
  const counts = await page.textContent("#counts");
  const [, done, total] = /stopped after (\d+) of (\d+) days/.exec(counts);
  assert.ok(Number(done) > 0 && Number(done) < Number(total), counts);
  assert.deepEqual((await rows(page))[0], ["jogli.com", "Conficker name", "B", "2009-03-08", "100"]);
  assert.match((await rows(page))[1][1], /not found in the days checked before stopping/);
  // The workers that Cancel stopped are replaced: the next check runs.
  await check(page, { names: "praat.org", from: "2009-03-31", to: "2009-03-31" });
  assert.deepEqual(await rows(page), [["praat.org", "Conficker name", "B", "2009-03-31", "159"]]);
});

test("a dropped CSV file is checked by its first column", async () => {
  await page.setInputFiles("#names-file", {
    name: "indicators.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('domain,seen\n"jogli.com",2009-03-08\npraat.org,2009-03-31\n'),
  });
  await page.waitForFunction(() => document.querySelector("[data-testid=names]").value !== "");
  assert.equal(await page.inputValue("[data-testid=names]"), "domain\njogli.com\npraat.org");
  await page.fill("[data-testid=from]", "2009-03-01");
  await page.fill("[data-testid=to]", "2009-03-31");
  await submit(page, "check");
  assert.deepEqual(await rows(page), [
    ["domain", "impossible: 'domain' has no suffix: a Conficker name is letters, a dot and a suffix such as .com", "", "", ""],
    ["jogli.com", "Conficker name", "B", "2009-03-08", "100"],
    ["praat.org", "Conficker name", "B", "2009-03-31", "159"],
  ]);
});

test("the check's results download as CSV and JSON", async () => {
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return readFile(await download.path(), "utf8");
  };
  const csv = await saved("#download-csv");
  assert.equal(
    csv,
    "input,name,verdict,variant,date,index,before_first_seen,reason,note\n" +
      "domain,domain,impossible,,,,,\"'domain' has no suffix: a Conficker name is letters, a dot and a suffix such as .com\",\n" +
      "jogli.com,jogli.com,hit,B,2009-03-08,100,false,,\n" +
      "praat.org,praat.org,hit,B,2009-03-31,159,false,,\n",
  );
  const json = JSON.parse(await saved("#download-json"));
  assert.equal(json.daysDone, 31);
  assert.deepEqual(json.results[1], {
    input: "jogli.com",
    name: "jogli.com",
    verdict: "hit",
    possible: true,
    reason: null,
    note: null,
    hits: [{ date: "2009-03-08", variant: "B", index: 100, beforeFirstSeen: false }],
  });
});

test("a bad range is named beside the To date and the results stay", async () => {
  const before = await rows(page);
  const counts = await page.textContent("#counts");
  await page.fill("[data-testid=from]", "2009-04-02");
  await page.fill("[data-testid=to]", "2009-04-01");
  await submit(page, "check");
  assert.equal(await page.textContent("[data-testid=error-to]"), "the range starts (2009-04-02) after it ends (2009-04-01)");
  assert.ok(await page.isVisible("[data-testid=error-to]"));
  assert.equal(await page.getAttribute("[data-testid=to]", "aria-invalid"), "true");
  await screenshot(page, "check-field-error");
  assert.ok(await page.isHidden("[data-testid=error]"));
  assert.deepEqual(await rows(page), before);
  assert.equal(await page.textContent("#counts"), counts);
});

test("no variant ticked is named beside the variants; the next run clears the message", async () => {
  await page.fill("[data-testid=from]", "2009-03-01");
  await page.fill("[data-testid=to]", "2009-03-31");
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, false);
  await submit(page, "check");
  assert.equal(await page.textContent("[data-testid=error-variants]"), "no variant chosen: choose at least one of A, B and C");
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, true);
  await submit(page, "check");
  assert.ok(await page.isHidden("[data-testid=error-variants]"));
  assert.equal((await rows(page)).length, 3);
});

test("Generate for B on 2020-01-19 downloads the worm's list and shows its MD5", async () => {
  await page.click("nav button[data-view=generate]");
  for (const v of "ABC") await page.setChecked(`[data-testid=generate-variant-${v}]`, v === "B");
  await page.fill("[data-testid=generate-from]", "2020-01-19");
  await page.fill("[data-testid=generate-to]", "2020-01-19");
  await page.fill("[data-testid=generate-suffix]", "");
  await submit(page, "generate");
  const expected = await vector("B-2020-01-19.txt");
  const md5 = createHash("md5").update(expected).digest("hex");
  assert.match(await page.textContent("[data-testid=digest]"), new RegExp(`2020-01-19\\s*B\\s*${md5}`));
  assert.match(await page.textContent("#generate-count"), /^250 names of B in 1 day lists/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download]")]);
  assert.equal(download.suggestedFilename(), "conficker-B-2020-01-19.txt");
  assert.equal(await readFile(await download.path(), "utf8"), expected);
  await screenshot(page, "generate");
});

test("Generate refuses a suffix the variant never uses, beside the field, and keeps its lists", async () => {
  const before = await page.textContent("[data-testid=digest]");
  await page.fill("[data-testid=generate-suffix]", "ru");
  await submit(page, "generate");
  assert.equal(await page.textContent("[data-testid=error-generate-suffix]"), "suffix .ru is used only by C, which is not among the variants B");
  assert.equal(await page.textContent("[data-testid=digest]"), before);
  await page.fill("[data-testid=generate-suffix]", "");
});

test("Generate writes CSV and JSON as the command line's list writer does", async () => {
  await page.fill("[data-testid=generate-from]", "2020-01-19");
  await page.fill("[data-testid=generate-to]", "2020-01-20");
  const names = (await vector("B-2020-01-19.txt")).trim().split("\n");
  for (const format of ["csv", "json"]) {
    await page.selectOption("[data-testid=generate-format]", format);
    await submit(page, "generate");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download]")]);
    assert.equal(download.suggestedFilename(), `conficker-B-2020-01-19_2020-01-20.${format}`);
    const text = await readFile(await download.path(), "utf8");
    if (format === "csv") {
      const lines = text.split("\n");
      assert.equal(lines[0], "date,variant,index,domain");
      assert.equal(lines[1], `2020-01-19,B,0,${names[0]}`);
      assert.equal(lines.length, 1 + 500 + 1);
    } else {
      const days = JSON.parse(text);
      assert.deepEqual(days.map((d) => d.date), ["2020-01-19", "2020-01-20"]);
      assert.deepEqual(days[0].domains.map((d) => d.domain), names);
    }
  }
  await page.selectOption("[data-testid=generate-format]", "text");
});

test("a link with the check in its fragment runs it on load", async () => {
  const link = await session.open("/#names=www.jogli.com&from=2009-03-08&to=2009-03-08&variants=B");
  await link.waitForSelector("[data-testid=result-row]");
  assert.deepEqual(await rows(link), [["www.jogli.comwww.jogli.com is checked as jogli.com, the name it lies below", "Conficker name", "B", "2009-03-08", "100"]]);
  assert.equal(await link.inputValue("[data-testid=names]"), "www.jogli.com");
  await link.click("nav button[data-view=about]");
  await screenshot(link, "about");
  assert.deepEqual(link.problems, []);
  await link.close();
});

test("About says what each variant was compared with, and a Netlab 360 C name is found where the feed had it", async () => {
  await page.click("nav button[data-view=about]");
  const validated = await page.$$eval("#about-variants tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[4].textContent]));
  assert.deepEqual(validated, [
    ["A", "matches lists made by the worm's own algorithm, byte for byte"],
    ["B", "matches lists made by the worm's own algorithm, byte for byte, the names seen in 2009 press reports and 37 names an infected host looked up in 2015"],
    ["C", "matches all 99 names of Netlab 360's independent C feed (November 2014) at their dates and indexes; no list made by a C-infected host is public"],
  ]);
  assert.match(await page.textContent("#view-about"), /VALIDATION\.md/);
  await page.click("nav button[data-view=check]");
  await check(page, { names: "dejwx.nl", from: "2014-11-10", to: "2014-11-10", variants: "C" });
  assert.deepEqual(await rows(page), [["dejwx.nl", "Conficker name", "C", "2014-11-10", "14393"]]);
});

test("a check's names stay in the URL fragment and no request carries them", async () => {
  await page.click("nav button[data-view=check]");
  await check(page, { names: "jogli.com", from: "2009-03-08", to: "2009-03-08" });
  const url = new URL(page.url());
  assert.equal(new URLSearchParams(url.hash.slice(1)).get("names"), "jogli.com");
  assert.ok(requests.every((r) => !r.includes("jogli")), "no request carries a name");
});

test("at 360 px wide, nothing sticks out of the page", async () => {
  await page.setViewportSize({ width: 360, height: 800 });
  for (const view of ["check", "generate", "about"]) {
    await page.click(`nav button[data-view=${view}]`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), `${view} is wider than 360 px`);
    await screenshot(page, `${view}-360px`);
  }
});

test("every request the page made stayed on its origin", () => {
  assert.ok(requests.length > 0);
  const elsewhere = requests.filter((r) => !r.startsWith(`${session.server.url}/`) && !r.startsWith("blob:") && !r.startsWith("data:"));
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(page.problems, []);
});

test("the page fetches the SIMD128 build (the browser has SIMD128) and no other .wasm", () => {
  const wasm = new Set(requests.filter((r) => r.endsWith(".wasm")));
  assert.deepEqual([...wasm], [`${session.server.url}/pkg/conficker_dga_bg.wasm`]);
});
