// @ts-check
// The status line (loading, progress, errors) and the errors beside the fields. The status
// line sits under the button of the form last submitted, so that the progress, Cancel and a
// message are where the user looks; each answer is then scrolled into view and focused.
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
    const input = document.getElementById(id);
    input?.setAttribute("aria-invalid", "true");
    // A fieldset takes the focus on its first box.
    const target = input instanceof HTMLFieldSetElement ? input.querySelector("input") : input;
    target?.focus({ preventScroll: true });
    beside.scrollIntoView({ block: "nearest" });
  } else {
    $("error").textContent = message;
    $("error").hidden = false;
    $("error").scrollIntoView({ block: "nearest" });
  }
}

/**
 * Hides the error beside the field `id` (an input or a fieldset of boxes).
 * @param {string} id
 */
function clearField(id) {
  const beside = document.getElementById(`${id}-error`);
  if (!beside?.classList.contains("field-error") || beside.hidden) return;
  beside.hidden = true;
  beside.textContent = "";
  document.getElementById(id)?.removeAttribute("aria-invalid");
}

/**
 * Clears each field's error once the user changes the field: a box ticked, a date retyped.
 * The two dates of a range share their errors (a range too long is fixed at either end); so
 * do the inputs of a row.
 */
export function clearErrorsOnFix() {
  for (const type of ["input", "change"]) {
    document.addEventListener(type, (e) => {
      const target = e.target;
      if (!(target instanceof HTMLElement)) return;
      const group = target.closest("fieldset.dates, .row") ?? target.closest("fieldset") ?? target;
      const ids = [target.id, target.closest("fieldset")?.id ?? ""];
      for (const field of group.querySelectorAll("[id]")) ids.push(field.id);
      for (const id of ids) if (id) clearField(id);
    });
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
    // The progress and Cancel in view, Cancel focused: Enter or Escape stops the job.
    $("busy").scrollIntoView({ block: "nearest" });
    $("cancel").focus({ preventScroll: true });
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
 * the `fields` they concern. The status line moves under the form's button. An answer
 * (`output`, when `run` shows it) is scrolled into view and focused. `body[data-runs]` counts
 * the runs that ended, for tests to wait on.
 * @param {string} form
 * @param {Fields} fields
 * @param {() => Promise<void>} run
 * @param {string} output the id of the element `run` shows its answer in
 */
export function submitting(form, fields, run, output) {
  $(form).addEventListener("submit", (/** @type {Event} */ e) => {
    e.preventDefault();
    if (running) return;
    running = true;
    const buttons = document.querySelectorAll("button.primary");
    for (const b of buttons) /** @type {HTMLButtonElement} */ (b).disabled = true;
    clearErrors();
    $(form).querySelector("button[type=submit]")?.after(/** @type {Element} */ (document.querySelector(".status")));
    let failed = false;
    Promise.resolve()
      .then(run)
      .catch((error) => {
        failed = !(error instanceof Cancelled);
        showError(error, fields);
      })
      .finally(() => {
        running = false;
        for (const b of buttons) /** @type {HTMLButtonElement} */ (b).disabled = false;
        const answer = $(output);
        if (!failed && !answer.hidden) {
          answer.scrollIntoView({ block: "start" });
          answer.focus({ preventScroll: true });
        }
        document.body.dataset.runs = String(++runs);
      });
  });
}
