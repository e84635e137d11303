// @ts-check
// The one protocol between the page (pool.js, for the views and for <conficker-check>) and
// worker.js. Every message has a `type`. The page first sends `init`, then requests that carry
// an `id`; the worker answers each request with any number of `progress` messages and then one
// `done` or one `error`, all carrying the request's `id`.

/**
 * How the worker loads the core: `glue` is the URL of the classic glue (absent when the
 * glue is part of the worker's own script, as in the single-file build); `wasm` the compiled
 * module, its bytes or its URL.
 * @typedef {{ type: "init", glue?: string, wasm: WebAssembly.Module | Uint8Array | string }} Init
 */

/**
 * Scans the days `from` to `to` for the names: `progress` carries each slice's hits, as
 * `Scanner.scan` returned them, for `CheckRun.record`, and its number of days.
 * @typedef {{ type: "scan", id: number, names: string, variants: string, from: string, to: string }} ScanRequest
 */

/**
 * Each day's list of `variant`, `from` to `to`, in `format`: one `progress` per day.
 * @typedef {{ type: "generate", id: number, variants: string, from: string, to: string, suffixes: string, format: string }} GenerateRequest
 */

/**
 * The files of an export format (`exportNames`); `done` carries
 * `{ files: [{ name, text, type }], text, fileName, names, keptOut, md5, summary }`.
 * @typedef {{ type: "export", id: number, from: string, to: string, format: string, variants: string, sinkhole: string, allow: string }} ExportRequest
 */

/**
 * One part of a DNS log (a string of `LogScan.plan`, read from its byte `from`) read a chunk
 * at a time; `progress` carries the bytes read and, now and then, the part's counts so far;
 * `done` its counts (`LogScan.takePart`), for `LogScan.joinParts`. The parts of one `run` share a
 * scan in each worker, and so its lists.
 * @typedef {{ type: "scanPart", id: number, run: number, file: File, from: number, part: string, options: LogOptions }} ScanPartRequest
 */

/**
 * A scan's report attributed to networks and machines (`networkReport`): the network tables,
 * contacts and DHCP files, and the offset and year of the DHCP logs' times; `done` carries
 * `{ summary, networks, clients, json, zip, zipName }`.
 * @typedef {{ type: "networkReport", id: number, report: object, networks: File[], contacts: File[], dhcp: File[], options: { utcOffset: string, year: string } }} NetworkReportRequest
 */

/**
 * The form's values, as strings: the core reads and checks them.
 * @typedef {{ format: string, slack: string, variants: string, utcOffset: string, year: string, date: string, minNames: string }} LogOptions
 */

/**
 * One name checked from start to end, for <conficker-check>: `done` carries
 * `{ result, sentence }`. Empty `from` and `to` stand for the core's days around `today`, empty
 * `variants` for all.
 * @typedef {{ type: "check", id: number, name: string, from: string, to: string, variants: string, today: string }} CheckRequest
 */

/**
 * The keeper's check (a `CheckRun`), one at a time: `checkOpen` makes it from the form (`done`:
 * `{ days, needsScan }`; on a mistake the check before stays), `checkRecord` adds what a `scan`
 * found (`hits`, or null) and the days it covered, `checkFinish` ends it, `checkView` gives a
 * `CheckView` (`today` offers the whole era as of that day to names not found), `checkFile` the CSV or JSON file `{ text, fileName }`.
 * @typedef {{ type: "checkOpen", id: number, names: string, from: string, to: string, variants: string }} CheckOpen
 * @typedef {{ type: "checkRecord", id: number, hits: unknown, days: number }} CheckRecord
 * @typedef {{ type: "checkFinish", id: number, cancelled: boolean }} CheckFinish
 * @typedef {{ type: "checkView", id: number, limit: number, today: string }} CheckViewRequest
 * @typedef {{ type: "checkFile", id: number, format: "csv" | "json" }} CheckFile
 * @typedef {CheckOpen | CheckRecord | CheckFinish | CheckViewRequest | CheckFile} KeeperRequest
 */

/**
 * What the page shows of a check: the core's counts sentence and the first rows of its table.
 * @typedef {{ summary: string, total: number, rows: CheckRow[] }} CheckView
 * @typedef {{ input: string, note: string, verdict: string, kind: "hit" | "miss" | "impossible", variant: string, date: string, dateNote: string, index: string, plain: { label: string, sentence: string } | null, meaning: string, lookups: { date: string, slack: number, from: string, to: string } | null, wider: { from: string, to: string } | null }} CheckRow
 */

/** @typedef {ScanRequest | GenerateRequest | ExportRequest | ScanPartRequest | NetworkReportRequest | CheckRequest | KeeperRequest} Request */
/** @typedef {Request["type"]} RequestType */

/**
 * @typedef {{ type: "progress", id: number, hits: unknown, days: number }} ScanProgress
 * @typedef {{ type: "progress", id: number, days: DayText[] }} GenerateProgress
 * @typedef {{ type: "progress", id: number, bytes: number, report?: object }} LogProgress
 * @typedef {ScanProgress | GenerateProgress | LogProgress} Progress
 */

/**
 * One day's list as `dayListText` gives it.
 * @typedef {{ date: string, variant: string, md5: string, names: number, text: string, list: string }} DayText
 */

/** @typedef {{ type: "done", id: number, value: unknown }} Done */

/**
 * A request that failed: `field` names the input at fault (as the core's errors do); `fatal`
 * says the worker's instance of the core cannot be trusted again (a panic or a trap).
 * @typedef {{ type: "error", id: number, message: string, field?: string, fatal: boolean }} Failure
 */

/** @typedef {Progress | Done | Failure} Reply */

/** A request without its `id`, which the pool adds. */
/** @typedef {Request extends infer R ? R extends Request ? Omit<R, "id"> : never : never} Job */

/** An `Error` that may name the input at fault, as the core's errors do. */
export class FieldError extends Error {
  /**
   * @param {string} message
   * @param {string} [field]
   */
  constructor(message, field) {
    super(message);
    this.name = "FieldError";
    if (field) this.field = field;
  }
}

/** Rejects the jobs of a pool that was cancelled. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
    this.name = "Cancelled";
  }
}

/**
 * The error a `Failure` reply stands for.
 * @param {Failure} reply
 * @returns {FieldError}
 */
export function failureError(reply) {
  return new FieldError(reply.message, reply.field);
}

/**
 * The input key an error concerns, if any: the core's errors carry it as `field`.
 * @param {unknown} error
 * @returns {string | undefined}
 */
export function fieldOf(error) {
  const field = error && typeof error === "object" ? /** @type {{ field?: unknown }} */ (error).field : undefined;
  return typeof field === "string" && field !== "" ? field : undefined;
}

/**
 * @param {unknown} error
 * @returns {string}
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
