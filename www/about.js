// @ts-check
// The library's facts on the page: the About view's table of variants, the names a day in
// Generate's variants and in the prose (`data-fact="C.perDay"`), and the ranges of the inputs.
// None of them is written in www/: they come from the core's `facts()`.
import { $, cell, rowHeader } from "./dom.js";
import { count } from "./units.js";

/**
 * @typedef {{ letter: string, aliases: string, firstSeen: string, perDay: number, letters: number[], suffixes: string[], validation: string }} VariantFacts
 * @typedef {{ min?: number, max?: number, default?: number }} Limit
 * @typedef {{ name: string, help: string }} FormatFacts
 * @typedef {{ name: string, title: string }} ExportFormatFacts
 * @typedef {{ eraStart: string, firstDate: string, lastDate: string, variants: VariantFacts[], limits: Record<string, Limit | number>, exportFormats: ExportFormatFacts[], logFormats: FormatFacts[] }} Facts
 */

/**
 * The text of a `data-fact` key, "LETTER.key", or undefined for an unknown one.
 * @param {Facts} facts
 * @param {string} key
 */
export function factText(facts, key) {
  const [letter, name] = key.split(".");
  const variant = facts.variants.find((v) => v.letter === letter);
  const value = variant ? /** @type {Record<string, unknown>} */ (variant)[name] : undefined;
  if (typeof value === "number") return count(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join(", ");
  return undefined;
}

/**
 * Sets `min`, `max` and, with `withDefault`, the value of an input from a limit.
 * @param {HTMLInputElement} input
 * @param {Limit} limit
 * @param {boolean} [withDefault]
 */
function limitInput(input, limit, withDefault = true) {
  if (limit.min !== undefined) input.min = String(limit.min);
  if (limit.max !== undefined) input.max = String(limit.max);
  if (withDefault && limit.default !== undefined && input.value === "") input.value = String(limit.default);
}

/** @param {Facts} facts */
export function showFacts(facts) {
  const body = $("about-variants");
  // The columns' names label the cells where narrow screens lay a variant out as a block.
  const labels = [...body.closest("table").querySelectorAll("thead th")].map((th) => th.textContent ?? "");
  for (const v of facts.variants) {
    const row = body.insertRow();
    rowHeader(row, v.letter);
    for (const text of [v.aliases, v.firstSeen, count(v.perDay), v.validation]) cell(row, text);
    [...row.cells].forEach((c, k) => k > 0 && (c.dataset.label = labels[k]));
  }

  for (const label of document.querySelectorAll("[data-variant-label]")) {
    const v = facts.variants.find((x) => x.letter === /** @type {HTMLElement} */ (label).dataset.variantLabel);
    if (v) label.textContent = `${v.letter} (${count(v.perDay)} names a day)`;
  }

  // The log formats the core reads, after the page's "Tell from each file".
  const formats = $("log-format");
  for (const f of facts.logFormats) formats.add(new Option(f.help, f.name));

  for (const element of document.querySelectorAll("[data-fact]")) {
    const text = factText(facts, /** @type {HTMLElement} */ (element).dataset.fact ?? "");
    if (text !== undefined) element.textContent = text;
  }

  const limits = /** @type {Record<string, Limit>} */ (facts.limits);
  limitInput($("log-slack"), limits.slack);
  limitInput($("log-min-names"), limits.minNames);
  // The year's default is this year, from the page's clock (logs.js).
  limitInput($("log-year"), limits.year, false);
}
