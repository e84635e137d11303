// @ts-check
// The Check view: names checked against the worm's lists over a range of dates. The core's
// `CheckRun` reads and judges the lines, gathers the workers' hits and writes the table rows,
// the counts and the files; the page splits the days between the workers and shows it all.
import { today } from "./dates.js";
import { $, cell, fresh, note, setRange, throttled, ticked } from "./dom.js";
import { download } from "./downloads.js";
import { fragmentHasVariant, fragmentOf, readFragment, runsOnLoad } from "./fragment.js";
import { MAX_LINES, MAX_ROWS, MAX_SHOWN_LINES } from "./limits.js";
import { isCsv, linesOf } from "./lines.js";
import { Cancelled, FieldError } from "./protocol.js";
import { clearErrors, Job, showError, submitting } from "./status.js";
import { count } from "./units.js";

/** @typedef {import("./core.js").Core} Core */
/** @typedef {import("./pool.js").Pool} Pool */

/** The core's fields, to the inputs of this view. */
const FIELDS = { names: "names", from: "from", to: "to", variants: "variants" };

/**
 * @param {Core} core
 * @param {Pool} pool
 */
export function setupCheck(core, pool) {
  /** Lines of a file too long to show in the box. */
  /** @type {string[] | null} */
  let fileLines = null;
  /** The check whose results the page shows and downloads. */
  /** @type {any} */
  let shown = null;

  /** @param {File} file */
  async function useFile(file) {
    const lines = linesOf(await file.text(), isCsv(file.name));
    if (lines.length > MAX_LINES) {
      throw new FieldError(`${file.name} has ${count(lines.length)} lines; the page checks at most ${count(MAX_LINES)} at a time`, "names");
    }
    const shownInBox = lines.length <= MAX_SHOWN_LINES;
    fileLines = shownInBox ? null : lines;
    $("names").value = shownInBox ? lines.join("\n") : "";
    $("names").placeholder = `${count(lines.length)} lines from ${file.name}`;
  }

  /** @param {File | undefined} file */
  function chosen(file) {
    if (!file) return;
    clearErrors();
    useFile(file).catch((e) => showError(e, FIELDS));
  }

  $("names-file").addEventListener("change", () => chosen($("names-file").files[0]));
  $("names").addEventListener("dragover", (/** @type {DragEvent} */ e) => e.preventDefault());
  $("names").addEventListener("drop", (/** @type {DragEvent} */ e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    chosen(file);
  });
  $("names").addEventListener("input", () => {
    fileLines = null;
    $("names").placeholder = "jogli.com";
  });

  for (const button of document.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => {
      const preset = /** @type {HTMLElement} */ (button).dataset.preset ?? "days";
      setRange("from", "to", core.presets($("from").value, today())[preset]);
    });
  }

  /** @param {any} check */
  function render(check) {
    $("check-output").hidden = false;
    $("counts").textContent = check.summary();
    const { total, rows } = check.rows(MAX_ROWS);
    const body = fresh("results");
    for (const r of rows) {
      const row = body.insertRow();
      row.dataset.testid = "result-row";
      row.className = r.kind;
      cell(row, r.input, note(r.note));
      cell(row, r.verdict);
      cell(row, r.variant);
      cell(row, r.date, note(r.dateNote));
      cell(row, String(r.index));
    }
    $("results-caption").textContent =
      total > MAX_ROWS ? `Results: the first ${MAX_ROWS} of ${total} rows (the downloads have them all)` : "Results";
  }

  async function run() {
    const lines = fileLines ?? linesOf($("names").value);
    if (lines.length > MAX_LINES) {
      throw new FieldError(`${count(lines.length)} lines; the page checks at most ${count(MAX_LINES)} at a time`, "names");
    }
    const ticks = ticked("variants");
    const variants = ticks.join(",");
    const from = $("from").value;
    const to = $("to").value;
    // One string, not a million: copying it to the workers costs the main thread nothing.
    const names = lines.join("\n");
    // The core checks the form; a mistake throws here and the results shown stay.
    const check = new core.CheckRun(names, { from, to, variants });
    shown?.free();
    shown = check;
    history.replaceState(null, "", `#${fragmentOf({ lines, from, to, variants: ticks })}`);
    render(check);
    const job = new Job("Checking", check.days);
    const refresh = throttled(() => render(check));
    let complete = false;
    try {
      if (check.needsScan) {
        const parts = core.splitRange(from, to, pool.size);
        const scans = parts.map((/** @type {{ from: string, to: string }} */ part, /** @type {number} */ i) =>
          pool.run(i, { type: "scan", names, variants, from: part.from, to: part.to }, ({ hits, days }) => {
            check.record(hits);
            check.addDays(days);
            job.advance(days);
            refresh();
          }),
        );
        await Promise.all(scans);
      } else {
        check.addDays(check.days);
      }
      complete = true;
    } catch (e) {
      // One failed worker stops the others; what they found stays.
      if (!(e instanceof Cancelled)) pool.cancel();
      throw e;
    } finally {
      job.end();
      check.finish(!complete);
      render(check);
    }
  }

  submitting("check-form", FIELDS, run);

  $("download-csv").addEventListener("click", () => download([shown.csv()], "text/csv", shown.fileName("csv")));
  $("download-json").addEventListener("click", () => download([shown.json()], "application/json", shown.fileName("json")));

  /** Fills the form from the fragment; whether its check is to run now. */
  function loadFragment() {
    const state = readFragment(location.hash);
    if (state.from !== undefined) $("from").value = state.from;
    if (state.to !== undefined) $("to").value = state.to;
    if (state.variants !== undefined) {
      for (const box of $("variants").querySelectorAll("input[type=checkbox]")) {
        box.checked = fragmentHasVariant(state.variants, box.value);
      }
    }
    if (state.names === undefined) return false;
    $("names").value = state.names;
    fileLines = null;
    let days = 0;
    try {
      days = core.rangeDays($("from").value, $("to").value);
    } catch {
      // The check then runs on a click and names what is wrong.
    }
    return runsOnLoad(linesOf(state.names).length, days);
  }

  setRange("from", "to", core.presets("", today()).days);
  window.addEventListener("hashchange", () => {
    if (loadFragment()) $("check").click();
  });
  return { loadFragment };
}
