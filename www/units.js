// @ts-check
// Quantities in the page's progress line.

const KB = 1024;
const MB = KB * KB;

/**
 * @param {number} seconds
 */
export function formatSeconds(seconds) {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * @param {number} n bytes
 */
export function byteCount(n) {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / KB)} KB`;
}

/**
 * A number as the page writes counts: 1,000,000.
 * @param {number} n
 */
export function count(n) {
  return n.toLocaleString("en");
}
