// @ts-check
// The Check view: names checked against the worm's lists over a range of dates. The core's
// `CheckRun`, held by a worker of its own (the keeper), reads and judges the lines, gathers the
// hits the other workers find and writes the table rows, the counts and the files; the page
// splits the days between the workers and shows it all.
import { today } from "./dates.js";
import { $, cell, fresh, note, rowHeader, setRange, throttled, ticked, withDates } from "./dom.js";
import { download } from "./downloads.js";
import { fragmentOf, runsOnLoad } from "./fragment.js";
import { EXPLAINED_ROWS, MAX_LINES, MAX_ROWS, MAX_SHOWN_LINES } from "./limits.js";
import { isCsv, linesOf } from "./lines.js";
import { Cancelled, FieldError } from "./protocol.js";
import { clearErrors, Job, showError, submitting } from "./status.js";
import { count } from "./units.js";

/** @typedef {import("./core.js").Core} Core */
/** @typedef {import("./pool.js").Pool} Pool */

/** The core's fields, to the inputs of this view. */
const FIELDS = { names: "names", from: "from", to: "to", variants: "variants" };

/** @typedef {import("./protocol.js").CheckView} CheckView */
/** @typedef {import("./protocol.js").CheckRow} CheckRow */
/** @typedef {import("./fragment.js").PageState} PageState */

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

  /** The columns' names: each cell's label where narrow screens lay a row out as a block. */
  const labels = [...document.querySelectorAll("[data-testid=results] thead th")].map((th) => th.textContent ?? "");

  /** @param {CheckView} view */
  function render({ summary, total, rows }) {
    $("check-output").hidden = false;
    $("counts").replaceChildren(...withDates(summary));
    const body = fresh("results");
    // A long table says what each miss means in its verdict's details, not in a row of its
    // own: a thousand lines need no thousand sentences, and the page stays quick.
    const explained = rows.length <= EXPLAINED_ROWS;
    rows.forEach((r, i) => {
      const row = body.insertRow();
      row.dataset.testid = "result-row";
      row.className = r.kind;
      const input = rowHeader(row, r.input, note(r.note));
      input.id = `result-${i}`;
      verdictCell(row, r, explained);
      cell(row, r.variant);
      cell(row, r.date, note(r.dateNote)).className = "date";
      cell(row, String(r.index));
      // A hit's variant, date and index (other rows leave them empty).
      if (r.kind === "hit") [...row.cells].forEach((c, k) => k >= 2 && (c.dataset.label = labels[k]));
      const next = nextSteps(r, explained);
      if (next.length === 0) return;
      // What the row means and what to do next, in a row of its own under it.
      row.classList.add("explained");
      const more = body.insertRow();
      more.className = `${r.kind} next`;
      more.dataset.testid = "result-next";
      const td = more.insertCell();
      td.colSpan = labels.length;
      td.headers = input.id;
      td.append(...next);
    });
    $("results-caption").textContent =
      total > MAX_ROWS ? `Results: the first ${MAX_ROWS} of ${total} rows (the downloads have them all)` : "Results";
  }

  /**
   * The verdict in the core's plain words, the analyst's words one click away (unless they
   * say the same); `data-verdict` keeps the analyst's words.
   * @param {HTMLTableRowElement} row
   * @param {CheckRow} r
   * @param {boolean} explained whether the plain sentence has a row of its own
   */
  function verdictCell(row, r, explained) {
    const td = row.insertCell();
    td.dataset.verdict = r.verdict;
    td.className = "verdict";
    const label = r.plain?.label ?? r.verdict;
    if (label === r.verdict) {
      td.textContent = label;
      return;
    }
    const details = document.createElement("details");
    details.dataset.testid = "verdict-details";
    const summary = document.createElement("summary");
    summary.textContent = label;
    const expert = document.createElement("p");
    expert.dataset.testid = "verdict-expert";
    expert.append(...withDates(r.verdict));
    details.append(summary);
    if (!explained && r.plain) details.append(plainSentence(r.plain.sentence));
    details.append(expert);
    td.append(details);
  }

  /**
   * The verdict's plain sentence; a hit's meaning (the core's sentence) with links to the Logs and Protect views filled in
   * with its days; for a name that could be generated but was not found, a button that checks
   * it over the whole era.
   * @param {CheckRow} r
   * @param {boolean} explained whether a miss's plain sentence goes here
   * @returns {Node[]}
   */
  function nextSteps(r, explained) {
    /** @type {Node[]} */
    const nodes = [];
    if (r.plain && (explained || r.kind === "hit")) nodes.push(plainSentence(r.plain.sentence));
    if (r.meaning) {
      const meaning = document.createElement("p");
      meaning.dataset.testid = "result-meaning";
      meaning.append(...withDates(r.meaning));
      nodes.push(meaning);
    }
    if (r.lookups) {
      const { date, slack, from, to } = r.lookups;
      const links = document.createElement("p");
      links.className = "links";
      links.append(
        link("logs", { date, slack: String(slack), variants: r.variant }, "Logs: find the hosts that looked it up"),
        link("protect", { from, to, variants: r.variant }, `Protect: block ${r.variant}'s names of ${from} to ${to}`),
      );
      nodes.push(links);
    }
    if (r.wider) {
      const { from, to } = r.wider;
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.testid = "whole-era";
      button.append(...withDates(`Check ${r.input} over the whole era, ${from} to ${to}`));
      Object.assign(button.dataset, { input: r.input, from, to });
      nodes.push(button);
    }
    return nodes;
  }

  /**
   * Checks `input` alone from `from` to `to`; Back returns to the check before.
   * @param {string} input
   * @param {{ from: string, to: string }} range
   */
  function checkOver(input, range) {
    history.pushState(null, "", location.href);
    $("names").value = input;
    $("names").dispatchEvent(new Event("input", { bubbles: true }));
    setRange("from", "to", range);
    $("check").click();
  }

  // One listener for every row's button: a table of a million lines shows a thousand.
  $("results").closest("table").addEventListener("click", (/** @type {Event} */ e) => {
    const button = e.target instanceof Element ? e.target.closest("[data-testid=whole-era]") : null;
    if (!(button instanceof HTMLElement)) return;
    const { input = "", from = "", to = "" } = button.dataset;
    checkOver(input, { from, to });
  });

  /** @returns {Promise<CheckView>} */
  const view = () => keeper.run(0, { type: "checkView", limit: MAX_ROWS, today: today() });

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
    const variants = ticked("variants").join(",");
    const from = $("from").value;
    const to = $("to").value;
    // One string, not a million: copying it to the workers costs this thread next to nothing.
    const names = fileNames ? fileNames.names : (typed ?? []).join("\n");
    // The core checks the form and reads every line, in the keeper: a mistake throws here,
    // and the keeper still holds the check shown before.
    const { days, needsScan } = await keeper.run(0, { type: "checkOpen", names, from, to, variants });
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

  submitting("check-form", FIELDS, run, "check-output");

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

  /**
   * Whether the check of a fragment (the form already filled in from it) is to run now: it
   * gives names, few enough, over few enough days.
   * @param {PageState} state
   */
  function runsNow({ view, values }) {
    if (view !== "check" || values.names === undefined) return false;
    let days = 0;
    try {
      days = core.rangeDays($("from").value, $("to").value);
    } catch {
      // The check then runs on a click and names what is wrong.
    }
    return runsOnLoad(linesOf(values.names).length, days);
  }

  setRange("from", "to", core.presets("", today()).days);
  return { runsNow };
}

/**
 * A verdict's plain sentence.
 * @param {string} sentence
 */
function plainSentence(sentence) {
  const p = document.createElement("p");
  p.dataset.testid = "result-plain";
  p.append(...withDates(sentence));
  return p;
}

/**
 * A link to `view` with `values` in its form.
 * @param {import("./fragment.js").View} view
 * @param {Record<string, string>} values
 * @param {string} text
 */
function link(view, values, text) {
  const a = document.createElement("a");
  a.href = `#${fragmentOf({ view, values })}`;
  a.dataset.testid = `to-${view}`;
  a.append(...withDates(text));
  return a;
}
