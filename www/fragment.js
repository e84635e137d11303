// @ts-check
// The view shown and its form live in the URL fragment, which browsers never send to a server:
// `#from=...&to=...&variants=ABC&names=...` for the Check view (the page's first, so without
// `view=`), `#view=protect&from=...&to=...&variants=B&format=...` for the others. A reload, or a
// link such as a hit's "block these days", opens that view filled in.
import { AUTO_RUN_DAYS, AUTO_RUN_LINES } from "./limits.js";
import { linesOf } from "./lines.js";

/**
 * Each view's fields in the fragment: the key to the input's id. A fieldset of checkboxes
 * stands for its ticked values ("AB"); files are never in the fragment.
 */
export const VIEWS = {
  check: { from: "from", to: "to", variants: "variants", names: "names" },
  generate: { variant: "generate-variant", from: "generate-from", to: "generate-to", suffix: "generate-suffix", format: "generate-format" },
  protect: { from: "protect-from", to: "protect-to", variants: "protect-variants", format: "protect-format", sinkhole: "protect-sinkhole" },
  logs: {
    format: "log-format",
    slack: "log-slack",
    offset: "log-offset",
    minNames: "log-min-names",
    date: "log-date",
    year: "log-year",
    variants: "log-variants",
  },
  about: {},
};

/**
 * @typedef {keyof typeof VIEWS} View
 * @typedef {{ view: View, values: Record<string, string> }} PageState
 */

/**
 * Whether `view` names one of the page's views.
 * @param {string | null} view
 * @returns {view is View}
 */
export function isView(view) {
  return view !== null && Object.hasOwn(VIEWS, view);
}

/**
 * The fragment (without "#") of a view and its fields, in the view's order; the names only
 * when there are some and few enough to run on load (a file's many are never written).
 * @param {PageState} state
 */
export function fragmentOf({ view, values }) {
  const fragment = new URLSearchParams();
  if (view !== "check") fragment.set("view", view);
  for (const key of Object.keys(VIEWS[view])) {
    const value = values[key];
    if (value === undefined) continue;
    if (key === "names" && !(linesOf(value).length > 0 && linesOf(value).length <= AUTO_RUN_LINES)) continue;
    fragment.set(key, value);
  }
  return fragment.toString();
}

/**
 * What a fragment says: its view (the Check view when it names none it knows) and those of
 * the view's fields it gives.
 * @param {string} hash `location.hash`, with or without its "#"
 * @returns {PageState}
 */
export function readFragment(hash) {
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  const asked = fragment.get("view");
  const view = isView(asked) ? asked : "check";
  /** @type {Record<string, string>} */
  const values = {};
  for (const key of Object.keys(VIEWS[view])) {
    const value = fragment.get(key);
    if (value !== null) values[key] = value;
  }
  return { view, values };
}

/**
 * Whether the variant `letter` is among a fragment's `variants` ("ABC", "a,b", ...).
 * @param {string} variants
 * @param {string} letter
 */
export function fragmentHasVariant(variants, letter) {
  return variants.toUpperCase().includes(letter.toUpperCase());
}

/**
 * Whether a linked check is small enough to run as the page opens.
 * @param {number} lines
 * @param {number} days
 */
export function runsOnLoad(lines, days) {
  return lines > 0 && lines <= AUTO_RUN_LINES && days > 0 && days <= AUTO_RUN_DAYS;
}
