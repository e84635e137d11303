// Every export of the npm module, used as a TypeScript program would: `make types` compiles
// this with `tsc --noEmit --strict` against the built package's conficker_dga.d.ts.
import init, {
  CheckRun,
  LogScan,
  Scanner,
  addDays,
  around,
  check,
  dayList,
  dayListText,
  exportFiles,
  exportNames,
  facts,
  generate,
  initSync,
  install_panic_hook,
  listFileName,
  listLayout,
  namesIn,
  networkReport,
  presets,
  rangeDays,
  scanFile,
  scanView,
  splitRange,
  utcOffsetMinutes,
} from "../../pkg/conficker_dga.js";
import type {
  CheckOptions,
  CheckResult,
  CheckRows,
  DateRange,
  DayList,
  DayListText,
  ExportFile,
  ExportOptions,
  ExportResult,
  Facts,
  Hit,
  LineResult,
  ListLayout,
  NetworkReport,
  PartToReadAgain,
  PlannedPart,
  Presets,
  RangeRun,
  ScanFile,
  ScanOptions,
  ScanReport,
  ScanView,
  VariantLetter,
} from "../../pkg/conficker_dga.js";

export async function usage(wasm: Uint8Array, log: Uint8Array, mmdb: Uint8Array): Promise<string[]> {
  await init({ module_or_path: wasm });
  initSync({ module: wasm });
  install_panic_hook();
  const out: string[] = [];

  const known: Facts = facts();
  const c = known.variants.find((v) => v.letter === "C");
  out.push(`${c?.perDay} names a day, ${c?.letters[0]}-${c?.letters[1]} letters; ${c?.validation}`);
  out.push(`slack ${known.limits.slack.min}..${known.limits.slack.max}, ${known.exportFormats.map((f) => f.name).join(" ")}`);
  out.push(known.logFormats.map((f) => `${f.name}: ${f.help}`).join("\n"));

  const ranges: Presets = presets("", "2009-03-08");
  const week: DateRange = around("2009-03-08", 3);
  const runs: RangeRun[] = splitRange(ranges.era.from, ranges.era.to, 4);
  out.push(`${week.from}..${week.to}, ${runs.map((r) => r.days).join("+")} = ${rangeDays(ranges.era.from, ranges.era.to)}`);
  out.push(`${addDays("2009-03-08", -1)} ${namesIn("2009-03-01", "2009-03-31", ["A", "B"])} ${namesIn("2009-03-01", "2009-03-31")}`);
  out.push(String(utcOffsetMinutes("+01:00") + 60));

  const names: string[] = generate("B", "2009-03-08");
  const day: DayList = dayList("C", "2014-11-10", "nl");
  const variant: VariantLetter = day.variant;
  out.push(`${names[100]} ${variant} ${day.md5} ${day.domains.map((d) => `${d.index} ${d.domain}`)[0]}`);
  const text: DayListText = dayListText("B", "2009-03-08", "", "csv");
  const layout: ListLayout = listLayout("csv");
  out.push(layout.header + text.text + layout.footer, `${text.names} names`, layout.type, layout.extension, layout.separator);
  out.push(listFileName("B", "2009-03-01", "2009-03-31", "json"));

  const controller = new AbortController();
  const options: CheckOptions = {
    variants: "B",
    onProgress: (done, total) => out.push(`${done}/${total}`),
    signal: controller.signal,
  };
  const result: CheckResult = check("jogli.com\n# a comment\npraat.org", "2009-03-01", "2009-03-31", options);
  const first: LineResult = result[0];
  const hit: Hit | undefined = first.hits[0];
  out.push(`${first.input} ${first.name ?? "-"} ${first.verdict} ${first.possible} ${first.reason ?? ""} ${first.note ?? ""}`);
  out.push(`${hit?.variant} ${hit?.date} #${hit?.index}${hit?.beforeFirstSeen ? " (before first seen)" : ""}`);
  out.push(`${result.daysDone} of ${result.daysTotal}${result.cancelled ? ", cancelled" : ""}`);
  out.push(String(check(["jogli.com"], "2009-03-08", "2009-03-08").length));

  const run = new CheckRun(["jogli.com", "abc.com"], { from: "2009-03-08", to: "2009-03-08", variants: ["B"] });
  if (run.needsScan) {
    const scanner = new Scanner(["jogli.com", "abc.com"], "B");
    const slice: number = scanner.sliceDays;
    out.push(String(slice));
    const packed: Uint32Array = scanner.scan("2009-03-08", "2009-03-08");
    run.record(packed);
    run.addDays(run.days);
    scanner.free();
  }
  run.finish(false);
  const table: CheckRows = run.rows(100, "2026-12-04");
  out.push(`${table.total}: ${table.rows.map((r) => `${r.kind} ${r.variant} ${r.date} ${r.dateNote} ${r.index} ${r.verdict} ${r.note}`)}`);
  out.push(...table.rows.map((r) => `${r.meaning} ${r.lookups?.date} ${r.lookups?.slack} ${r.lookups?.from} ${r.wider?.to}`));
  out.push(run.summary(), run.sentence(0), run.csv(), run.json(), run.fileName("csv"));
  const again: LineResult[] = run.results();
  out.push(String(again.length));
  run.free();

  const exportOptions: ExportOptions = { variants: ["A", "B", "C"], sinkhole: "192.0.2.1", allow: "# nothing\n" };
  const exported: ExportResult = exportNames("2009-04-01", "2009-04-01", "rpz", exportOptions);
  out.push(`${exported.fileName}: ${exported.names} names, ${exported.keptOut} kept out, ${exported.md5}, ${exported.summary}`);
  const files: ExportFile[] = exportFiles("2009-04-01", "2009-04-01", "suricata-dataset");
  out.push(files.map((f) => `${f.name} ${f.type} ${f.text.length}`).join("\n"), exported.files[0].text, exported.text);

  const scanOptions: ScanOptions = { slack: 2, variants: "A,B,C", format: "auto", utcOffset: "+00:00", year: "2009", date: "2009-03-08", minNames: "1" };
  const scan = new LogScan(scanOptions);
  const head = log.subarray(0, LogScan.headBytes());
  const plan: PlannedPart[] = scan.plan(head, log.length, 2);
  const parts: string[] = [];
  for (const { part, from } of plan) {
    scan.beginPart("dns.log", head, part);
    if (!scan.partDone()) scan.push(log.subarray(from));
    scan.end();
    parts.push(scan.partSoFar(part), scan.takePart(part));
  }
  const reread: PartToReadAgain[] = LogScan.toReadAgain(parts);
  out.push(reread.map((r) => `${r.index} ${r.part}`).join(","));
  const joined: ScanReport = scan.joinParts(parts, false);
  scan.begin("more.log");
  scan.push(log);
  scan.end();
  const report: ScanReport = scan.report();
  scan.free();
  out.push(`${joined.variants} ${joined.slackDays} ${joined.listsGenerated} ${joined.stopped} ${joined.minNames} ${joined.clientsBelowMinNames}`);
  for (const s of report.sources) out.push(`${s.name} ${s.format ?? "?"} ${s.gzip} ${s.lines} ${s.queries} ${s.other} ${s.malformed} ${s.undated} ${s.malformedExamples.map((m) => `${m.line} ${m.reason} ${m.text}`)} ${s.loggingHosts ?? []} ${s.moreLoggingHosts ?? false}`);
  for (const client of report.clients) out.push(`${client.client ?? "?"} ${client.variants} ${client.first}..${client.last} ${client.lookups} ${client.distinctNames} ${client.examples.map((e) => `${e.name} ${e.variant} ${e.date} ${e.index}`)} ${client.processes} ${client.machine?.mac ?? ""}`);
  for (const d of report.days) out.push(`${d.date} ${d.queries} ${d.lookups} ${d.a} ${d.b} ${d.c} ${d.clients}`);

  const view: ScanView = scanView(report);
  out.push(view.summary, ...view.clients.map((c) => `${c.cells.join("|")} ${c.examples} ${c.processes} ${c.machine} ${c.note}`));
  out.push(...view.days.map((d) => d.join("|")), ...view.sources.map((s) => `${s.text} ${s.malformed.join(";")}`));
  const csv: ScanFile = scanFile(report, "clients-csv");
  out.push(`${csv.fileName} ${csv.type} ${csv.text}`);

  const networks: NetworkReport = networkReport(report, { networks: [{ name: "asn.mmdb", bytes: mmdb }], utcOffset: "+00:00", year: 2009 });
  out.push(networks.summary, networks.json, networks.zipName, String(networks.zip.length));
  out.push(...networks.networks.map((n) => `${n.cells.join("|")} ${n.file}`), ...networks.clients.clients.map((c) => c.machine?.hostname ?? ""));
  return out;
}
