// The page: reads the form, hands the work to the workers, shows and downloads the answers.
import { Cancelled, Pool, split } from "./pool.js";

const MAX_LINES = 1_000_000;
// Rows beyond this stay out of the table (the downloads have them all): a million-row
// table would freeze the page.
const MAX_ROWS = 1000;
// Each generated name is kept in memory until it is downloaded.
const MAX_GENERATED = 2_000_000;
// A link with at most this many names and days runs its check as the page opens.
const AUTO_RUN_LINES = 100;
const AUTO_RUN_DAYS = 400;
const DAY_MS = 86_400_000;
const ERA_START = "2008-11-21";
const PER_DAY = { A: 250, B: 250, C: 50_000 };
const FIRST_SEEN = { A: "2008-11-21", B: "2008-12-29", C: "2009-04-01" };

const $ = (id) => document.getElementById(id);
const pool = new Pool();

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (date, n) => new Date(Date.parse(date) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

// ---- status: errors and progress ----

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

function formatSeconds(seconds) {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The long job under way, if any: Cancel stops its workers at once. */
let current = null;

/** Shows the progress of one long job: days done, time left. */
class Job {
  constructor(what, total, describe = (done, all) => `${done} of ${all} days`) {
    this.what = what;
    this.describe = describe;
    this.total = total;
    this.done = 0;
    this.started = performance.now();
    current = this;
    $("busy").hidden = false;
    $("progress").max = total;
    this.refresh = throttled(() => this.show());
    this.show();
  }

  advance(days) {
    this.done += days;
    this.refresh();
  }

  show() {
    if (current !== this) return;
    $("progress").value = this.done;
    const elapsed = (performance.now() - this.started) / 1000;
    const left = this.done ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const eta = Number.isFinite(left) ? `, about ${formatSeconds(left)} left` : "";
    $("progress-label").textContent = `${this.what}: ${this.describe(this.done, this.total)}${eta}`;
  }

  end() {
    $("busy").hidden = true;
    current = null;
  }
}

$("cancel").addEventListener("click", () => {
  if (current) pool.cancel();
});

// ---- views ----

function showView(name) {
  for (const button of document.querySelectorAll("nav button")) {
    const on = button.dataset.view === name;
    button.setAttribute("aria-pressed", String(on));
    $(`view-${button.dataset.view}`).hidden = !on;
  }
}

for (const button of document.querySelectorAll("nav button")) {
  button.addEventListener("click", () => showView(button.dataset.view));
}

// ---- check: input ----

let fileLines = null;

function firstCsvField(line) {
  const m = /^\s*"((?:[^"]|"")*)"|^([^,]*)/.exec(line);
  return m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2];
}

/** Non-blank lines of a text; a CSV file's first column. */
function linesOf(text, csv = false) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return csv ? lines.map(firstCsvField) : lines;
}

async function useFile(file) {
  const lines = linesOf(await file.text(), /\.csv$/i.test(file.name));
  if (lines.length > MAX_LINES) {
    throw new Error(`${file.name} has ${lines.length.toLocaleString("en")} lines; the page checks at most 1,000,000 at a time`);
  }
  fileLines = lines;
  $("names").value = lines.length <= 10_000 ? lines.join("\n") : "";
  $("names").placeholder = `${lines.length.toLocaleString("en")} lines from ${file.name}`;
  if (lines.length <= 10_000) fileLines = null;
}

$("names-file").addEventListener("change", () => {
  const file = $("names-file").files[0];
  if (file) useFile(file).then(clearError, (e) => showError(e.message));
});
$("names").addEventListener("dragover", (e) => e.preventDefault());
$("names").addEventListener("drop", (e) => {
  const file = e.dataTransfer.files[0];
  if (!file) return;
  e.preventDefault();
  useFile(file).then(clearError, (err) => showError(err.message));
});
$("names").addEventListener("input", () => {
  fileLines = null;
  $("names").placeholder = "jogli.com";
});

function checkedVariants() {
  return ["A", "B", "C"].filter((v) => $(`variant-${v}`).checked);
}

function setRange(fromInput, toInput, from, to) {
  $(fromInput).value = from;
  $(toInput).value = to;
}

const presets = {
  days: () => [addDays(today(), -2), addDays(today(), 2)],
  month: (from) => {
    const [y, m] = from.split("-").map(Number);
    return [`${from.slice(0, 7)}-01`, new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)];
  },
  year: (from) => [`${from.slice(0, 4)}-01-01`, `${from.slice(0, 4)}-12-31`],
  era: () => {
    const t = new Date();
    t.setUTCFullYear(t.getUTCFullYear() + 1);
    return [ERA_START, t.toISOString().slice(0, 10)];
  },
};

