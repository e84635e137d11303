// @ts-check
// The page's clock. The core has none in the browser, so the page hands it today's UTC date
// (and year); every rule about dates (presets, ranges, days) is the core's.

/**
 * Today's UTC date, YYYY-MM-DD.
 * @param {Date} [now]
 */
export function today(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/**
 * This UTC year, as the Logs view's year of log lines that give none.
 * @param {Date} [now]
 */
export function thisYear(now = new Date()) {
  return String(now.getUTCFullYear());
}
