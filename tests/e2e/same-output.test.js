// The page and the command line give the same files: one check, one log scan and the Protect
// view's sensor and SIEM exports run in the page, downloaded, and compared byte for byte with
// what `conficker-dga` writes for the same input. The binary comes from `cargo build --release -p conficker-dga-cli`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { bindLine, check, CLI, pageSession, requireCli, root, scratchFolder, submit, vector } from "./helpers.js";

requireCli();
let page;
const session = pageSession(async () => {
  page = await session.open();
});
const scratch = scratchFolder("conficker-same-");

/** What the command line prints on standard output; exit status 1 ("nothing found") is fine. */
function cli(args, cwd = root) {
  return new Promise((resolve, reject) => {
    execFile(CLI, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code !== 1) reject(new Error(`conficker-dga ${args.join(" ")} failed (${error.code}): ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The file the page saves when `selector` is clicked: its name and text. */
async function saved(selector) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

const NAMES = ["jogli.com", "hxxp://www.praat[.]org/x", "abcdefg.com", "example.de", "abc.com"];
const FROM = "2009-03-01";
const TO = "2009-03-31";

test("a check's CSV and JSON from the page equal `conficker-dga check --format csv|json`", async () => {
  await check(page, { names: NAMES.join("\n"), from: FROM, to: TO });
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  // A row's first class is its verdict; "explained" follows when a row of next steps is under it.
  const kinds = await page.$$eval("[data-testid=result-row]", (trs) => trs.map((tr) => tr.classList[0]));
  assert.deepEqual(kinds, ["hit", "hit", "miss", "impossible", "impossible"]);
  for (const format of ["csv", "json"]) {
    const { name, text } = await saved(`#download-${format}`);
    assert.equal(name, `conficker-check-${FROM}_${TO}.${format}`);
    assert.equal(text, await cli(["check", "--from", FROM, "--to", TO, "--format", format, ...NAMES]), `the ${format} files differ`);
  }
});

test("a log scan's clients CSV, days CSV and JSON from the page equal `conficker-dga scan-log`", async () => {
  const a = (await vector("A-2020-01-01.txt")).trim().split("\n");
  const b = (await vector("B-2020-01-19.txt")).trim().split("\n");
  const queries = [];
  for (let i = 0; i < 6; i++) queries.push([`2020-01-01T08:0${i}:00Z`, "10.1.0.1", a[i * 7]]);
  queries.push(["2020-01-01T09:00:00Z", "10.1.0.9", "www.google.com"]);
  for (let i = 0; i < 3; i++) queries.push([`2020-01-20T00:00:0${i}Z`, "10.1.0.2", `www.${b[i]}`]);
  queries.push(["2020-01-20T09:00:00Z", "10.1.0.9", "update.microsoft.com"]);
  const lines = queries.map(bindLine);
  lines.splice(2, 0, "this line was cut off by a full disk");
  const file = path.join(scratch.path, "named.log");
  await writeFile(file, lines.join("\n") + "\n");

  await page.click("nav button[data-view=logs]");
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  await page.setInputFiles("[data-testid=log-files]", file);
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  assert.equal((await page.$$("[data-testid=client-row]")).length, 2);

  const outputs = [
    ["[data-testid=log-download-csv]", ["-o", "csv"]],
    ["[data-testid=log-download-days]", ["-o", "csv", "--per-day"]],
    ["[data-testid=log-download-json]", ["-o", "json"]],
  ];
  for (const [button, options] of outputs) {
    const { text } = await saved(button);
    // Run where the log is, so that both name it "named.log".
    assert.equal(text, await cli(["scan-log", ...options, "named.log"], scratch.path), `scan-log ${options.join(" ")} differs`);
  }
  assert.deepEqual(page.problems, []);
});

test("the Protect view's Suricata dataset (both files), Zeek Intel file and CSV table equal `conficker-dga export`", async () => {
  const allowed = (await vector("B-2020-01-19.txt")).trim().split("\n")[5];
  const allow = path.join(scratch.path, "allow.csv");
  await writeFile(allow, `rank,domain\n1,www.${allowed}\n2,google.com\n`);
  const [from, to] = ["2020-01-18", "2020-01-19"];
  await page.click("nav button[data-view=protect]");
  await page.fill("[data-testid=protect-from]", from);
  await page.fill("[data-testid=protect-to]", to);
  for (const v of "ABC") await page.setChecked(`[data-testid=protect-variant-${v}]`, true);
  await page.fill("[data-testid=protect-sinkhole]", "");
  await page.setInputFiles("[data-testid=protect-allow]", allow);
  const args = ["export", "--from", from, "--to", to, "--allow", allow];

  await page.selectOption("[data-testid=protect-format]", "suricata-dataset");
  await submit(page, "protect");
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  const buttons = await page.$$("[data-testid=protect-download]");
  const files = [];
  for (const button of buttons) {
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    files.push({ name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") });
  }
  const stem = `conficker-suricata-dataset-${from}_${to}`;
  assert.deepEqual(
    files.map((f) => f.name),
    [`${stem}.rules`, `${stem}.lst`],
  );
  // The command line writes the rule file -o names and the dataset file beside it.
  await cli([...args, "--format", "suricata-dataset", "-o", path.join(scratch.path, `${stem}.rules`)]);
  for (const { name, text } of files) {
    assert.equal(text, await readFile(path.join(scratch.path, name), "utf8"), `${name} differs`);
  }
  // The dataset's values decode to the plain list's names: every name once, the allowed one out.
  const decoded = files[1].text.trim().split("\n").map((line) => Buffer.from(line, "base64").toString("latin1"));
  const plain = (await cli([...args, "--format", "plain"])).split("\n").filter((l) => l && !l.startsWith("#"));
  assert.deepEqual(decoded, plain);
  assert.ok(!plain.includes(allowed) && plain.length > 100_000, `${plain.length} names`);

  for (const format of ["zeek-intel", "csv"]) {
    await page.selectOption("[data-testid=protect-format]", format);
    await submit(page, "protect");
    const { name, text } = await saved("[data-testid=protect-download]");
    assert.equal(name, `conficker-${format}-${from}_${to}.${format === "csv" ? "csv" : "txt"}`);
    assert.equal(text, await cli([...args, "--format", format]), `the ${format} files differ`);
  }
  assert.deepEqual(page.problems, []);
});