for (const button of document.querySelectorAll("[data-preset]")) {
  button.addEventListener("click", () => {
    const from = $("from").value || today();
    setRange("from", "to", ...presets[button.dataset.preset](from));
  });
}

function readDates(fromInput, toInput) {
  const from = $(fromInput).value;
  const to = $(toInput).value;
  if (!from) throw new Error("The From date is missing or incomplete: use YYYY-MM-DD");
  if (!to) throw new Error("The To date is missing or incomplete: use YYYY-MM-DD");
  return { from, to };
}

// ---- check: run ----

let report = null;

async function runCheck() {
  const lines = fileLines ?? linesOf($("names").value);
  if (lines.length === 0) throw new Error("No names to check: paste names, one per line, or choose a file");
  if (lines.length > MAX_LINES) {
    throw new Error(`${lines.length.toLocaleString("en")} lines; the page checks at most 1,000,000 at a time`);
  }
  const variants = checkedVariants();
  if (variants.length === 0) throw new Error("No variant chosen: tick at least one of A, B and C");
  const { from, to } = readDates("from", "to");
  const days = await pool.run(0, "days", { from, to });
  // One string, not a million: copying it to the workers costs the main thread nothing.
  const names = lines.join("\n");
  const job = new Job("Checking", days);
  const hits = new Map();
  let mine = null;
  try {
    const { possible, details } = await pool.run(0, "verdicts", { names, variants: variants.join(",") });
    saveFragment(lines, from, to, variants);
    mine = report = { from, to, variants, lines, possible, details: new Map(details.map((d) => [d.line, d])), hits, daysDone: 0, daysTotal: days, running: true, cancelled: false };
    const refresh = throttled(() => renderResults(mine));
    refresh();
    if (possible.includes(1)) {
      await Promise.all(
        split(days, pool.size).map((run, i) =>
          pool.run(i, "scan", { names, variants: variants.join(","), from: addDays(from, run.start), days: run.days }, ({ hits: found, days: n }) => {
            for (const { line, ...hit } of found) {
              if (hits.has(line)) hits.get(line).push(hit);
              else hits.set(line, [hit]);
            }
            mine.daysDone += n;
            job.advance(n);
            if (found.length) refresh();
          }),
        ),
      );
    } else {
      mine.daysDone = days;
    }
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    if (mine) mine.cancelled = true;
  } finally {
    job.end();
    for (const h of hits.values()) h.sort(byDateVariantIndex);
    if (mine) {
      mine.running = false;
      renderResults(mine);
    }
  }
}

function byDateVariantIndex(a, b) {
  return a.date.localeCompare(b.date) || a.variant.localeCompare(b.variant) || a.index - b.index;
}

/** Calls `f` at most once a frame. */
function throttled(f) {
  let frame = 0;
  return () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; f(); });
  };
}

function verdictOf(r, report) {
  if (r.hits.length) return "Conficker name";
  if (!r.possible) return `impossible: ${r.reason}`;
  if (report.running) return "not found so far";
  return report.cancelled ? "not found in the days checked before Cancel" : "not generated in this range";
}

function cell(row, text, extra) {
  const td = row.insertCell();
  td.textContent = text;
  if (extra) td.append(extra);
  return td;
}

function note(text) {
  const span = document.createElement("span");
  span.className = "note";
  span.textContent = text;
  return span;
}

/** Line `i` of a check as the library's result object. */
function resultOf(r, i) {
  const d = r.details.get(i);
  const input = r.lines[i];
  return { input, name: d ? d.name : input, possible: r.possible[i] === 1, reason: d?.reason ?? null, note: d?.note ?? null, hits: r.hits.get(i) ?? [] };
}

