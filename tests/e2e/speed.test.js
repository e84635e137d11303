// How long the page takes to answer for one .ru name (variant C) over all of 2009; the
// figure goes to test-results/speed.json and docs/src/speed.md.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { artefacts, browser, check, open, root, rows, serve } from "./helpers.js";
import init, { dayList } from "../../pkg/conficker_dga.js";

let server;
let chromium;

before(async () => {
  await init({ module_or_path: await readFile(path.join(root, "pkg/conficker_dga_bg.wasm")) });
  server = await serve();
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  server?.close();
});

test("one .ru name over all of 2009: the page finds C's name and says how long it took", async (t) => {
  const { index, domain } = dayList("C", "2009-07-01", "ru").domains[0];
  const page = await open(chromium.context, `${server.url}/`);
  const started = Date.now();
  await check(page, { names: domain, from: "2009-01-01", to: "2009-12-31" });
  const ms = Date.now() - started;
  assert.ok((await rows(page)).some((r) => r.join("|") === `${domain}|Conficker name|C|2009-07-01|${index}`));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  t.diagnostic(`${domain} over 2009 (365 days of C): ${ms} ms with ${cores} workers`);
  await mkdir(artefacts, { recursive: true });
  await writeFile(path.join(artefacts, "speed.json"), JSON.stringify({ name: domain, days: 365, ms, workers: cores }) + "\n");
});
