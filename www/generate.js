// @ts-check
// The Generate view: the worm's lists of the variants ticked over a range of dates, a day per
// message from the workers, in the format chosen before generating; the core writes each
// day's text and the file's header, separator and footer. The first names are listed on the
// page, to read and copy; the whole file is a download.
import { today } from "./dates.js";
import { $, cell, fresh, rowHeader, setRange, ticked, withDates } from "./dom.js";
import { download, listParts } from "./downloads.js";
import { MAX_NAMES, MAX_ROWS, MAX_SHOWN_NAMES } from "./limits.js";
import { Cancelled, FieldError } from "./protocol.js";
import { Job, submitting } from "./status.js";
import { count } from "./units.js";

/** @typedef {import("./core.js").Core} Core */
/** @typedef {import("./pool.js").Pool} Pool */
/** @typedef {import("./protocol.js").DayText} DayText */

const FIELDS = {
  variant: "generate-variant",
  variants: "generate-variant",
  from: "generate-from",
  to: "generate-to",
  suffixes: "generate-suffix",
  format: "generate-format",
};

/**
 * @param {Core} core
 * @param {Pool} pool
 */
export function setupGenerate(core, pool) {
  /** @type {{ variants: string, from: string, to: string, format: string, layout: any, days: DayText[], daysTotal: number, cancelled: boolean } | null} */
  let generated = null;

  for (const button of document.querySelectorAll("[data-generate-preset]")) {
    button.addEventListener("click", () => {
      const preset = /** @type {HTMLElement} */ (button).dataset.generatePreset ?? "today";
      const range = preset === "today" ? core.around(today(), 0) : core.presets($("generate-from").value, today())[preset];
      setRange("generate-from", "generate-to", range);
    });
  }

  async function run() {
    // Whatever was generated before goes: a refused range offers no stale download.
    generated = null;
    $("generate-output").hidden = true;
    const variants = ticked("generate-variant").join(",");
    const format = $("generate-format").value;
    const suffixes = $("generate-suffix").value;
    const from = $("generate-from").value;
    const to = $("generate-to").value;
    const layout = core.listLayout(format);
    const days = core.rangeDays(from, to);
    const names = core.namesIn(from, to, variants);
    if (names > MAX_NAMES) {
      throw new FieldError(
        `${count(days)} days of ${variants.replaceAll(",", ", ")} are ${count(names)} names; the page generates at most ${count(MAX_NAMES)} at a time: choose fewer days, or use the command-line tool`,
        "to",
      );
    }
    const job = new Job("Generating", days);
    const parts = core.splitRange(from, to, pool.size);
    /** @type {DayText[][]} */
    const lists = parts.map(() => []);
    let cancelled = false;
    try {
      await Promise.all(
        parts.map((/** @type {{ from: string, to: string }} */ part, /** @type {number} */ i) =>
          pool.run(i, { type: "generate", variants, from: part.from, to: part.to, suffixes, format }, ({ days }) => {
            lists[i].push(...days);
            job.advance(1);
          }),
        ),
      );
    } catch (e) {
      if (!(e instanceof Cancelled)) {
        pool.cancel();
        throw e;
      }
      cancelled = true;
    } finally {
      job.end();
    }
    generated = { variants, from, to, format, layout, days: lists.flat(), daysTotal: days, cancelled };
    render(generated);
  }

  /** @param {NonNullable<typeof generated>} g */
  function render(g) {
    $("generate-output").hidden = false;
    $("copied").textContent = "";
    const names = g.days.reduce((n, d) => n + d.names, 0);
    const dates = new Set(g.days.map((d) => d.date)).size;
    const state = g.cancelled ? ` Cancelled: ${count(dates)} of ${count(g.daysTotal)} days were generated.` : "";
    $("generate-count").replaceChildren(
      ...withDates(`${count(names)} names of ${g.variants.replaceAll(",", ", ")} in ${count(g.days.length)} day lists, ${g.from} to ${g.to}.${state}`),
    );
    const list = fresh("generate-names");
    list.className = "names";
    const shown = firstNames(g.days, MAX_SHOWN_NAMES);
    for (const name of shown) {
      const item = document.createElement("li");
      item.textContent = name;
      list.append(item);
    }
    $("generate-names-caption").textContent =
      names > shown.length
        ? `The first ${count(shown.length)} of ${count(names)} names (Copy and Download have them all)`
        : `The ${count(names)} names`;
    const body = fresh("digest");
    for (const d of g.days.slice(0, MAX_ROWS)) {
      const row = body.insertRow();
      rowHeader(row, d.date).className = "date";
      cell(row, d.variant);
      cell(row, d.md5).className = "md5";
    }
  }

  submitting("generate-form", FIELDS, run, "generate-output");

  $("download").addEventListener("click", () => {
    if (!generated) return;
    const { layout, days, variants, from, to, format } = generated;
    download(listParts(layout, days.map((d) => d.text)), layout.type, core.listFileName(variants, from, to, format));
  });

  // The names only, one per line, whatever the download's format. The clipboard is the
  // browser's: nothing leaves the page.
  $("copy-names").addEventListener("click", async () => {
    if (!generated) return;
    try {
      await navigator.clipboard.writeText(generated.days.map((d) => d.list).join(""));
      $("copied").textContent = "Copied";
    } catch {
      $("copied").textContent = "The browser did not allow copying: select the names and copy them, or download them";
    }
  });

  setRange("generate-from", "generate-to", core.around(today(), 0));
}

/**
 * The first `limit` names of the day lists.
 * @param {DayText[]} days
 * @param {number} limit
 */
function firstNames(days, limit) {
  /** @type {string[]} */
  const names = [];
  for (const d of days) {
    for (const name of d.list.split("\n")) {
      if (names.length >= limit) return names;
      if (name) names.push(name);
    }
  }
  return names;
}
