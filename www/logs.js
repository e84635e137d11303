// @ts-check
// The Logs view: DNS logs read in a worker into the core's `LogScan`; the core turns its
// report into the table cells, the counts sentence and the three files. With network tables,
// contacts or DHCP files, the core's `networkReport` attributes the clients to networks and
// machines as `conficker-dga report` does, and zips the folder that command writes.
import { thisYear } from "./dates.js";
import { $, cell, fresh, labelCells, note, rowHeader, ticked, withDates } from "./dom.js";
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
  networks: "log-networks",
  contacts: "log-contacts",
  dhcp: "log-dhcp",
};

/** The table inputs beside the logs, by the key the core names them with. */
const TABLES = /** @type {const} */ (["networks", "contacts", "dhcp"]);

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
  /** The tables chosen beside the logs. */
  /** @type {{ [key: string]: File[] }} */
  const tables = { networks: [], contacts: [], dhcp: [] };
  /** The network report shown: its JSON and zip. */
  /** @type {{ json: string, zip: Uint8Array, zipName: string } | null} */
  let networks = null;

  /** @param {FileList} list */
  function choose(list) {
    files = [...list];
    const total = files.reduce((n, f) => n + f.size, 0);
    $("log-chosen").textContent = files.length ? `${files.map((f) => f.name).join(", ")} (${byteCount(total)})` : "";
    if (files.length) $("scan-logs").click();
  }

  $("log-files").addEventListener("change", () => choose($("log-files").files));
  dropZone($("log-drop"), choose);

  // A table chosen is read at the next scan; the logs chosen are scanned again with it.
  for (const key of TABLES) {
    /** @param {FileList} list */
    const chooseTable = (list) => {
      tables[key] = [...list];
      $(`log-${key}-chosen`).textContent = tables[key].map((f) => f.name).join(", ");
      if (files.length) $("scan-logs").click();
    };
    $(`log-${key}`).addEventListener("change", () => chooseTable($(`log-${key}`).files));
    dropZone($(`log-${key}-drop`), chooseTable);
  }

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
    networks = null;
    $("networks-output").hidden = true;
    if (shown && !shown.stopped && TABLES.some((key) => tables[key].length)) {
      const { utcOffset, year } = settings;
      const result = await pool.run(0, { type: "networkReport", report: shown.report, ...tables, options: { utcOffset, year } });
      // The clients with their machines, as `scan-log --dhcp` has them.
      shown = { report: result.clients, stopped: false };
      networks = result;
      renderNetworks(result);
      render(shown);
    }
  }

  /** @param {{ summary: string, networks: { cells: string[], file: string }[] }} result */
  function renderNetworks({ summary, networks: rows }) {
    $("networks-output").hidden = false;
    $("network-counts").textContent = summary;
    const body = fresh("networks");
    for (const n of rows.slice(0, MAX_ROWS)) {
      const row = body.insertRow();
      row.dataset.testid = "network-row";
      row.dataset.file = n.file;
      const [network, ...rest] = n.cells;
      rowHeader(row, network);
      for (const text of rest) cell(row, text);
      labelCells(row);
    }
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
      for (const { index, part } of core.LogScan.toReadAgain(counts)) {
        tasks[index].part = part;
        again.push(index);
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
    // A client that looked up one name is shaded paler than one that looked up many.
    const most = Math.max(1, ...view.clients.map((/** @type {any} */ c) => c.names));
    for (const c of view.clients.slice(0, MAX_ROWS)) {
      const row = clients.insertRow();
      row.dataset.testid = "client-row";
      row.className = "hit";
      row.dataset.strength = String(Math.ceil((3 * (c.names)) / most));
      const [client, ...rest] = c.cells;
      // With DHCP files, the machine (and why its share is partial) under the address.
      const first = rowHeader(row, client, note(c.machine));
      if (c.note) first.append(/** @type {Node} */ (note(c.note)));
      for (const text of rest) cell(row, text);
      const examples = cell(row, "");
      examples.className = "examples";
      examples.append(...withDates(c.examples));
      if (programs) cell(row, c.processes).className = "processes";
      labelCells(row);
    }

    const days = fresh("log-days");
    for (const d of view.days.slice(0, MAX_ROWS)) {
      const row = days.insertRow();
      row.dataset.testid = "log-day-row";
      const [date, ...rest] = d;
      rowHeader(row, date);
      for (const text of rest) cell(row, text);
      labelCells(row);
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

  submitting("logs-form", FIELDS, run, "logs-output");

  /** @param {string} kind */
  const save = (kind) => {
    if (!shown) return;
    const { text, fileName, type } = core.scanFile(shown.report, kind);
    download([text], type, fileName);
  };
  $("log-download-csv").addEventListener("click", () => save("clients-csv"));
  $("log-download-days").addEventListener("click", () => save("days-csv"));
  $("log-download-json").addEventListener("click", () => save("json"));
  $("log-download-zip").addEventListener("click", () => {
    if (networks) download([networks.zip], "application/zip", networks.zipName);
  });
  $("log-download-networks-json").addEventListener("click", () => {
    if (networks) download([networks.json], "application/json", "networks.json");
  });

  $("log-year").value = thisYear();
}

/**
 * Makes `zone` take files dropped on it.
 * @param {HTMLElement} zone
 * @param {(files: FileList) => void} take
 */
function dropZone(zone, take) {
  zone.addEventListener("dragover", (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer?.files.length) take(e.dataTransfer.files);
  });
}
