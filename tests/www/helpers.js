// Shared by the unit tests of the page's modules: worker.js run in a Node `vm` context with a
// stand-in for the core, and a `Worker` class that talks to such contexts, so that the pool and
// the protocol are tested without a browser.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

export const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www");
const workerSource = readFileSync(path.join(www, "worker.js"), "utf8");

/** An `Error` as the core throws them: a message and, for one input at fault, its field. */
export function coreError(message, field) {
  return Object.assign(new Error(message), field ? { field } : {});
}

/** Dates as the stand-in core counts them (the real core owns the calendar). */
const DAY = 86_400_000;
const addDays = (date, n) => new Date(Date.parse(date) + n * DAY).toISOString().slice(0, 10);
const rangeDays = (from, to) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw coreError(`bad date ${from}`, "from");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) throw coreError(`bad date ${to}`, "to");
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
  if (days < 1) throw coreError(`the range starts (${from}) after it ends (${to})`, "to");
  return days;
};

/**
 * A stand-in for the classic glue's `wasm_bindgen`: every day of a scan "finds" the names'
 * first line; `calls` records what the worker asked.
 */
export function fakeGlue(calls = []) {
  const init = (options) => {
    calls.push(["init", structuredClone(options)]);
    return Promise.resolve();
  };
  return Object.assign(init, {
    rangeDays,
    addDays,
    Scanner: class {
      // The core's fewest days a slice should hold (32 lists, one per lane).
      sliceDays = 4;
      constructor(names, variants) {
        calls.push(["Scanner", names, variants]);
        if (variants === "") throw coreError("no variant asked", "variants");
      }
      scan(from, to) {
        calls.push(["scan", from, to]);
        return [{ line: 0, from, to }];
      }
      free() {
        calls.push(["free"]);
      }
    },
    dayListTexts(variants, date, suffixes, format) {
      if (suffixes === "ru") throw coreError("suffix .ru is used only by C", "suffixes");
      return variants.split(",").map((variant) => ({ date, variant, md5: "0".repeat(32), names: 2, text: `${variant}${date}${format}\n`, list: `${variant}${date}\n` }));
    },
    exportNames(from, to, format, options) {
      if (options.sinkhole === "panic") throw new Error("conficker-dga panicked: at src/lib.rs");
      const files = [{ name: `conficker-${format}-${from}_${to}.txt`, text: "x\n", type: "text/plain" }];
      return { files, text: files[0].text, fileName: files[0].name, names: 1, keptOut: 0, md5: "m", summary: "1 name" };
    },
    presets(anchor, today) {
      return { days: { from: addDays(today, -2), to: addDays(today, 2) } };
    },
    CheckRun: class {
      constructor(names, { from, to, variants }) {
        calls.push(["CheckRun", names, from, to, variants]);
        this.days = rangeDays(from, to);
        this.needsScan = true;
        this.found = [];
      }
      record(hits) {
        this.found.push(...hits);
      }
      addDays(n) {
        this.done = (this.done ?? 0) + n;
      }
      finish(cancelled) {
        this.state = cancelled ? "cancelled" : "done";
      }
      summary() {
        return `${this.found.length} hits in ${this.done ?? 0} of ${this.days} days, ${this.state ?? "running"}`;
      }
      rows(limit, today) {
        const rows = this.found.map((h) => ({ input: "x", kind: "hit", date: h.from, today }));
        return { total: rows.length, rows: rows.slice(0, limit) };
      }
      csv() {
        return "input\nx\n";
      }
      json() {
        return "{}\n";
      }
      fileName(ext) {
        return `conficker-check.${ext}`;
      }
      results() {
        return [{ input: "x", hits: this.found }];
      }
      sentence() {
        return `${this.found.length} hits`;
      }
      free() {}
    },
  });
}

/**
 * worker.js in a fresh context: `send` delivers a message as the page would, `replies` holds
 * what the worker posted.
 */
export function loadWorker({ glue = fakeGlue(), onReply = () => {}, imports = [] } = {}) {
  const listeners = [];
  const replies = [];
  const self = {
    addEventListener: (type, f) => type === "message" && listeners.push(f),
    // As between threads: the page gets a copy (of this realm's objects).
    postMessage: (message) => {
      const copy = structuredClone(message);
      replies.push(copy);
      onReply(copy);
    },
  };
  const context = vm.createContext({
    self,
    importScripts: (url) => imports.push(url),
    wasm_bindgen: glue,
    performance,
    WebAssembly,
    console,
  });
  vm.runInContext(workerSource, context, { filename: "worker.js" });
  return {
    replies,
    send: (data) => {
      for (const f of listeners) f({ data });
    },
  };
}

/** Waits until `test()` holds, a macrotask at a time. */
export async function until(test, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (test()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("timed out");
}

/**
 * A `Worker` for the pool: each instance runs worker.js with a fake core, messages crossing
 * asynchronously through `structuredClone`, as between threads.
 */
export class FakeWorker {
  static started = [];
  constructor(url) {
    this.url = url;
    this.terminated = false;
    this.onmessage = null;
    this.onerror = null;
    this.calls = [];
    this.inner = loadWorker({
      glue: fakeGlue(this.calls),
      onReply: (data) => setTimeout(() => !this.terminated && this.onmessage?.({ data })),
    });
    FakeWorker.started.push(this);
  }
  postMessage(data) {
    const copy = structuredClone(data);
    setTimeout(() => !this.terminated && this.inner.send(copy));
  }
  terminate() {
    this.terminated = true;
  }
}
