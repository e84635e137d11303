// The page's Web Workers: one per core, each with its own instance of the generator.

/** Rejects the jobs of a pool that was cancelled. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

let setup;

// Served, the workers load their files by URL. The single-file build (scripts/single-file.py)
// carries them in a JSON script instead, since file:// pages may not fetch anything.
function workerSetup() {
  if (setup) return setup;
  const inline = document.getElementById("conficker-files");
  if (inline) {
    const files = JSON.parse(inline.textContent);
    const source = new Blob([files.glue, "\n", files.worker], { type: "text/javascript" });
    const wasm = Uint8Array.from(atob(files.wasm), (c) => c.charCodeAt(0));
    setup = { url: URL.createObjectURL(source), init: { wasm } };
  } else {
    const here = (path) => new URL(path, import.meta.url).href;
    setup = {
      url: here("worker.js"),
      init: { glue: here("pkg/conficker_dga_classic.js"), wasm: here("pkg/conficker_dga_bg.wasm") },
    };
  }
  return setup;
}

export class Pool {
  constructor() {
    this.size = Math.max(1, navigator.hardwareConcurrency || 1);
    this.workers = [];
    this.jobs = new Map();
    this.nextId = 1;
  }

  spawn() {
    const { url, init } = workerSetup();
    const worker = new Worker(url);
    worker.onmessage = ({ data }) => {
      const job = this.jobs.get(data.id);
      if (!job) return;
      if (data.error !== undefined) {
        this.jobs.delete(data.id);
        if (data.fatal) this.replace(worker);
        job.reject(new Error(data.error));
      } else if (data.done) {
        this.jobs.delete(data.id);
        job.resolve(data.value);
      } else {
        job.onMessage(data);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(worker, new Error(`a worker failed: ${event.message || "it could not start"}`));
    };
    worker.postMessage(init);
    return worker;
  }

  fail(worker, error) {
    for (const [id, job] of this.jobs) {
      if (job.worker === worker) {
        this.jobs.delete(id);
        job.reject(error);
      }
    }
    this.replace(worker);
  }

  replace(worker) {
    const i = this.workers.indexOf(worker);
    worker.terminate();
    if (i >= 0) this.workers[i] = this.spawn();
  }

  /** Runs `job` on worker `i`; `onMessage` receives what it posts before it finishes. */
  run(i, job, args, onMessage = () => {}) {
    while (this.workers.length < this.size) this.workers.push(this.spawn());
    const id = this.nextId++;
    const worker = this.workers[i];
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { worker, resolve, reject, onMessage });
      worker.postMessage({ id, job, ...args });
    });
  }

  /** Stops every worker at once; their jobs reject with `Cancelled`. */
  cancel() {
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    for (const job of this.jobs.values()) job.reject(new Cancelled());
    this.jobs.clear();
  }
}

/** Splits `days` into `parts` contiguous runs of nearly equal length: each day of a variant
 * costs the same, so equal runs finish together. */
export function split(days, parts) {
  const runs = [];
  for (let i = 0; i < parts; i++) {
    const start = Math.floor((i * days) / parts);
    const end = Math.floor(((i + 1) * days) / parts);
    if (end > start) runs.push({ start, days: end - start });
  }
  return runs;
}