function renderResults(r) {
  $("check-output").hidden = false;
  const lines = r.lines.length;
  const hit = r.hits.size;
  const impossible = lines - r.possible.reduce((n, p) => n + p, 0);
  const counted = `${r.daysDone} of ${r.daysTotal} days from ${r.from} to ${r.to}`;
  const state = r.running ? `${counted} checked so far` : r.cancelled ? `Cancelled after ${counted}` : `${counted} checked`;
  $("counts").textContent = `${lines} lines: ${hit} Conficker names, ${lines - hit - impossible} not generated in the days checked, ${impossible} impossible. ${state} (variants ${r.variants.join(", ")}).`;
  const body = document.createElement("tbody");
  body.id = "results";
  let rows = 0;
  for (let i = 0; i < lines && rows < MAX_ROWS; i++) {
    const x = resultOf(r, i);
    for (const h of x.hits.length ? x.hits : [null]) {
      if (rows++ >= MAX_ROWS) break;
      const row = body.insertRow();
      row.dataset.testid = "result-row";
      row.className = h ? "hit" : x.possible ? "miss" : "impossible";
      cell(row, x.input, x.note ? note(x.note) : null);
      cell(row, verdictOf(x, r));
      cell(row, h ? h.variant : "");
      cell(row, h ? h.date : "", h?.beforeFirstSeen ? note(`before ${h.variant} was first seen (${FIRST_SEEN[h.variant]})`) : null);
      cell(row, h ? String(h.index) : "");
    }
  }
  $("results").replaceWith(body);
  let total = lines;
  for (const h of r.hits.values()) total += h.length - 1;
  $("results-caption").textContent = total > MAX_ROWS
    ? `Results: the first ${MAX_ROWS} of ${total} rows (the downloads have them all)`
    : "Results";
}

// ---- links: the check lives in the fragment, which never reaches a server ----

function saveFragment(lines, from, to, variants) {
  const state = new URLSearchParams({ from, to, variants: variants.join("") });
  if (lines.length <= AUTO_RUN_LINES) state.set("names", lines.join("\n"));
  history.replaceState(null, "", `#${state}`);
}

function loadFragment() {
  const state = new URLSearchParams(location.hash.slice(1));
  if (state.has("from")) $("from").value = state.get("from");
  if (state.has("to")) $("to").value = state.get("to");
  if (state.has("variants")) {
    for (const v of ["A", "B", "C"]) $(`variant-${v}`).checked = state.get("variants").toUpperCase().includes(v);
  }
  if (!state.has("names")) return false;
  $("names").value = state.get("names");
  fileLines = null;
  const lines = linesOf($("names").value).length;
  const days = daysBetween($("from").value, $("to").value);
  return lines <= AUTO_RUN_LINES && days > 0 && days <= AUTO_RUN_DAYS;
}

// ---- check: downloads ----

