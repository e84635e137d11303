// @ts-check
// The names a user gives the check: the lines of the box or of a file. What each line is
// checked as is the core's business.

/**
 * The first field of a CSV line, unquoted.
 * @param {string} line
 */
export function firstCsvField(line) {
  const m = /^\s*"((?:[^"]|"")*)"|^([^,]*)/.exec(line);
  if (!m) return line;
  return m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2];
}

/**
 * The non-blank lines of a text; of a CSV file, the first column.
 * @param {string} text
 * @param {boolean} [csv]
 */
export function linesOf(text, csv = false) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return csv ? lines.map(firstCsvField) : lines;
}

/**
 * Whether a file is read as CSV (its first column) by its name.
 * @param {string} name
 */
export function isCsv(name) {
  return /\.csv$/i.test(name);
}
