// @ts-check
// The one worker of the page and of <conficker-check>: a classic script (module workers fail
// from file://), speaking the protocol of protocol.js. Served, it loads the classic glue named by
// `init` with importScripts; the single-file build prepends the glue to this text instead and
// starts it from a blob.
/// <reference lib="webworker" />
/* global wasm_bindgen */
"use strict";

/** @typedef {import("./protocol.js").Init} Init */
/** @typedef {import("./protocol.js").Request} WorkerRequest */
/** @typedef {import("./protocol.js").Reply} Reply */

/** The core (the classic glue's `wasm_bindgen`), once `init` has loaded it. */
/** @type {any} */
let core;

// A slice of work takes about this long, so that hits reach the page as they are found
// and Cancel (which terminates the worker) loses at most this much.
const SLICE_MS = 50;
// A log is read this much at a time; the report so far is posted at most this often.
const LOG_CHUNK = 4 * 1024 * 1024;
const LOG_REPORT_MS = 250;

/** @type {Promise<unknown> | null} */
let ready = null;

/** The check this worker keeps for the page (the keeper's `CheckRun`), if any. */
/** @type {any} */
let kept = null;
/** The scan of one run's log parts: the parts it reads share its lists. */
/** @type {{ run: number, scan: any } | null} */
let logs = null;

/**
 * @param {number} run
 * @param {import("./protocol.js").LogOptions} options
 */
function logScan(run, options) {
  if (logs?.run !== run) {
    dropLogScan();
    logs = { run, scan: new core.LogScan(options) };
  }
  return logs.scan;
}

function dropLogScan() {
  logs?.scan.free();
  logs = null;
}

function keptCheck() {
  if (!kept) throw new Error("no check is kept: checkOpen comes first");
  return kept;
}

/**
 * @param {Init} init
 */
function start(init) {
  if (init.glue) importScripts(init.glue);
  // @ts-ignore: the classic glue's global, declared by its script with `let`
  core = wasm_bindgen;
  return core({ module_or_path: init.wasm });
}

/**
 * Reads one part of a log (`LogScan.plan`) a chunk at a time from `from` until the core has
 * its last line.
 * @param {any} scan
 * @param {File} file
 * @param {number} from
 * @param {string} part
 * @param {(message: any) => void} post
 */
function readPart(scan, file, from, part, post) {
  const reader = new FileReaderSync();
  const head = from > 0 ? new Uint8Array(reader.readAsArrayBuffer(file.slice(0, core.LogScan.headBytes()))) : new Uint8Array();
  scan.beginPart(file.name, head, part);
  let reported = performance.now();
  for (let at = from; at < file.size && !scan.partDone(); at += LOG_CHUNK) {
    const chunk = new Uint8Array(reader.readAsArrayBuffer(file.slice(at, at + LOG_CHUNK)));
    scan.push(chunk);
    const now = performance.now();
    const soFar = now - reported > LOG_REPORT_MS ? scan.partSoFar(part) : undefined;
    if (soFar) reported = now;
    post({ bytes: chunk.length, part: soFar });
  }
  scan.end();
  return scan.takePart(part);
}

/**
 * What each request does; `post` sends a `progress` message.
 * @type {{ [T in WorkerRequest["type"]]: (request: Extract<WorkerRequest, { type: T }>, post: (message: object) => void) => unknown }}
 */
