// The Protect view's registered names: zone files read in the page's worker give the command
// line's `collisions -f csv` byte for byte, and a malformed zone is refused beside its field.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { CLI, pageSession, requireCli, root, screenshot, submit } from "./helpers.js";

requireCli();

let page;
const session = pageSession(async () => {
  page = await session.open();
  await page.click("nav button[data-view=protect]");
});

const DAY = "2024-11-04";
const ZONES = ["com.zone", "fr.zone"].map((name) => path.join(root, "tests/data/zones", name));

/** The command line's output for `args`. */
function cli(args) {
  return new Promise((resolve, reject) => {
    execFile(CLI, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** Sets the Protect form's dates and variants and the zone files, and runs the search. */
async function findCollisions(files) {
  await page.fill("[data-testid=protect-from]", DAY);
  await page.fill("[data-testid=protect-to]", DAY);
  for (const v of "ABC") await page.setChecked(`[data-testid=protect-variant-${v}]`, true);
  await page.setInputFiles("[data-testid=protect-zone]", files);
  await submit(page, "protect-collisions");
}

test("the zones' registered names are the command line's CSV, byte for byte, and download as it", async () => {
  const expected = await cli(["collisions", "--from", DAY, "-f", "csv", ...ZONES.flatMap((z) => ["--zone", z])]);
  assert.match(expected, /^free\.fr,C,2024-11-04,46273,/m);
  // The .com zone gzipped: the worker reads gzip as the command line does.
  const com = { name: "com.zone.gz", mimeType: "application/gzip", buffer: gzipSync(await readFile(ZONES[0])) };
  const fr = { name: "fr.zone", mimeType: "text/plain", buffer: await readFile(ZONES[1]) };
  await findCollisions([com, fr]);
  assert.equal(await page.textContent("[data-testid=protect-collisions-csv]"), expected);
  assert.match(
    await page.textContent("[data-testid=protect-collisions-summary]"),
    /^8 names of the worm's lists from 2024-11-04 to 2024-11-04 \(variants A,B,C\) have records of their own in com\.zone\.gz and fr\.zone \(66 records read\)$/,
  );
  await screenshot(page, "protect-collisions");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("[data-testid=protect-collisions-download]"),
  ]);
  assert.equal(download.suggestedFilename(), `conficker-collisions-${DAY}_${DAY}.csv`);
  assert.equal(await readFile(await download.path(), "utf8"), expected);
  assert.deepEqual(page.problems, []);
});

test("a malformed zone is refused beside the zone field with its line, and the last result stays", async () => {
  const before = await page.textContent("[data-testid=protect-collisions-csv]");
  const text = (await readFile(ZONES[1], "utf8")).split("\n");
  text.splice(9, 0, "bad.fr. 3600 IN A 192.0.2.300");
  await findCollisions([{ name: "bad.zone", mimeType: "text/plain", buffer: Buffer.from(text.join("\n")) }]);
  assert.match(await page.textContent("[data-testid=error-protect-zone]"), /^bad\.zone: line 10: not a master-file record: /);
  assert.equal(await page.textContent("[data-testid=protect-collisions-csv]"), before);
});
