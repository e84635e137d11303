// One of the page's workers, as a classic script: the single-file build prepends the
// no-modules glue to this text and starts it from a blob, where module workers fail.
/* global wasm_bindgen */
"use strict";

// A slice of work takes about this long, so that hits reach the page as they are found
// and Cancel (which terminates the worker) loses at most this much.
const SLICE_MS = 50;
const DAY_MS = 86_400_000;
// A log is read this much at a time; the report so far is posted at most this often.
const LOG_CHUNK = 4 * 1024 * 1024;
const LOG_REPORT_MS = 250;

const addDays = (date, n) => new Date(Date.parse(date) + n * DAY_MS).toISOString().slice(0, 10);

const ready = new Promise((resolve) => {
  self.addEventListener("message", function init({ data }) {
    self.removeEventListener("message", init);
    if (data.glue) importScripts(data.glue);
    resolve(wasm_bindgen({ module_or_path: data.wasm }));
  });
});

const handlers = {
  days: ({ from, to }) => wasm_bindgen.rangeDays(from, to),
  // Whether each line could be a Conficker name, as one byte per line, and the lines with
  // more to say: a million result objects would stall the page while it received them.
  verdicts({ names, variants }) {
    const all = wasm_bindgen.verdicts(names, variants);
    const possible = new Uint8Array(all.length);
    const details = [];
    all.forEach(({ input, name, possible: p, reason, note }, line) => {
      possible[line] = p ? 1 : 0;
      if (name !== input || reason !== null || note !== null) details.push({ line, name, reason, note });
    });
    return { possible, details };
  },

  // Scans `days` days from `from`, posting hits slice by slice.
  scan({ names, variants, from, days }, post) {
    const scanner = new wasm_bindgen.Scanner(names, variants);
    try {
      let slice = 1;
      for (let done = 0; done < days; ) {
        const n = Math.min(slice, days - done);
        const started = performance.now();
        const hits = scanner.scan(addDays(from, done), addDays(from, done + n - 1));
        done += n;
        post({ hits, days: n });
        if (performance.now() - started < SLICE_MS / 2) slice *= 2;
      }
    } finally {
      scanner.free();
    }
  },

  export: ({ from, to, format, variants, sinkhole, allow }) =>
    wasm_bindgen.exportNames(from, to, format, { variants, sinkhole, allow }),
  // Reads `files` a chunk at a time into one scan, posting the bytes read and, now and
  // then, the report so far: Cancel terminates the worker and the page keeps the last one.
  scanLogs({ files, options }, post) {
    const scan = new wasm_bindgen.LogScan(options);
    const reader = new FileReaderSync();
    try {
      let reported = performance.now();
      for (const file of files) {
        scan.begin(file.name);
        for (let at = 0; at < file.size; at += LOG_CHUNK) {
          const chunk = new Uint8Array(reader.readAsArrayBuffer(file.slice(at, at + LOG_CHUNK)));
          scan.push(chunk);
          const now = performance.now();
          const report = now - reported > LOG_REPORT_MS ? scan.report() : undefined;
          if (report) reported = now;
          post({ bytes: chunk.length, report });
        }
        scan.end();
      }
      return scan.report();
    } finally {
      scan.free();
    }
  },

  generate({ variant, from, days, suffixes }, post) {
    for (let i = 0; i < days; i++) {
      post({ day: wasm_bindgen.dayList(variant, addDays(from, i), suffixes) });
    }
  },
};

self.addEventListener("message", async ({ data }) => {
  if (!data.job) return;
  try {
    await ready;
    const post = (message) => self.postMessage({ id: data.id, ...message });
    const value = handlers[data.job](data, post);
    self.postMessage({ id: data.id, done: true, value });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    // After a panic or a trap this instance of the module cannot be trusted again.
    const fatal = e instanceof WebAssembly.RuntimeError || error.startsWith("conficker-dga panicked");
    self.postMessage({ id: data.id, error, fatal });
  }
});
