// @ts-check
// The view shown and its form, kept in the URL fragment (fragment.js says how): written as the
// user types, ticks, picks or clicks, read when the page opens and when a link changes it.
import { $, throttled } from "./dom.js";
import { fragmentHasVariant, fragmentOf, isView, readFragment, VIEWS } from "./fragment.js";

/** @typedef {import("./fragment.js").View} View */
/** @typedef {import("./fragment.js").PageState} PageState */

/** The view shown. */
function shownView() {
  const pressed = document.querySelector("nav button[aria-pressed=true]");
  const view = pressed instanceof HTMLElement ? pressed.dataset.view ?? null : null;
  return isView(view) ? view : "check";
}

/** @param {View} name */
export function showView(name) {
  for (const button of document.querySelectorAll("nav button")) {
    const view = /** @type {HTMLElement} */ (button).dataset.view;
    button.setAttribute("aria-pressed", String(view === name));
    $(`view-${view}`).hidden = view !== name;
  }
}

/** Makes the nav buttons show their views. */
export function navigate() {
  for (const button of document.querySelectorAll("nav button")) {
    button.addEventListener("click", () => {
      const view = /** @type {HTMLElement} */ (button).dataset.view ?? null;
      showView(isView(view) ? view : "check");
    });
  }
}

/**
 * The fields of `view` as the fragment writes them.
 * @param {View} view
 */
function valuesOf(view) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const [key, id] of Object.entries(VIEWS[view])) {
    const element = $(id);
    values[key] =
      element instanceof HTMLFieldSetElement
        ? [...element.querySelectorAll("input[type=checkbox]")].filter((c) => c.checked).map((c) => c.value).join("")
        : element.value;
  }
  return values;
}

/**
 * Fills `view`'s fields from `values`; a field left out keeps its value. Each field changed
 * gets an `input` event, as if typed (the Check view then forgets a file's names).
 * @param {PageState} state
 */
function fill({ view, values }) {
  for (const [key, id] of Object.entries(VIEWS[view])) {
    const value = values[key];
    if (value === undefined) continue;
    const element = $(id);
    if (element instanceof HTMLFieldSetElement) {
      for (const box of element.querySelectorAll("input[type=checkbox]")) box.checked = fragmentHasVariant(value, box.value);
    } else if (element.value !== value) {
      element.value = value;
      element.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
}

/** Writes the view shown and its form into the fragment, replacing the history entry. */
export function saveState() {
  const view = shownView();
  const fragment = fragmentOf({ view, values: valuesOf(view) });
  if (location.hash.replace(/^#/, "") !== fragment) history.replaceState(null, "", `#${fragment}`);
}

/**
 * Opens the view of the fragment, filled in; returns what it said.
 * @returns {PageState}
 */
export function loadState() {
  const state = readFragment(location.hash);
  showView(state.view);
  fill(state);
  return state;
}

/**
 * Keeps the fragment up to date from now on, and calls `opened` with what a changed fragment
 * (a link, Back) says once its view is shown and filled in.
 * @param {(state: PageState) => void} opened
 */
export function keepState(opened) {
  // After the event's own handlers (a preset fills the dates on click), once a frame. A link
  // writes the fragment itself, and the hashchange it makes opens it.
  const save = throttled(saveState);
  for (const type of ["input", "change", "click", "submit"]) {
    document.addEventListener(type, (e) => {
      if (!(e.target instanceof Element && e.target.closest("a[href]"))) save();
    });
  }
  window.addEventListener("hashchange", () => opened(loadState()));
}