function csvField(value) {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function download(parts, type, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob(parts, { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

$("download-csv").addEventListener("click", () => {
  const parts = ["input,name,verdict,variant,date,index,before_first_seen,reason,note\n"];
  for (let i = 0; i < report.lines.length; i++) {
    const x = resultOf(report, i);
    for (const h of x.hits.length ? x.hits : [null]) {
      const fields = [x.input, x.name, verdictOf(x, report), h?.variant, h?.date, h?.index, h ? h.beforeFirstSeen : "", x.reason, x.note];
      parts.push(fields.map(csvField).join(",") + "\n");
    }
  }
  download(parts, "text/csv", `conficker-check-${report.from}_${report.to}.csv`);
});

$("download-json").addEventListener("click", () => {
  const { from, to, variants, daysDone, daysTotal, cancelled } = report;
  const results = report.lines.map((_, i) => resultOf(report, i));
  const json = { from, to, variants, daysDone, daysTotal, cancelled, results };
  download([JSON.stringify(json, null, 1), "\n"], "application/json", `conficker-check-${report.from}_${report.to}.json`);
});

// ---- generate ----

let generated = null;

async function runGenerate() {
  const variant = $("generate-variant").value;
  const suffixes = $("generate-suffix").value;
  const { from, to } = readDates("generate-from", "generate-to");
  const days = await pool.run(0, "days", { from, to });
  if (days * PER_DAY[variant] > MAX_GENERATED) {
    throw new Error(`${days} days of ${variant} are ${(days * PER_DAY[variant]).toLocaleString("en")} names; the page generates at most ${MAX_GENERATED.toLocaleString("en")} at a time: choose fewer days, or use the command-line tool`);
  }
  const job = new Job("Generating", days);
  const runs = split(days, pool.size);
  const parts = runs.map(() => []);
  let cancelled = false;
  try {
    await Promise.all(
      runs.map((run, i) =>
        pool.run(i, "generate", { variant, suffixes, from: addDays(from, run.start), days: run.days }, ({ day }) => {
          parts[i].push(day);
          job.advance(1);
        }),
      ),
    );
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    cancelled = true;
  } finally {
    job.end();
  }
  generated = { variant, from, to, days: parts.flat(), daysTotal: days, cancelled };
  renderGenerated(generated);
}

function renderGenerated(g) {
  $("generate-output").hidden = false;
  const names = g.days.reduce((n, d) => n + d.domains.length, 0);
  const state = g.cancelled ? ` Cancelled: ${g.days.length} of ${g.daysTotal} days were generated.` : "";
  $("generate-count").textContent = `${names.toLocaleString("en")} names of ${g.variant} in ${g.days.length} day lists, ${g.from} to ${g.to}.${state}`;
  const body = document.createElement("tbody");
  body.id = "digest";
  for (const d of g.days.slice(0, MAX_ROWS)) {
    const row = body.insertRow();
    cell(row, d.date);
    cell(row, d.variant);
    cell(row, d.md5).className = "md5";
  }
  $("digest").replaceWith(body);
}

// The same layouts as the command line's ListWriter (src/lists.rs).
const formats = {
  text: { type: "text/plain", ext: "txt", parts: (days) => days.map((d) => d.domains.map((x) => `${x.domain}\n`).join("")) },
  csv: {
    type: "text/csv",
    ext: "csv",
    parts: (days) => ["date,variant,index,domain\n", ...days.map((d) => d.domains.map((x) => `${d.date},${d.variant},${x.index},${x.domain}\n`).join(""))],
  },
  json: { type: "application/json", ext: "json", parts: (days) => ["[", ...days.map((d, i) => `${i ? "," : ""}\n${JSON.stringify(d)}`), "\n]\n"] },
};

$("download").addEventListener("click", () => {
  const f = formats[$("generate-format").value];
  const range = generated.from === generated.to ? generated.from : `${generated.from}_${generated.to}`;
  download(f.parts(generated.days), f.type, `conficker-${generated.variant}-${range}.${f.ext}`);
});

// ---- protect: a resolver's blocklist ----

// The export holds every name and its file in memory at once.
const MAX_EXPORTED = 2_000_000;

let exported = null;

for (const button of document.querySelectorAll("[data-protect-window]")) {
  button.addEventListener("click", () => {
    const n = Number(button.dataset.protectWindow);
    setRange("protect-from", "protect-to", addDays(today(), -n), addDays(today(), n));
  });
}

async function runProtect() {
  $("protect-output").hidden = true;
  const variants = ["A", "B", "C"].filter((v) => $(`protect-variant-${v}`).checked);
  if (variants.length === 0) throw new Error("No variant chosen: tick at least one of A, B and C");
  const { from, to } = readDates("protect-from", "protect-to");
  const days = await pool.run(0, "days", { from, to });
  const names = days * variants.reduce((n, v) => n + PER_DAY[v], 0);
  if (names > MAX_EXPORTED) {
    throw new Error(`${days} days of ${variants.join(", ")} are ${names.toLocaleString("en")} names; the page exports at most ${MAX_EXPORTED.toLocaleString("en")} at a time: choose fewer days, or use the command-line tool`);
  }
  const file = $("protect-allow").files[0];
  const allow = file ? await file.text() : "";
  const format = $("protect-format").value;
  const sinkhole = $("protect-sinkhole").value;
  const job = new Job("Making the file", days);
  try {
    exported = await pool.run(0, "export", { from, to, format, variants: variants.join(","), sinkhole, allow });
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    return;
  } finally {
    job.end();
  }
  const kept = file ? ` Generated names kept out by ${file.name}: ${exported.keptOut.toLocaleString("en")}.` : "";
  $("protect-summary").textContent = `${exported.names.toLocaleString("en")} names of ${variants.join(", ")}, ${from} to ${to}, in ${exported.fileName}; MD5 of the name list ${exported.md5}.${kept}`;
  $("protect-output").hidden = false;
}

$("protect-download").addEventListener("click", () => {
  download([exported.text], "text/plain", exported.fileName);
});

// ---- logs: find the hosts that looked up Conficker names ----

const KB = 1024;
const MB = KB * KB;
let logFiles = [];
let logReport = null;

function byteCount(n) {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / KB)} KB`;
}

function chooseLogs(files) {
  logFiles = [...files];
  const total = logFiles.reduce((n, f) => n + f.size, 0);
  $("log-chosen").textContent = logFiles.length
    ? `${logFiles.map((f) => f.name).join(", ")} (${byteCount(total)})`
    : "";
  if (logFiles.length) $("scan-logs").click();
}

$("log-files").addEventListener("change", () => chooseLogs($("log-files").files));
$("log-drop").addEventListener("dragover", (e) => {
  e.preventDefault();
  $("log-drop").classList.add("over");
});
$("log-drop").addEventListener("dragleave", () => $("log-drop").classList.remove("over"));
$("log-drop").addEventListener("drop", (e) => {
  e.preventDefault();
  $("log-drop").classList.remove("over");
  if (e.dataTransfer.files.length) chooseLogs(e.dataTransfer.files);
});

/** `+01:00`, `-0530`, `+2` or `Z` to minutes east of UTC. */
function offsetMinutes(text) {
  const t = text.trim();
  if (/^(z|utc)?$/i.test(t)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (!m || Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) {
    throw new Error(`"${text}" is not a UTC offset: use +HH:MM or -HH:MM (e.g. +01:00)`);
  }
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

async function runLogScan() {
  if (logFiles.length === 0) throw new Error("No log chosen: drop DNS log files on the box above, or choose them");
  const variants = ["A", "B", "C"].filter((v) => $(`log-variant-${v}`).checked);
  if (variants.length === 0) throw new Error("No variant chosen: tick at least one of A, B and C");
  const options = {
    format: $("log-format").value,
    slack: Number($("log-slack").value),
    variants: variants.join(","),
    utcOffsetMinutes: offsetMinutes($("log-offset").value),
    minNames: Number($("log-min-names").value || 1),
    date: $("log-date").value,
  };
  const total = logFiles.reduce((n, f) => n + f.size, 0);
  const job = new Job("Scanning", total, (done, all) => `${byteCount(done)} of ${byteCount(all)}`);
  let partial = null;
  try {
    logReport = await pool.run(0, "scanLogs", { files: logFiles, options }, ({ bytes, report }) => {
      job.advance(bytes);
      if (report) renderLogReport((partial = report));
    });
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    // The worker was stopped: what it reported last stands, marked as partial.
    logReport = partial && { ...partial, stopped: true };
  } finally {
    job.end();
  }
  if (logReport) renderLogReport(logReport);
}

function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function renderLogReport(r) {
  $("logs-output").hidden = false;
  const lines = r.sources.reduce((n, s) => n + s.lines, 0);
  const queries = r.sources.reduce((n, s) => n + s.queries, 0);
  const lookups = r.days.reduce((n, d) => n + d.lookups, 0);
  const clients = r.clients.length + r.clientsBelowMinNames;
  const hidden = r.clientsBelowMinNames
    ? ` ${plural(r.clientsBelowMinNames, "client")} with fewer than ${plural(r.minNames, "distinct name")} not listed.`
    : "";
  const stopped = r.stopped ? " Cancelled: this covers what was read before." : "";
  $("log-counts").textContent = `${plural(lines, "line")}, ${plural(queries, "query", "queries")}, ${plural(lookups, "Conficker lookup")} by ${plural(clients, "client")} (variants ${r.variants}, lists of the query date ± ${r.slackDays} days).${hidden}${stopped}`;

  const body = document.createElement("tbody");
  body.id = "clients";
  for (const c of r.clients.slice(0, MAX_ROWS)) {
    const row = body.insertRow();
    row.dataset.testid = "client-row";
    row.className = "hit";
    for (const text of [c.client ?? "-", c.variants, c.first ?? "-", c.last ?? "-", String(c.lookups), String(c.distinctNames)]) cell(row, text);
    cell(row, c.examples.map((e) => `${e.name} (${e.variant}, ${e.date}, #${e.index})`).join(", ")).className = "examples";
  }
  $("clients").replaceWith(body);

  const days = document.createElement("tbody");
  days.id = "log-days";
  for (const d of r.days.slice(0, MAX_ROWS)) {
    const row = days.insertRow();
    row.dataset.testid = "log-day-row";
    for (const v of [d.date, d.queries, d.lookups, d.a, d.b, d.c, d.clients]) cell(row, String(v));
  }
  $("log-days").replaceWith(days);
  drawLookupChart(r.days);

  const list = document.createElement("ul");
  list.id = "log-sources";
  list.dataset.testid = "log-sources";
  for (const s of r.sources) {
    const item = document.createElement("li");
    item.textContent = `${s.name} (${s.format ?? "no lines"}${s.gzip ? ", gzip" : ""}): ${plural(s.lines, "line")}, ${plural(s.queries, "query", "queries")}, ${s.other} other, ${s.malformed} malformed, ${s.undated} without a time${s.undated ? " (give the date of lines without a time)" : ""}`;
    for (const m of s.malformedExamples) item.append(note(`line ${m.line} (${m.reason}): ${m.text}`));
    list.append(item);
  }
  $("log-sources").replaceWith(list);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(name, attributes, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Bars of Conficker lookups per day, days without queries left as gaps. */
function drawLookupChart(days) {
  const chart = $("log-chart");
  chart.replaceChildren();
  if (days.length === 0) return;
  const first = Date.parse(days[0].date);
  const span = Math.round((Date.parse(days.at(-1).date) - first) / DAY_MS) + 1;
  const max = Math.max(1, ...days.map((d) => d.lookups));
  const [width, height, left, bottom, top] = [640, 200, 48, 24, 8];
  const slot = (width - left) / span;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.append(
    svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }),
    svg("text", { x: left - 4, y: top + 10, "text-anchor": "end" }, max.toLocaleString("en")),
    svg("text", { x: left - 4, y: height - bottom, "text-anchor": "end" }, "0"),
    svg("text", { x: left, y: height - 6 }, days[0].date),
  );
  if (span > 1) chart.append(svg("text", { x: width, y: height - 6, "text-anchor": "end" }, days.at(-1).date));
  for (const d of days) {
    const x = left + Math.round((Date.parse(d.date) - first) / DAY_MS) * slot;
    const h = ((height - bottom - top) * d.lookups) / max;
    const bar = svg("rect", { x: x + slot * 0.1, y: height - bottom - h, width: Math.max(1, slot * 0.8), height: h, class: "bar", "data-date": d.date });
    bar.append(svg("title", {}, `${d.date}: ${plural(d.lookups, "Conficker lookup")} by ${plural(d.clients, "client")}, of ${plural(d.queries, "query", "queries")}`));
    chart.append(bar);
  }
}

// The same layouts as `conficker-dga scan-log -o csv` (src/cli/scan_log.rs).
$("log-download-csv").addEventListener("click", () => {
  const parts = ["client,variants,first,last,lookups,distinct_names,examples\n"];
  for (const c of logReport.clients) {
    const examples = c.examples.map((e) => `${e.name} ${e.variant} ${e.date} ${e.index}`).join(";");
    parts.push([c.client, c.variants, c.first, c.last, c.lookups, c.distinctNames, examples].map(csvField).join(",") + "\n");
  }
  download(parts, "text/csv", "conficker-clients.csv");
});

$("log-download-days").addEventListener("click", () => {
  const parts = ["date,queries,lookups,a,b,c,clients\n"];
  for (const d of logReport.days) parts.push([d.date, d.queries, d.lookups, d.a, d.b, d.c, d.clients].join(",") + "\n");
  download(parts, "text/csv", "conficker-days.csv");
});

$("log-download-json").addEventListener("click", () => {
  download([JSON.stringify(logReport, null, 1), "\n"], "application/json", "conficker-scan.json");
});

// ---- wiring ----

let running = false;
let runs = 0;

function submitting(form, run) {
  $(form).addEventListener("submit", (e) => {
    e.preventDefault();
    if (running) return;
    running = true;
    for (const b of document.querySelectorAll("button.primary")) b.disabled = true;
    clearError();
    run()
      .catch((err) => showError(err.message))
      .finally(() => {
        running = false;
        for (const b of document.querySelectorAll("button.primary")) b.disabled = false;
        // Counts finished runs, for tests to wait on.
        document.body.dataset.runs = String(++runs);
      });
  });
}

submitting("check-form", runCheck);
submitting("generate-form", runGenerate);
submitting("protect-form", runProtect);
submitting("logs-form", runLogScan);

setRange("from", "to", ...presets.days());
setRange("generate-from", "generate-to", today(), today());
setRange("protect-from", "protect-to", addDays(today(), -3), addDays(today(), 3));
window.addEventListener("hashchange", () => {
  if (loadFragment()) $("check").click();
});

// Loading the generator once here surfaces a broken build at once, not at the first click.
pool
  .run(0, "days", { from: today(), to: today() })
  .then(() => {
    $("loading").hidden = true;
    document.body.dataset.ready = "true";
    if (loadFragment()) $("check").click();
  })
  .catch((e) => {
    $("loading").hidden = true;
    showError(`The generator did not load: ${e.message}`);
  });
