// @ts-check
// The Generate view: the worm's lists of one variant over a range of dates, a day per
// message from the workers, in the format chosen before generating; the core writes each
// day's text and the file's header, separator and footer.
import { today } from "./dates.js";
import { $, cell, fresh, rowHeader, setRange } from "./dom.js";
import { download, listParts } from "./downloads.js";
import { MAX_NAMES, MAX_ROWS } from "./limits.js";
import { Cancelled } from "./protocol.js";
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
  /** @type {{ variant: string, from: string, to: string, format: string, layout: any, days: DayText[], daysTotal: number, cancelled: boolean } | null} */
  let generated = null;

  async function run() {
    const variant = $("generate-variant").value;
    const format = $("generate-format").value;
    const suffixes = $("generate-suffix").value;
    const from = $("generate-from").value;
    const to = $("generate-to").value;
    const layout = core.listLayout(format);
    const days = core.rangeDays(from, to);
    const names = core.namesIn(from, to, variant);
    if (names > MAX_NAMES) {
      throw new Error(
        `${days} days of ${variant} are ${count(names)} names; the page generates at most ${count(MAX_NAMES)} at a time: choose fewer days, or use the command-line tool`,
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
          pool.run(i, { type: "generate", variant, from: part.from, to: part.to, suffixes, format }, ({ day }) => {
            lists[i].push(day);
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
    generated = { variant, from, to, format, layout, days: lists.flat(), daysTotal: days, cancelled };
    render(generated);
  }

  /** @param {NonNullable<typeof generated>} g */
  function render(g) {
    $("generate-output").hidden = false;
    const names = g.days.reduce((n, d) => n + d.names, 0);
    const state = g.cancelled ? ` Cancelled: ${g.days.length} of ${g.daysTotal} days were generated.` : "";
    $("generate-count").textContent = `${count(names)} names of ${g.variant} in ${g.days.length} day lists, ${g.from} to ${g.to}.${state}`;
    const body = fresh("digest");
    for (const d of g.days.slice(0, MAX_ROWS)) {
      const row = body.insertRow();
      rowHeader(row, d.date).className = "date";
      cell(row, d.variant);
      cell(row, d.md5).className = "md5";
    }
  }

  submitting("generate-form", FIELDS, run);

  $("download").addEventListener("click", () => {
    if (!generated) return;
    const { layout, days, variant, from, to, format } = generated;
    download(listParts(layout, days.map((d) => d.text)), layout.type, core.listFileName(variant, from, to, format));
  });

  setRange("generate-from", "generate-to", { from: today(), to: today() });
}
