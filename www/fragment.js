// @ts-check
// A check lives in the URL fragment (`#names=...&from=...&to=...&variants=ABC`), which browsers
// never send to a server.
import { AUTO_RUN_DAYS, AUTO_RUN_LINES } from "./limits.js";

/**
 * @typedef {{ from?: string, to?: string, variants?: string, names?: string }} FragmentState
 */

/**
 * The fragment (without "#") of a check; the names only when few enough to run on load
 * (`lines` null: a file's, never).
 * @param {{ lines: string[] | null, from: string, to: string, variants: string[] }} check
 */
export function fragmentOf({ lines, from, to, variants }) {
  const state = new URLSearchParams({ from, to, variants: variants.join("") });
  if (lines && lines.length <= AUTO_RUN_LINES) state.set("names", lines.join("\n"));
  return state.toString();
}

/**
 * What a fragment says, each part only when present.
 * @param {string} hash `location.hash`, with or without its "#"
 * @returns {FragmentState}
 */
export function readFragment(hash) {
  const state = new URLSearchParams(hash.replace(/^#/, ""));
  /** @type {FragmentState} */
  const out = {};
  for (const key of /** @type {const} */ (["from", "to", "variants", "names"])) {
    const value = state.get(key);
    if (value !== null) out[key] = value;
  }
  return out;
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
