// scripts/single-file.py on the page's modules (with a stand-in pkg/): one inline module that
// parses, the glue's own inline script defining the global, data blocks, and a CSP whose
// hashes are those of the inline scripts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import vm from "node:vm";
import { www } from "./helpers.js";

const run = promisify(execFile);
let dir;
let page;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "conficker-single-"));
  await cp(www, path.join(dir, "www"), { recursive: true, filter: (src) => !src.includes(`${path.sep}pkg`) });
  await mkdir(path.join(dir, "www/pkg"));
  await writeFile(path.join(dir, "www/pkg/conficker_dga_classic.js"), "let wasm_bindgen = (function (exports) { return Object.assign(function init() {}, exports); })({ __proto__: null });\n");
  await writeFile(path.join(dir, "www/pkg/conficker_dga_bg.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(path.join(dir, "www/pkg/conficker_dga_scalar_bg.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
  await run("python3", [path.join(www, "../scripts/single-file.py"), path.join(dir, "www"), path.join(dir, "out.html")]);
  page = await readFile(path.join(dir, "out.html"), "utf8");
});

after(() => rm(dir, { recursive: true, force: true }));

const scripts = () => [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, text]) => ({ attributes, text }));
const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

test("every executable inline script is named by hash in the CSP, and nothing else runs", () => {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)[1];
  const scriptSrc = /script-src ([^;]*)/.exec(csp)[1].split(" ");
  const executable = scripts().filter((s) => !/type="(text\/plain|application\/json)"/.test(s.attributes));
  assert.equal(executable.length, 2);
  assert.deepEqual(scriptSrc.filter((s) => s.startsWith("'sha256-")).sort(), executable.map((s) => hash(s.text)).sort());
  assert.match(csp, /worker-src blob:/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(page, /<script[^>]* src=/);
  assert.doesNotMatch(page, /<link rel="stylesheet"/);
});

test("the glue runs first and defines globalThis.wasm_bindgen", () => {
  const [glue] = scripts().filter((s) => / id="conficker-glue"/.test(s.attributes));
  const context = vm.createContext({});
  vm.runInContext(glue.text, context);
  assert.equal(typeof context.wasm_bindgen, "function");
  const all = scripts();
  assert.ok(all.indexOf(glue) < all.findIndex((s) => / type="module"/.test(s.attributes)));
});

test("the modules are one module that parses, with no import left but pkg/'s fallback", async () => {
  const [module] = scripts().filter((s) => / type="module"/.test(s.attributes));
  assert.doesNotMatch(module.text, /^\s*(import|export)\s/m);
  assert.match(module.text, /const __module_app = /);
  const file = path.join(dir, "bundle.mjs");
  await writeFile(file, module.text);
  await run(process.execPath, ["--check", file]);
});

test("worker.js and both .wasm builds ride in data blocks", async () => {
  const block = (id) => scripts().find((s) => s.attributes.includes(`id="${id}"`));
  assert.equal(block("conficker-worker").text, await readFile(path.join(www, "worker.js"), "utf8"));
  assert.equal(Buffer.from(block("conficker-wasm").text, "base64").toString("hex"), "0061736d01000000");
  assert.equal(Buffer.from(block("conficker-wasm-scalar").text, "base64").toString("hex"), "0061736d02000000");
});
