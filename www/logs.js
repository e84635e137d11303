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

  async function run() {
    const settings = options();
    // Checked here, beside the fields, before any file is read.
    new core.LogScan(settings).free();
    if (files.length === 0) throw new Error("No log chosen: drop DNS log files on the box above, or choose them");
    const total = files.reduce((n, f) => n + f.size, 0);
    const job = new Job("Scanning", total, (done, all) => `${byteCount(done)} of ${byteCount(all)}`);
    /** @type {{ report: any, stopped: boolean } | null} */
    let partial = null;
    try {
      const report = await pool.run(0, { type: "scanLogs", files, options: settings }, ({ bytes, report }) => {
        job.advance(bytes);
        if (report) render((partial = { report, stopped: false }));
      });
      shown = { report, stopped: false };
    } catch (e) {
      if (!(e instanceof Cancelled)) throw e;
      // The worker was stopped: what it reported last stands, marked as partial.
      if (partial) shown = { report: partial.report, stopped: true };
    } finally {
      job.end();
    }
    if (shown) render(shown);
  }

  /** @param {{ report: any, stopped: boolean }} r */
  function render({ report, stopped }) {
    const view = core.scanView(report);
    $("logs-output").hidden = false;
    $("log-counts").textContent = view.summary + (stopped ? " Cancelled: this covers what was read before." : "");

    const clients = fresh("clients");
    for (const c of view.clients.slice(0, MAX_ROWS)) {
      const row = clients.insertRow();
      row.dataset.testid = "client-row";
      row.className = "hit";
      for (const text of c.cells) cell(row, text);
      cell(row, c.examples).className = "examples";
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
