// Misspelt fields must not compile: each `@ts-expect-error` below makes tsc fail if its error
// disappears, as it would if the module typed these values as `any` again.
import { CheckRun, LogScan, check, dayList, exportNames, facts, networkReport, scanView } from "../../pkg/conficker_dga.js";

export function misspelt(report: ReturnType<LogScan["report"]>): unknown[] {
  return [
    // @ts-expect-error `perDay`
    facts().variants[0].perday,
    // @ts-expect-error `domains`
    dayList("B", "2009-03-08", "").domain,
    // @ts-expect-error `daysDone`
    check("jogli.com", "2009-03-08", "2009-03-08").daysdone,
    // @ts-expect-error `hits`
    check("jogli.com", "2009-03-08", "2009-03-08")[0].hit,
    // @ts-expect-error `variants`
    check("jogli.com", "2009-03-08", "2009-03-08", { variant: "B" }),
    // @ts-expect-error `from` and `to` are required
    new CheckRun("jogli.com", { variants: "B" }),
    // @ts-expect-error `rows`
    new CheckRun("jogli.com", { from: "2009-03-08", to: "2009-03-08" }).rows(10).row,
    // @ts-expect-error `lookups`
    new CheckRun("jogli.com", { from: "2009-03-08", to: "2009-03-08" }).rows(10).rows[0].lookup,
    // @ts-expect-error `sinkhole`
    exportNames("2009-04-01", "2009-04-01", "rpz", { sinkHole: "192.0.2.1" }),
    // @ts-expect-error `fileName`
    exportNames("2009-04-01", "2009-04-01", "rpz").filename,
    // @ts-expect-error `minNames`
    new LogScan({ min_names: 1 }),
    // @ts-expect-error `distinctNames`
    report.clients[0].distinct_names,
    // @ts-expect-error `summary`
    scanView(report).sumary,
    // @ts-expect-error `zipName`
    networkReport(report).zipname,
  ];
}
