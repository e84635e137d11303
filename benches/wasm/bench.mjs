// The WebAssembly half of `make bench`: `node bench.mjs PKG_DIR SIMD128_PKG_DIR [--quick]`,
// PKG_DIR being `wasm-pack build --target web` of this crate, SIMD128_PKG_DIR the same built
// for WebAssembly SIMD128 (which also exports the SIMD128 floor). Runs the suite in Node's worker_threads, then in
// headless Chromium's Web Workers (a local page, served here): the workloads with the SIMD128
// build, which the page and the npm module run, and the generator in both builds.
import { Worker } from "node:worker_threads";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runSuite } from "./suite.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkg, pkgSimd128] = process.argv.slice(2, 4).map((dir) => path.resolve(dir));
const quick = process.argv.includes("--quick");
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const cores = os.availableParallelism();
const glue = (dir) => pathToFileURL(path.join(dir, "conficker_dga_bench_wasm.js")).href;
const wasmFile = "conficker_dga_bench_wasm_bg.wasm";
const wasm = readFileSync(path.join(pkg, wasmFile));
const wasmSimd128 = readFileSync(path.join(pkgSimd128, wasmFile));

async function node() {
  const started = [];
  const makeWorker = (simd128 = true) =>
    new Promise((resolve) => {
      const w = new Worker(path.join(here, "worker.mjs"));
      started.push(w);
      w.once("message", () =>
        resolve({ post: (m) => w.postMessage(m), onMessage: (f) => w.on("message", f) }),
      );
      w.postMessage({ glue: glue(simd128 ? pkgSimd128 : pkg), wasm: simd128 ? wasmSimd128 : wasm });
    });
  console.log(`# WebAssembly in Node ${process.version}, ${cores} worker threads, the SIMD128 build\n`);
  await runSuite({ makeWorker, makeScalarWorker: () => makeWorker(false), cores, quick, print: (line) => console.log(line) });
  await Promise.all(started.map((w) => w.terminate()));
}

const types = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };

function serve(done) {
  return createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.end();
        if (url.pathname === "/print") console.log(body);
        else done(body);
      });
      return;
    }
    const file = url.pathname.startsWith("/pkg/")
      ? path.join(pkg, url.pathname.slice(5))
      : url.pathname.startsWith("/pkg-simd128/")
        ? path.join(pkgSimd128, url.pathname.slice(13))
        : path.join(here, url.pathname.slice(1));
    try {
      const data = readFileSync(file);
      res.writeHead(200, {
        "Content-Type": types[path.extname(file)] ?? "application/octet-stream",
        // Cross-origin isolation gives the page fine-grained timers.
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
      });
      res.end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
}

async function browser() {
  console.log(`\n# WebAssembly in headless Chromium (${chromium}), the SIMD128 build\n`);
  const profile = mkdtempSync(path.join(os.tmpdir(), "bench-chromium-"));
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const server = serve(finish);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const page = `http://127.0.0.1:${server.address().port}/page.html${quick ? "?quick" : ""}`;
  const child = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", `--user-data-dir=${profile}`, page], { stdio: "ignore" });
  const outcome = await finished;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill();
  await exited;
  server.close();
  rmSync(profile, { recursive: true, force: true });
  if (outcome) throw new Error(outcome);
}

await node();
await browser();
