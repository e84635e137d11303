// The Protect view: a resolver's file for chosen days, less an allowlist, downloaded.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { pageSession, root, screenshot, submit, vector } from "./helpers.js";
import init, { dayList } from "../../pkg/conficker_dga.js";

let page;
const session = pageSession(async () => {
  await init({ module_or_path: await readFile(path.join(root, "pkg/conficker_dga_bg.wasm")) });
  page = await session.open();
  await page.click("nav button[data-view=protect]");
});

const md5 = (names) => createHash("md5").update(names.map((n) => `${n}\n`).join("")).digest("hex");

/** Fills the Protect form and clicks its button; waits until the run has ended. */
async function makeFile({ from, to, variants, format, sinkhole = "", allow = null }) {
  await page.fill("[data-testid=protect-from]", from);
  await page.fill("[data-testid=protect-to]", to);
  for (const v of "ABC") await page.setChecked(`[data-testid=protect-variant-${v}]`, variants.includes(v));
  await page.selectOption("[data-testid=protect-format]", format);
  await page.fill("[data-testid=protect-sinkhole]", sinkhole);
  const file = allow === null ? [] : { name: "top-sites.csv", mimeType: "text/csv", buffer: Buffer.from(allow) };
  await page.setInputFiles("[data-testid=protect-allow]", file);
  await submit(page, "protect");
}

async function downloaded() {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=protect-download]")]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

test("the dates start as today plus or minus 3 days (UTC)", async () => {
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  assert.equal(await page.inputValue("[data-testid=protect-from]"), day(-3));
  assert.equal(await page.inputValue("[data-testid=protect-to]"), day(3));
  await page.click("text=Today ± 1 day");
  assert.equal(await page.inputValue("[data-testid=protect-from]"), day(-1));
});

test("B's 2020-01-19 as Unbound lines with a sinkhole: every name once, the allowlisted one kept out", async () => {
  const names = (await vector("B-2020-01-19.txt")).trim().split("\n");
  const allowed = names[5];
  await makeFile({
    from: "2020-01-19",
    to: "2020-01-19",
    variants: "B",
    format: "unbound",
    sinkhole: "192.0.2.1",
    allow: `rank,domain\n1,www.${allowed}\n2,google.com\n`,
  });
  const expected = [...new Set(names)].filter((n) => n !== allowed).sort();
  const digest = md5(expected);
  assert.equal(
    await page.textContent("[data-testid=protect-summary]"),
    `${expected.length} names of B, 2020-01-19 to 2020-01-19, as a Unbound local-zone configuration; ` +
      `MD5 of the name list ${digest}; the allowlist kept out 1 of 250 generated names; exported ${expected.length}`,
  );
  await screenshot(page, "protect");
  const { name, text } = await downloaded();
  assert.equal(name, "conficker-unbound-2020-01-19_2020-01-19.conf");
  const zones = text
    .split("\n")
    .filter((l) => l.startsWith("    local-zone: "))
    .map((l) => /^ {4}local-zone: "([a-z.]+)\." redirect$/.exec(l)[1]);
  assert.deepEqual(zones, expected);
  const data = text.split("\n").filter((l) => l.startsWith("    local-data: "));
  assert.deepEqual(data, expected.map((n) => `    local-data: "${n}. A 192.0.2.1"`));
  assert.match(text, new RegExp(`^# .*MD5 of the name list ${digest}$`, "m"));
  assert.deepEqual(page.problems, []);
});

test("an export past the page's names or the module's 61 days is refused beside the To field, and the last file stays", async () => {
  const before = await page.textContent("[data-testid=protect-summary]");
  await makeFile({ from: "2020-01-01", to: "2020-02-10", variants: "ABC", format: "plain" });
  assert.equal(
    await page.textContent("[data-testid=error-protect-to]"),
    "41 days of A, B, C are 2,070,500 names; the page exports at most 2,000,000 at a time: choose fewer days, or use the command-line tool",
  );
  // A and B draw few enough names for the module's own bound on days to speak.
  await makeFile({ from: "2020-01-01", to: "2020-03-02", variants: "AB", format: "plain" });
  assert.equal(await page.textContent("[data-testid=error-protect-to]"), "an export covers at most 61 days; 62 asked: export fewer days at a time");
  assert.ok(await page.isHidden("[data-testid=error]"));
  assert.equal(await page.textContent("[data-testid=protect-summary]"), before);
  assert.deepEqual(page.problems, []);
});

test("a sinkhole that is not an address is refused beside the field, and the last file stays", async () => {
  const before = await page.textContent("[data-testid=protect-summary]");
  await makeFile({ from: "2020-01-19", to: "2020-01-19", variants: "B", format: "rpz", sinkhole: "192.0.2.300" });
  assert.equal(await page.textContent("[data-testid=error-protect-sinkhole]"), "sinkhole '192.0.2.300' is not an IPv4 or IPv6 address");
  assert.ok(await page.isHidden("[data-testid=error]"));
  assert.equal(await page.textContent("[data-testid=protect-summary]"), before);
  assert.equal((await downloaded()).name, "conficker-unbound-2020-01-19_2020-01-19.conf");
});

test("today ± 3 days of A, B and C as RPZ: every name of the window once, and how long it took", async (t) => {
  await page.click("text=Today ± 3 days");
  const from = await page.inputValue("[data-testid=protect-from]");
  const to = await page.inputValue("[data-testid=protect-to]");
  const names = new Set();
  for (let day = from; day <= to; day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)) {
    for (const v of "ABC") for (const { domain } of dayList(v, day, "").domains) names.add(domain);
  }
  const expected = [...names].sort();
  for (const v of "ABC") await page.setChecked(`[data-testid=protect-variant-${v}]`, true);
  await page.selectOption("[data-testid=protect-format]", "rpz");
  await page.fill("[data-testid=protect-sinkhole]", "");
  await page.setInputFiles("[data-testid=protect-allow]", []);
  const started = Date.now();
  await submit(page, "protect");
  const ms = Date.now() - started;
  assert.equal(
    await page.textContent("[data-testid=protect-summary]"),
    `${expected.length.toLocaleString("en")} names of A,B,C, ${from} to ${to}, as a BIND response policy zone (RPZ); MD5 of the name list ${md5(expected)}`,
  );
  const { name, text } = await downloaded();
  assert.equal(name, `conficker-rpz-${from}_${to}.rpz`);
  const owners = text.split("\n").filter((l) => l.endsWith(" CNAME .") && !l.startsWith("*."));
  assert.deepEqual(owners.map((l) => l.slice(0, -" CNAME .".length)), expected);
  t.diagnostic(`${expected.length} names, ${from} to ${to}: ${ms} ms from the click to the summary`);
});
