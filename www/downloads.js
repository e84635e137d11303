// @ts-check
// Files the page hands to the browser's downloads. Their contents come from the core.

/**
 * The parts of a list file: `header + texts.join(separator) + footer`, without building the
 * whole string (a Blob takes the parts as they are).
 * @param {{ header: string, separator: string, footer: string }} layout
 * @param {string[]} texts
 * @returns {string[]}
 */
export function listParts({ header, separator, footer }, texts) {
  const parts = [header];
  texts.forEach((text, i) => {
    if (i && separator) parts.push(separator);
    parts.push(text);
  });
  parts.push(footer);
  return parts;
}

/**
 * Saves `parts` as the file `name`.
 * @param {BlobPart[]} parts
 * @param {string} type
 * @param {string} name
 */
export function download(parts, type, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob(parts, { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
