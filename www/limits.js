// @ts-check
// The page's own limits (the command line has none): what a browser tab holds comfortably.

/** Lines one check takes. */
export const MAX_LINES = 1_000_000;
/** Rows beyond this stay out of a table (the downloads have them all): a million-row table
 * would freeze the page. */
export const MAX_ROWS = 1000;
/** Names Generate or Protect hold in memory until they are downloaded. */
export const MAX_NAMES = 2_000_000;
/** Lines pasted into the box; a longer file is kept aside, not shown. */
export const MAX_SHOWN_LINES = 10_000;
/** A link with at most this many names and days runs its check as the page opens. */
export const AUTO_RUN_LINES = 100;
export const AUTO_RUN_DAYS = 400;
/** Names Generate lists on the page; Copy and Download have them all. */
export const MAX_SHOWN_NAMES = 500;
/** A results table of at most this many rows gives each miss's meaning a row of its own. */
export const EXPLAINED_ROWS = 100;
