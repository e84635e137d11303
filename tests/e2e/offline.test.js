// The single-file build (dist/conficker-dga.html) opened straight from disk.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { browser, check, open, root, rows, screenshot } from "./helpers.js";

let chromium;
let page;
const requests = [];

before(async () => {
  chromium = await browser();
  chromium.context.on("request", (r) => requests.push(r.url()));
  page = await open(chromium.context, pathToFileURL(path.join(root, "dist/conficker-dga.html")).href);
});

after(() => chromium?.close());

test("from file://, jogli.com over March 2009 shows B, 2009-03-08, index 100", async () => {
  await check(page, { names: "jogli.com", from: "2009-03-01", to: "2009-03-31" });
  assert.deepEqual(await rows(page), [["jogli.com", "Conficker name", "B", "2009-03-08", "100"]]);
  await screenshot(page, "offline");
});

test("from file://, the page requests nothing but itself and its blobs", () => {
  const page = pathToFileURL(path.join(root, "dist/conficker-dga.html")).href;
  assert.deepEqual(requests.filter((r) => r !== page && !r.startsWith("blob:") && !r.startsWith("data:")), []);
});

test("from file://, the page logs no errors", () => {
  assert.deepEqual(page.problems, []);
});
