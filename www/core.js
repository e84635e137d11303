// @ts-check
// The core (the WebAssembly module) in the page's main thread, for the facts, the presets, the
// checks of the form and every file the page writes; and how the workers load their own
// instances of it. The .wasm (the SIMD128 build or the scalar one, as simd.js finds the engine)
// is fetched and compiled once, here: the workers are sent the compiled module.
//
// Served, the ES-module glue is imported from pkg/. The single-file build (scripts/single-file.py)
// has no pkg/ to import from: it defines the classic glue's global `wasm_bindgen` in an inline
// script and carries both .wasm builds (base64) and worker.js in data blocks.

import { simd128, wasmFile } from "./simd.js";

/** @typedef {import("./pool.js").WorkerSetup} WorkerSetup */

/**
 * The core's exports (see the WebAssembly crate); untyped here.
 * @typedef {any} Core
 */

/** @type {Promise<{ core: Core, module: WebAssembly.Module }> | null} */
let loading = null;

/** @param {string} id */
function block(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the single-file page lacks its #${id} block`);
  return element.textContent ?? "";
}

/** @param {string} base64 */
function bytes(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** The classic glue's global, when the page defines it (the single-file build). */
function inlineGlue() {
  return /** @type {any} */ (globalThis).wasm_bindgen;
}

async function load() {
  const glue = inlineGlue();
  if (glue) {
    const module = await WebAssembly.compile(bytes(block(simd128 ? "conficker-wasm" : "conficker-wasm-scalar")));
    await glue({ module_or_path: module });
    return { core: glue, module };
  }
  const wasm = new URL(`pkg/${wasmFile}`, import.meta.url);
  const [core, module] = await Promise.all([
    import("./pkg/conficker_dga.js"),
    fetch(wasm).then((response) => {
      if (!response.ok) throw new Error(`${wasm.pathname}: ${response.status} ${response.statusText}`);
      // Compiled as it arrives, off the page's thread; a server that does not call the file
      // application/wasm gets it compiled whole.
      return WebAssembly.compileStreaming(response.clone()).catch(() => response.arrayBuffer().then((b) => WebAssembly.compile(b)));
    }),
  ]);
  await core.default({ module_or_path: module });
  return { core, module };
}

/**
 * The core, loaded once.
 * @returns {Promise<Core>}
 */
export async function loadCore() {
  loading ??= load();
  return (await loading).core;
}

/**
 * How the page's workers start and load the core: for `Pool`.
 * @returns {Promise<WorkerSetup>}
 */
export async function workerSetup() {
  loading ??= load();
  const { module } = await loading;
  if (inlineGlue()) {
    // Module workers and importScripts of file:// URLs fail: the glue and the worker run as one
    // classic script from a blob.
    const source = new Blob([block("conficker-glue"), "\n", block("conficker-worker")], { type: "text/javascript" });
    return { url: URL.createObjectURL(source), init: { type: "init", wasm: module } };
  }
  const here = (/** @type {string} */ path) => new URL(path, import.meta.url).href;
  return { url: here("worker.js"), init: { type: "init", glue: here("pkg/conficker_dga_classic.js"), wasm: module } };
}
