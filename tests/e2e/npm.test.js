// The npm package that wasm-pack builds into pkg/: its metadata, and the usage example of its
// README (the guide's page for portal developers, docs/src/embedding.md) run as written.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { root } from "./helpers.js";

test("the package has the metadata npm users need", async () => {
  const pkg = JSON.parse(await readFile(path.join(root, "pkg/package.json"), "utf8"));
  assert.equal(pkg.name, "conficker-dga");
  assert.match(pkg.description, /Conficker/);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  // The project has no public repository yet: no placeholder address.
  assert.equal(pkg.repository, undefined);
  assert.deepEqual([...pkg.files].sort(), ["conficker_dga.d.ts", "conficker_dga.js", "conficker_dga_bg.wasm", "conficker_dga_scalar_bg.wasm"]);
  assert.equal(pkg.types, "conficker_dga.d.ts");
  const types = await readFile(path.join(root, "pkg", pkg.types), "utf8");
  for (const name of ["generate", "check", "dayList"]) assert.match(types, new RegExp(`export function ${name}\\(`));
  // Results and options are typed (tests/types/ compiles against them), not `any`.
  assert.match(types, /export function check\(names: Names, from: string, to: string, options\?: CheckOptions \| null\): CheckResult;/);
  for (const name of ["CheckOptions", "Hit", "DayList", "ExportOptions", "ExportResult", "ScanOptions", "ScanReport"]) {
    assert.match(types, new RegExp(`export (interface|type) ${name}\\b`));
  }
});

test("the package's README is the guide's embedding page", async () => {
  const page = await readFile(path.join(root, "docs/src/embedding.md"), "utf8");
  assert.equal(await readFile(path.join(root, "pkg/README.md"), "utf8"), page);
  // npm shows the README alone: a relative link would lead nowhere there.
  assert.deepEqual([...page.matchAll(/\]\((?!https?:|#)[^)]*\)/g)].map((m) => m[0]), []);
});

test("the package README's five-line npm example runs and prints what it says", async () => {
  const readme = await readFile(path.join(root, "pkg/README.md"), "utf8");
  const example = /<!-- npm example -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, "the package's README has the npm example");
  assert.equal(example.trim().split("\n").length, 5);
  const dir = await mkdtemp(path.join(tmpdir(), "conficker-npm-"));
  try {
    await mkdir(path.join(dir, "node_modules"));
    await symlink(path.join(root, "pkg"), path.join(dir, "node_modules/conficker-dga"));
    await writeFile(path.join(dir, "example.mjs"), example);
    const { stdout } = await promisify(execFile)("node", ["example.mjs"], { cwd: dir });
    const expected = [...example.matchAll(/\/\/ (.*)$/gm)].map((m) => m[1]).join("\n");
    assert.equal(stdout.trim(), expected);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