const handlers = {
  // Scans the days a slice at a time, from the fewest that keep the generator's lanes busy,
  // doubling the slice while slices are quick.
  scan({ names, variants, from, to }, post) {
    const scanner = new core.Scanner(names, variants);
    try {
      const days = core.rangeDays(from, to);
      let slice = scanner.sliceDays;
      for (let done = 0; done < days; ) {
        const n = Math.min(slice, days - done);
        const started = performance.now();
        const hits = scanner.scan(core.addDays(from, done), core.addDays(from, done + n - 1));
        done += n;
        post({ hits, days: n });
        if (performance.now() - started < SLICE_MS / 2) slice *= 2;
      }
    } finally {
      scanner.free();
    }
  },

  // Each day's lists of the variants asked, in the command line's order.
  generate({ variants, from, to, suffixes, format }, post) {
    const days = core.rangeDays(from, to);
    for (let i = 0; i < days; i++) post({ days: core.dayListTexts(variants, core.addDays(from, i), suffixes, format) });
  },

  export: ({ from, to, format, variants, sinkhole, allow }) => core.exportNames(from, to, format, { variants, sinkhole, allow }),

  // One part of a log, posting the bytes read and, now and then, its counts so far (Cancel
  // terminates the worker and the page keeps them); the worker's scan of the run, and so its lists, serve its next part.
  scanPart({ run, file, from, part, options }, post) {
    const scan = logScan(run, options);
    try {
      return readPart(scan, file, from, part, post);
    } catch (e) {
      // A part that failed leaves its source open: the next part starts afresh.
      dropLogScan();
      throw e;
    }
  },

  // The scan's clients attributed to networks and machines (`conficker-dga report`): the
  // tables are read whole, each within the core's size limit.
  networkReport({ report, networks, contacts, dhcp, options }) {
    const reader = new FileReaderSync();
    /** @param {File[]} files */
    const named = (files) => files.map((file) => ({ name: file.name, bytes: new Uint8Array(reader.readAsArrayBuffer(file)) }));
    return core.networkReport(report, { networks: named(networks), contacts: named(contacts), dhcp: named(dhcp), ...options });
  },

  // The keeper's check: made from the form (the core checks it; a mistake keeps the check
  // before), fed the hits of the other workers, asked for its table, counts and files.
  checkOpen({ names, from, to, variants }) {
    const check = new core.CheckRun(names, { from, to, variants });
    kept?.free();
    kept = check;
    return { days: check.days, needsScan: check.needsScan };
  },

  checkRecord({ hits, days }) {
    if (hits) keptCheck().record(hits);
    keptCheck().addDays(days);
  },

  checkFinish({ cancelled }) {
    keptCheck().finish(cancelled);
  },

  checkView({ limit, today }) {
    const { total, rows } = keptCheck().rows(limit, today);
    return { summary: keptCheck().summary(), total, rows };
  },

  checkFile({ format }) {
    const check = keptCheck();
    return { text: format === "csv" ? check.csv() : check.json(), fileName: check.fileName(format) };
  },

  // One name from start to end, for <conficker-check>; no dates: the core's days around
  // today; no variants: the core's default.
  check({ name, from, to, variants: asked, today }) {
    const around = core.presets("", today).days;
    const range = { from: from || around.from, to: to || around.to };
    const variants = asked || undefined;
    const run = new core.CheckRun([name], { ...range, variants });
    try {
      if (run.needsScan) {
        const scanner = new core.Scanner([name], variants);
        try {
          run.record(scanner.scan(range.from, range.to));
        } finally {
          scanner.free();
        }
      }
      run.addDays(run.days);
      run.finish(false);
      return { result: run.results()[0], sentence: run.sentence(0) };
    } finally {
      run.free();
    }
  },
};

/**
 * The `error` reply for what a request threw.
 * @param {number} id
 * @param {unknown} e
 * @returns {Reply}
 */
function failure(id, e) {
  const error = /** @type {{ message?: unknown, field?: unknown } | null} */ (e && typeof e === "object" ? e : null);
  const message = typeof error?.message === "string" ? error.message : String(e);
  const field = typeof error?.field === "string" && error.field !== "" ? error.field : undefined;
  // After a panic or a trap this instance of the core cannot be trusted again.
  const fatal = e instanceof WebAssembly.RuntimeError || message.startsWith("conficker-dga panicked");
  return field ? { type: "error", id, message, field, fatal } : { type: "error", id, message, fatal };
}

self.addEventListener("message", async (/** @type {MessageEvent} */ { data }) => {
  if (data.type === "init") {
    try {
      ready = Promise.resolve(start(data));
    } catch (e) {
      ready = Promise.reject(e);
    }
    // Awaited by the first request, which reports the failure.
    ready.catch(() => {});
    return;
  }
  const id = data.id;
  try {
    if (!ready) throw new Error("the worker was not given the core (no init message)");
    await ready;
    const handler = Object.hasOwn(handlers, data.type) ? handlers[/** @type {WorkerRequest["type"]} */ (data.type)] : undefined;
    if (!handler) throw new Error(`unknown request type ${JSON.stringify(data.type)}`);
    /** @param {object} message */
    const post = (message) => self.postMessage({ type: "progress", id, ...message });
    const value = /** @type {Function} */ (handler)(data, post);
    self.postMessage({ type: "done", id, value });
  } catch (e) {
    self.postMessage(failure(id, e));
  }
});
