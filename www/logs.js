// @ts-check
// The Logs view: DNS logs read in a worker into the core's `LogScan`; the core turns its
// report into the table cells, the counts sentence and the three files.
import { thisYear } from "./dates.js";
import { $, cell, fresh, note, ticked } from "./dom.js";
import { download } from "./downloads.js";
import { drawLookupChart } from "./chart.js";
import { MAX_ROWS } from "./limits.js";
import { Cancelled } from "./protocol.js";
import { Job, submitting } from "./status.js";
import { byteCount } from "./units.js";

/** @typedef {import("./core.js").Core} Core */
/** @typedef {import("./pool.js").Pool} Pool */
/** @typedef {import("./protocol.js").LogOptions} LogOptions */

const FIELDS = {
  logFormat: "log-format",
  format: "log-format",
  slack: "log-slack",
  utcOffset: "log-offset",
  minNames: "log-min-names",
  date: "log-date",
  year: "log-year",
  variants: "log-variants",
};

/**
 * @param {Core} core
 * @param {Pool} pool
 */
export function setupLogs(core, pool) {
  /** @type {File[]} */
  let files = [];
  /** The report shown, and whether Cancel cut it short. */
  /** @type {{ report: any, stopped: boolean } | null} */
  let shown = null;

  /** @param {FileList} list */
  function choose(list) {
    files = [...list];
    const total = files.reduce((n, f) => n + f.size, 0);
    $("log-chosen").textContent = files.length ? `${files.map((f) => f.name).join(", ")} (${byteCount(total)})` : "";
    if (files.length) $("scan-logs").click();
  }

  $("log-files").addEventListener("change", () => choose($("log-files").files));
  const drop = $("log-drop");
  drop.addEventListener("dragover", (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer?.files.length) choose(e.dataTransfer.files);
  });

  /** @returns {LogOptions} the form, as it is: the core reads and checks it */
  function options() {
    return {
      format: $("log-format").value,
      slack: $("log-slack").value,
      variants: ticked("log-variants").join(","),
      utcOffset: $("log-offset").value,
      year: $("log-year").value,
      date: $("log-date").value,
      minNames: $("log-min-names").value,
    };
  }

  /** Numbers the runs: a worker's parts of one run share its lists. */
  let runs = 0;

  async function run() {
    const settings = options();
    // Checked here, beside the fields, before any file is read; it joins the workers' parts.
    const scan = new core.LogScan(settings);
    try {
      if (files.length === 0) throw new Error("No log chosen: drop DNS log files on the box above, or choose them");
      await scanFiles(scan, settings, ++runs);
    } finally {
      scan.free();
    }
    if (shown) render(shown);
  }

  /**
   * Reads every file, large ones in parts, on all the pool's workers, and joins their counts
   * into the report one worker would have made.
   * @param {any} scan
   * @param {LogOptions} settings
   * @param {number} run
   */
  async function scanFiles(scan, settings, run) {
    const total = files.reduce((n, f) => n + f.size, 0);
    const job = new Job("Scanning", total, (done, all) => `${byteCount(done)} of ${byteCount(all)}`);
    /** @type {{ file: number, from: number, part: string }[]} */
    const tasks = [];
    for (const [i, file] of files.entries()) {
      const head = new Uint8Array(await file.slice(0, core.LogScan.headBytes()).arrayBuffer());
      for (const { part, from } of scan.plan(head, file.size, pool.size)) tasks.push({ file: i, from, part });
    }
    /** Each part's counts: when read, or as far as read. @type {(string | null)[]} */
    const counts = tasks.map(() => null);
    const joined = (/** @type {boolean} */ stopped) => scan.joinParts(counts.filter((c) => c !== null), stopped);
    /**
     * @param {number} i
     * @param {number} worker
     */
    const read = async (i, worker) => {
      const { file, from, part } = tasks[i];
      const request = { type: "scanPart", run, file: files[file], from, part, options: settings };
      counts[i] = await pool.run(worker, /** @type {any} */ (request), ({ bytes, part: soFar }) => {
        job.advance(bytes);
        if (soFar) {
          counts[i] = soFar;
          render({ report: joined(false), stopped: false });
        }
      });
    };
    try {
      await onWorkers(tasks.length, read);
      // A part that began in the wrong syslog year (a log that crossed New Year) is read again.
      const again = [];
      for (const [f] of files.entries()) {
        const mine = tasks.flatMap((t, i) => (t.file === f ? [i] : []));
        for (const { index, part } of core.LogScan.toReadAgain(mine.map((i) => counts[i]))) {
          tasks[mine[index]].part = part;
          again.push(mine[index]);
        }
      }
      await onWorkers(again.length, (k, worker) => read(again[k], worker));
      shown = { report: joined(false), stopped: false };
    } catch (e) {
      if (!(e instanceof Cancelled)) {
        pool.cancel();
        throw e;
      }
      // The workers were stopped: what they read stands, marked as partial.
      if (counts.some((c) => c !== null)) shown = { report: joined(true), stopped: true };
    } finally {
      job.end();
    }
  }

  /**
   * Runs jobs 0 to count - 1, each worker of the pool taking the next when it is free.
   * @param {number} count
   * @param {(i: number, worker: number) => Promise<void>} job
   */
  async function onWorkers(count, job) {
    let next = 0;
    /** @param {number} worker */
    const lane = async (worker) => {
      while (next < count) await job(next++, worker);
    };
    await Promise.all(Array.from({ length: Math.min(pool.size, count) }, (_, worker) => lane(worker)));
  }

  /** @param {{ report: any, stopped: boolean }} r */
  function render({ report, stopped }) {
    const view = core.scanView(report);
    $("logs-output").hidden = false;
    $("log-counts").textContent = view.summary + (stopped ? " Cancelled: this covers what was read before." : "");

    const clients = fresh("clients");
    // Sysmon events name the programs that asked; DNS logs and captures do not.
    const programs = view.clients.some((/** @type {any} */ c) => c.processes);
    for (const th of document.querySelectorAll("th.processes")) /** @type {HTMLElement} */ (th).hidden = !programs;
    for (const c of view.clients.slice(0, MAX_ROWS)) {
      const row = clients.insertRow();
      row.dataset.testid = "client-row";
      row.className = "hit";
      for (const text of c.cells) cell(row, text);
      cell(row, c.examples).className = "examples";
      if (programs) cell(row, c.processes).className = "processes";
    }

    const days = fresh("log-days");
    for (const d of view.days.slice(0, MAX_ROWS)) {
      const row = days.insertRow();
      row.dataset.testid = "log-day-row";
      for (const text of d) cell(row, text);
    }
    drawLookupChart(report.days, core.rangeDays);

    const list = fresh("log-sources");
    for (const s of view.sources) {
      const item = document.createElement("li");
      item.textContent = s.text;
      for (const m of s.malformed) item.append(/** @type {Node} */ (note(m)));
      list.append(item);
    }
  }

  submitting("logs-form", FIELDS, run);

  /** @param {string} kind */
  const save = (kind) => {
    if (!shown) return;
    const { text, fileName, type } = core.scanFile(shown.report, kind);
    download([text], type, fileName);
  };
  $("log-download-csv").addEventListener("click", () => save("clients-csv"));
  $("log-download-days").addEventListener("click", () => save("days-csv"));
  $("log-download-json").addEventListener("click", () => save("json"));

  $("log-year").value = thisYear();
}
