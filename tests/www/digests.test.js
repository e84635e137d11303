// scripts/digests, which `make web` runs: the SHA-256 of every served file as sha256sum
// prints it, and the Subresource Integrity value of each script.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { www } from "./helpers.js";

test("digests lists each served file's SHA-256 and each script's sha384 integrity", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "conficker-digests-"));
  try {
    const files = {
      "www/app.js": "export {};\n",
      "www/index.html": "<!doctype html>\n",
      "www/notes.txt": "not served\n",
      "www/pkg/conficker_dga_bg.wasm": "\0asm\x01\0\0\0",
      "page.html": "<!doctype html><p>one file</p>\n",
    };
    await mkdir(path.join(dir, "www/pkg"), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const { stdout } = await promisify(execFile)(path.join(www, "../scripts/digests"), ["www", "page.html"], { cwd: dir });
    const sha256 = (name) => createHash("sha256").update(files[name]).digest("hex");
    const sri = (name) => `sha384-${createHash("sha384").update(files[name]).digest("base64")}`;
    assert.equal(
      stdout,
      [
        "SHA-256 of the web build:",
        `${sha256("www/app.js")}  www/app.js`,
        `${sha256("www/index.html")}  www/index.html`,
        `${sha256("www/pkg/conficker_dga_bg.wasm")}  www/pkg/conficker_dga_bg.wasm`,
        `${sha256("page.html")}  page.html`,
        "Subresource Integrity of its scripts:",
        `${sri("www/app.js")}  www/app.js`,
        "",
      ].join("\n"),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
