// @ts-check
// Web Workers running worker.js, each with its own instance of the core, spoken to in the
// protocol of protocol.js. The page keeps one per core; <conficker-check> keeps one of its own.
import { Cancelled, failureError } from "./protocol.js";

/** @typedef {import("./protocol.js").Init} Init */
/** @typedef {import("./protocol.js").Job} Job */
/** @typedef {import("./protocol.js").Progress} Progress */
/** @typedef {import("./protocol.js").Reply} Reply */

/**
 * Where the workers' script is and how they load the core.
 * @typedef {{ url: string, init: Init }} WorkerSetup
 */

/**
 * @typedef {{ worker: Worker, resolve: (value: any) => void, reject: (error: Error) => void, onProgress: (message: any) => void }} Pending
 */

export class Pool {
  /**
   * @param {() => WorkerSetup | Promise<WorkerSetup>} setup called once, when the first worker starts
   * @param {number} size
   */
  constructor(setup, size) {
    this.setup = setup;
    this.size = Math.max(1, size);
    /** @type {Worker[]} */
    this.workers = [];
    /** @type {Map<number, Pending>} */
    this.jobs = new Map();
    this.nextId = 1;
    /** @type {Promise<WorkerSetup> | null} */
    this.ready = null;
    /** @type {WorkerSetup | null} */
    this.known = null;
    // Counts `cancel` calls: a job whose setup was awaited across one is cancelled too.
    this.cancels = 0;
  }

  /** @param {WorkerSetup} setup */
  spawn({ url, init }) {
    const worker = new Worker(url);
    worker.onmessage = ({ data }) => this.receive(worker, data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(worker, new Error(`a worker failed: ${event.message || "it could not start"}`));
    };
    worker.postMessage(init);
    return worker;
  }

  /**
   * @param {Worker} worker
   * @param {Reply} reply
   */
  receive(worker, reply) {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    switch (reply.type) {
      case "progress":
        job.onProgress(reply);
        break;
      case "done":
        this.jobs.delete(reply.id);
        job.resolve(reply.value);
        break;
      case "error":
        this.jobs.delete(reply.id);
        if (reply.fatal) this.replace(worker);
        job.reject(failureError(reply));
        break;
    }
  }

  /**
   * @param {Worker} worker
   * @param {Error} error
   */
  fail(worker, error) {
    for (const [id, job] of this.jobs) {
      if (job.worker === worker) {
        this.jobs.delete(id);
        job.reject(error);
      }
    }
    this.replace(worker);
  }

  /** @param {Worker} worker */
  replace(worker) {
    const i = this.workers.indexOf(worker);
    worker.terminate();
    if (i >= 0 && this.known) this.workers[i] = this.spawn(this.known);
  }

  /**
   * Starts the workers that are not running; resolves to false if `cancel` came first.
   * @returns {Promise<boolean>}
   */
  async start() {
    this.ready ??= Promise.resolve(this.setup());
    const cancels = this.cancels;
    const known = (this.known = await this.ready);
    if (cancels !== this.cancels) return false;
    while (this.workers.length < this.size) this.workers.push(this.spawn(known));
    return true;
  }

  /** Starts the workers ahead of the first job; a failure shows at that job. */
  warm() {
    this.start().catch(() => {});
  }

  /**
   * Runs `job` on worker `i`; `onProgress` receives its `progress` messages. Resolves to the
   * value of its `done` reply; rejects with the `Error` of its `error` reply (with the
   * `field` the core named), or `Cancelled`.
   * @param {number} i
   * @param {Job} job
   * @param {(message: any) => void} [onProgress]
   * @returns {Promise<any>}
   */
  async run(i, job, onProgress = () => {}) {
    if (!(await this.start())) throw new Cancelled();
    const id = this.nextId++;
    const worker = this.workers[i % this.size];
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { worker, resolve, reject, onProgress });
      worker.postMessage({ ...job, id });
    });
  }

  /** Stops every worker at once; their jobs reject with `Cancelled`. */
  cancel() {
    this.cancels++;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    for (const job of this.jobs.values()) job.reject(new Cancelled());
    this.jobs.clear();
  }
}
