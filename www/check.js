// @ts-check
// The Check view: names checked against the worm's lists over a range of dates. The core's
// `CheckRun`, held by a worker of its own (the keeper), reads and judges the lines, gathers the
// hits the other workers find and writes the table rows, the counts and the files; the page
// splits the days between the workers and shows it all.
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

/** @typedef {import("./protocol.js").CheckView} CheckView */

/**
 * @param {Core} core
 * @param {Pool} pool the workers that scan the days; Cancel stops them
 * @param {Pool} keeper one worker holding the check (the core's `CheckRun`) that the page
 *   shows: reading a million lines there leaves this thread free, and Cancel keeps it
 */
export function setupCheck(core, pool, keeper) {
  /** The names of a file too long to show in the box: one string of lines, and their count. */
  /** @type {{ names: string, count: number } | null} */
  let fileNames = null;

  /** @param {File} file */
  async function useFile(file) {
    const lines = linesOf(await file.text(), isCsv(file.name));
    if (lines.length > MAX_LINES) {
      throw new FieldError(`${file.name} has ${count(lines.length)} lines; the page checks at most ${count(MAX_LINES)} at a time`, "names");
    }
    const shownInBox = lines.length <= MAX_SHOWN_LINES;
    // Joined once, here: a check then hands the workers this one string as it is.
    fileNames = shownInBox ? null : { names: lines.join("\n"), count: lines.length };
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
    fileNames = null;
    $("names").placeholder = "jogli.com";
  });

  for (const button of document.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => {
      const preset = /** @type {HTMLElement} */ (button).dataset.preset ?? "days";
      setRange("from", "to", core.presets($("from").value, today())[preset]);
    });
  }

  /** @param {CheckView} view */
  function render({ summary, total, rows }) {
    $("check-output").hidden = false;
    $("counts").textContent = summary;
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

  /** @returns {Promise<CheckView>} */
  const view = () => keeper.run(0, { type: "checkView", limit: MAX_ROWS });

  // At most one view asked for at a time, and at most one a frame.
  /** @type {Promise<void> | null} */
  let viewing = null;
  let again = false;
  const refresh = throttled(function show() {
    if (viewing) {
      again = true;
      return;
    }
    viewing = view()
      .then(render, () => {})
      .finally(() => {
        viewing = null;
        if (again) {
          again = false;
          show();
        }
      });
  });

  async function run() {
    const typed = fileNames ? null : linesOf($("names").value);
    const lines = fileNames ? fileNames.count : typed?.length ?? 0;
    if (lines > MAX_LINES) {
      throw new FieldError(`${count(lines)} lines; the page checks at most ${count(MAX_LINES)} at a time`, "names");
    }
    const ticks = ticked("variants");
    const variants = ticks.join(",");
    const from = $("from").value;
    const to = $("to").value;
    // One string, not a million: copying it to the workers costs this thread next to nothing.
    const names = fileNames ? fileNames.names : (typed ?? []).join("\n");
    // The core checks the form and reads every line, in the keeper: a mistake throws here,
    // and the keeper still holds the check shown before.
    const { days, needsScan } = await keeper.run(0, { type: "checkOpen", names, from, to, variants });
    history.replaceState(null, "", `#${fragmentOf({ lines: typed, from, to, variants: ticks })}`);
    render(await view());
    const job = new Job("Checking", days);
    /** @type {Promise<unknown>[]} */
    const records = [];
    let complete = false;
    try {
      if (needsScan) {
        const parts = core.splitRange(from, to, pool.size);
        const scans = parts.map((/** @type {{ from: string, to: string }} */ part, /** @type {number} */ i) =>
          pool.run(i, { type: "scan", names, variants, from: part.from, to: part.to }, ({ hits, days }) => {
            records.push(keeper.run(0, { type: "checkRecord", hits, days }));
            job.advance(days);
            refresh();
          }),
        );
        await Promise.all(scans);
      } else {
        records.push(keeper.run(0, { type: "checkRecord", hits: null, days }));
      }
      complete = true;
    } catch (e) {
      // One failed worker stops the others; what they found stays.
      if (!(e instanceof Cancelled)) pool.cancel();
      throw e;
    } finally {
      job.end();
      await Promise.allSettled(records);
      await keeper.run(0, { type: "checkFinish", cancelled: !complete });
      render(await view());
    }
  }

  submitting("check-form", FIELDS, run);

  /**
   * Saves the check shown as `format`, the command line's bytes.
   * @param {"csv" | "json"} format
   * @param {string} type
   */
  async function save(format, type) {
    try {
      const { text, fileName } = await keeper.run(0, { type: "checkFile", format });
      download([text], type, fileName);
    } catch (e) {
      showError(e);
    }
  }
  $("download-csv").addEventListener("click", () => save("csv", "text/csv"));
  $("download-json").addEventListener("click", () => save("json", "application/json"));

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
    fileNames = null;
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
