// @ts-check
// The Protect view: the worm's names for chosen days, less an allowlist, as the files of one
// of the core's export formats (a resolver's, a sensor's or a SIEM's). The core lists the
// formats, writes the files and the sentence that sums them up; a worker runs it.
import { today } from "./dates.js";
import { $, setRange, ticked, withDates } from "./dom.js";
import { download } from "./downloads.js";
import { MAX_NAMES } from "./limits.js";
import { Cancelled } from "./protocol.js";
import { Job, submitting } from "./status.js";
import { count } from "./units.js";

/** @typedef {import("./core.js").Core} Core */
/** @typedef {import("./pool.js").Pool} Pool */
/** @typedef {{ name: string, text: string, type: string }} ExportFile */

const FIELDS = {
  from: "protect-from",
  to: "protect-to",
  variants: "protect-variants",
  format: "protect-format",
  sinkhole: "protect-sinkhole",
  allow: "protect-allow",
};

/** Days either side of today when the page opens. */
const WINDOW = 3;

/**
 * @param {Core} core
 * @param {Pool} pool
 */
export function setupProtect(core, pool) {
  const select = $("protect-format");
  for (const { name, title } of core.facts().exportFormats) select.add(new Option(title, name));

  for (const button of document.querySelectorAll("[data-protect-window]")) {
    button.addEventListener("click", () => {
      const days = Number(/** @type {HTMLElement} */ (button).dataset.protectWindow);
      setRange("protect-from", "protect-to", core.around(today(), days));
    });
  }

  async function run() {
    const variants = ticked("protect-variants").join(",");
    const from = $("protect-from").value;
    const to = $("protect-to").value;
    const names = core.namesIn(from, to, variants);
    if (names > MAX_NAMES) {
      const days = core.rangeDays(from, to);
      // Beside the dates, as the core's own bound on an export's days is.
      throw Object.assign(
        new Error(
          `${count(days)} days of ${variants.replaceAll(",", ", ")} are ${count(names)} names; the page exports at most ${count(MAX_NAMES)} at a time: choose fewer days, or use the command-line tool`,
        ),
        { field: "to" },
      );
    }
    /** @type {File | undefined} */
    const file = $("protect-allow").files[0];
    const allow = file ? await file.text() : "";
    const format = $("protect-format").value;
    const sinkhole = $("protect-sinkhole").value;
    const job = new Job("Making the file", core.rangeDays(from, to));
    /** @type {{ files: ExportFile[], summary: string }} */
    let exported;
    try {
      exported = await pool.run(0, { type: "export", from, to, format, variants, sinkhole, allow });
    } catch (e) {
      if (e instanceof Cancelled) return;
      throw e;
    } finally {
      job.end();
    }
    $("protect-summary").replaceChildren(...withDates(exported.summary));
    // A button, and so a click, per file: browsers ask before a second download of one click.
    $("protect-downloads").replaceChildren(...exported.files.map(downloadButton));
    $("protect-output").hidden = false;
  }

  submitting("protect-form", FIELDS, run, "protect-output");

  setRange("protect-from", "protect-to", core.around(today(), WINDOW));
}

/** @param {ExportFile} file */
function downloadButton(file) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.testid = "protect-download";
  // The name's dates never break in half on a narrow screen.
  button.append(...withDates(`Download ${file.name}`));
  button.addEventListener("click", () => download([file.text], file.type, file.name));
  return button;
}
