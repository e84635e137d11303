// @ts-check
// The status line (loading, progress, errors) and the errors beside the fields.
import { $, throttled } from "./dom.js";
import { Cancelled, fieldOf, messageOf } from "./protocol.js";
import { formatSeconds } from "./units.js";

/**
 * Which element of a view each field the core names stands for: the core's key (`from`,
 * `variants`, `utcOffset`, ...) to the id of the input (or fieldset) beside which the message
 * goes, in an element of id `ID-error`.
 * @typedef {Record<string, string>} Fields
 */

/**
 * Shows an error: beside its field when the core named one this view has, else on the
 * status line. `Cancelled` is no error.
 * @param {unknown} error
 * @param {Fields} [fields]
 */
export function showError(error, fields = {}) {
  if (error instanceof Cancelled) return;
  const field = fieldOf(error);
  const id = field === undefined ? undefined : fields[field];
  const beside = id === undefined ? null : document.getElementById(`${id}-error`);
  const message = messageOf(error);
  if (beside) {
    beside.textContent = message;
    beside.hidden = false;
    document.getElementById(id)?.setAttribute("aria-invalid", "true");
  } else {
    $("error").textContent = message;
    $("error").hidden = false;
  }
}

/** Hides every error, on the status line and beside the fields. */
export function clearErrors() {
  $("error").hidden = true;
  $("error").textContent = "";
  for (const element of document.querySelectorAll(".field-error")) {
    if (!(element instanceof HTMLElement)) continue;
    element.hidden = true;
    element.textContent = "";
    document.getElementById(element.id.replace(/-error$/, ""))?.removeAttribute("aria-invalid");
  }
}

/** The long job under way, if any. */
/** @type {Job | null} */
let current = null;

/** Shows the progress of one long job: how much is done, how long is left. */
export class Job {
  /**
   * @param {string} what
   * @param {number} total
   * @param {(done: number, total: number) => string} [describe]
   */
  constructor(what, total, describe = (done, all) => `${done} of ${all} days`) {
    this.what = what;
    this.describe = describe;
    this.total = total;
    this.done = 0;
    this.started = performance.now();
    current = this;
    $("busy").hidden = false;
    $("progress").max = Math.max(1, total);
    this.refresh = throttled(() => this.show());
    this.show();
  }

  /** @param {number} n */
  advance(n) {
    this.done += n;
    this.refresh();
  }

  show() {
    if (current !== this) return;
    $("progress").value = this.done;
    const elapsed = (performance.now() - this.started) / 1000;
    const left = this.done ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const eta = Number.isFinite(left) ? `, about ${formatSeconds(left)} left` : "";
    $("progress-label").textContent = `${this.what}: ${this.describe(this.done, this.total)}${eta}`;
  }

  end() {
    if (current === this) {
      $("busy").hidden = true;
      current = null;
    }
  }
}

let running = false;
let runs = 0;

/**
 * Runs `run` when `form` is submitted, one run on the page at a time; its errors go beside
 * the `fields` they concern. `body[data-runs]` counts the runs that ended, for tests to wait on.
 * @param {string} form
 * @param {Fields} fields
 * @param {() => Promise<void>} run
 */
export function submitting(form, fields, run) {
  $(form).addEventListener("submit", (/** @type {Event} */ e) => {
    e.preventDefault();
    if (running) return;
    running = true;
    const buttons = document.querySelectorAll("button.primary");
    for (const b of buttons) /** @type {HTMLButtonElement} */ (b).disabled = true;
    clearErrors();
    Promise.resolve()
      .then(run)
      .catch((error) => showError(error, fields))
      .finally(() => {
        running = false;
        for (const b of buttons) /** @type {HTMLButtonElement} */ (b).disabled = false;
        document.body.dataset.runs = String(++runs);
      });
  });
}
