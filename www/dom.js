// @ts-check
// Small helpers over the page's elements.

/**
 * The element with `id`; the page has every id the scripts ask for.
 * @param {string} id
 * @returns {any}
 */
export const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
};

/**
 * The values of the ticked checkboxes of the group `id` (a fieldset), in page order.
 * @param {string} id
 * @returns {string[]}
 */
export function ticked(id) {
  return [...$(id).querySelectorAll("input[type=checkbox]")].filter((c) => c.checked).map((c) => c.value);
}

/**
 * Appends a cell of `text` to `row`, with `extra` (a note) after it.
 * @param {HTMLTableRowElement} row
 * @param {string} text
 * @param {Node | null} [extra]
 */
export function cell(row, text, extra) {
  const td = row.insertCell();
  td.textContent = text;
  if (extra) td.append(extra);
  return td;
}

/**
 * `text` as nodes, each date in it (YYYY-MM-DD) in a `<span class="date">` that never breaks:
 * a sentence may wrap between words, never inside a date.
 * @param {string} text
 * @returns {(string | HTMLElement)[]}
 */
export function withDates(text) {
  return text.split(/(\d{4}-\d{2}-\d{2})/).map((part, i) => {
    if (i % 2 === 0) return part;
    const span = document.createElement("span");
    span.className = "date";
    span.textContent = part;
    return span;
  });
}

/**
 * Appends a row header (`<th scope="row">`) of `text` to `row`, with `extra` (a note) after it:
 * a screen reader names each cell of the row by it.
 * @param {HTMLTableRowElement} row
 * @param {string} text
 * @param {Node | null} [extra]
 */
export function rowHeader(row, text, extra) {
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = text;
  if (extra) th.append(extra);
  row.append(th);
  return th;
}

/**
 * A note under a cell's text; null for an empty one.
 * @param {string | null | undefined} text
 */
export function note(text) {
  if (!text) return null;
  const span = document.createElement("span");
  span.className = "note";
  span.textContent = text;
  return span;
}

/**
 * Replaces the element `id` with a fresh, empty one of the same tag, id and data-testid.
 * @param {string} id
 * @returns {any}
 */
export function fresh(id) {
  const old = $(id);
  const element = document.createElement(old.tagName.toLowerCase());
  element.id = id;
  if (old.dataset.testid) element.dataset.testid = old.dataset.testid;
  old.replaceWith(element);
  return element;
}

/**
 * Sets a pair of date inputs.
 * @param {string} fromId
 * @param {string} toId
 * @param {{ from: string, to: string }} range
 */
export function setRange(fromId, toId, { from, to }) {
  $(fromId).value = from;
  $(toId).value = to;
}

/**
 * Calls `f` at most once a frame.
 * @param {() => void} f
 */
export function throttled(f) {
  let frame = 0;
  return () => {
    if (!frame)
      frame = requestAnimationFrame(() => {
        frame = 0;
        f();
      });
  };
}

/**
 * Labels each cell of `row` with its column's name (`data-label`): narrow screens lay a row
 * out as a block of labelled lines (style.css, `.reflow`).
 * @param {HTMLTableRowElement} row
 */
export function labelCells(row) {
  const heads = row.closest("table")?.tHead?.rows[0]?.cells;
  if (!heads) return;
  [...row.cells].forEach((c, k) => {
    const label = heads[k]?.textContent;
    if (label) c.dataset.label = label;
  });
}
