// The page's own pure helpers: its clock, the fragment, the lines of a file, its units, list
// files' parts, the protocol's errors and the facts' texts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { factText } from "../../www/about.js";
import { barSlots } from "../../www/chart.js";
import { thisYear, today } from "../../www/dates.js";
import { listParts } from "../../www/downloads.js";
import { fragmentHasVariant, fragmentOf, isView, readFragment, runsOnLoad, VIEWS } from "../../www/fragment.js";
import { AUTO_RUN_DAYS, AUTO_RUN_LINES } from "../../www/limits.js";
import { firstCsvField, isCsv, linesOf } from "../../www/lines.js";
import { Cancelled, failureError, FieldError, fieldOf, messageOf } from "../../www/protocol.js";
import { byteCount, count, formatSeconds } from "../../www/units.js";

test("today and this year are UTC", () => {
  const late = new Date("2020-12-31T23:30:00-05:00");
  assert.equal(today(late), "2021-01-01");
  assert.equal(thisYear(late), "2021");
});

test("a check's fragment carries its names only when few enough to run on load", () => {
  const check = (names, variants = "AB") => ({ view: /** @type {const} */ ("check"), values: { names, from: "2009-03-01", to: "2009-03-31", variants } });
  const small = fragmentOf(check("jogli.com\nwww.praat.org"));
  assert.equal(small, "from=2009-03-01&to=2009-03-31&variants=AB&names=jogli.com%0Awww.praat.org");
  assert.deepEqual(readFragment(`#${small}`), check("jogli.com\nwww.praat.org"));
  const big = fragmentOf(check(Array(AUTO_RUN_LINES + 1).fill("x.com").join("\n"), "C"));
  assert.equal(readFragment(big).values.names, undefined);
  // A file's names too many for the box leave it empty: no names.
  assert.equal(readFragment(fragmentOf(check("", "B"))).values.names, undefined);
  assert.deepEqual(readFragment(""), { view: "check", values: {} });
});

test("every view's form has its fragment, and a fragment gives only its view's fields", () => {
  const protect = { view: /** @type {const} */ ("protect"), values: { from: "2009-03-06", to: "2009-03-10", variants: "B", format: "bind", sinkhole: "" } };
  const fragment = fragmentOf(protect);
  assert.equal(fragment, "view=protect&from=2009-03-06&to=2009-03-10&variants=B&format=bind&sinkhole=");
  assert.deepEqual(readFragment(fragment), protect);
  assert.deepEqual(readFragment("#view=logs&slack=2&date=2009-03-08&names=x.com&from=2009-01-01"), {
    view: "logs",
    values: { slack: "2", date: "2009-03-08" },
  });
  assert.deepEqual(readFragment("#view=about&from=2009-01-01"), { view: "about", values: {} });
  assert.deepEqual(readFragment("#view=toString&from=2009-01-01"), { view: "check", values: { from: "2009-01-01" } });
  for (const [view, fields] of Object.entries(VIEWS)) {
    const values = Object.fromEntries(Object.keys(fields).map((key) => [key, key === "names" ? "jogli.com" : `${key}-value`]));
    assert.deepEqual(readFragment(fragmentOf({ view: /** @type {any} */ (view), values })), { view, values }, view);
  }
  assert.equal(isView("logs"), true);
  assert.equal(isView("hasOwnProperty"), false);
});

test("which variants a fragment asks for, and whether its check runs on load", () => {
  assert.equal(fragmentHasVariant("ab", "B"), true);
  assert.equal(fragmentHasVariant("A,C", "B"), false);
  assert.equal(runsOnLoad(1, 1), true);
  assert.equal(runsOnLoad(AUTO_RUN_LINES, AUTO_RUN_DAYS), true);
  assert.equal(runsOnLoad(AUTO_RUN_LINES + 1, 1), false);
  assert.equal(runsOnLoad(1, AUTO_RUN_DAYS + 1), false);
  assert.equal(runsOnLoad(0, 1), false);
  assert.equal(runsOnLoad(1, 0), false);
});

test("the lines of a text, and of a CSV file its first column", () => {
  assert.deepEqual(linesOf("jogli.com\r\n\n  \npraat.org\n"), ["jogli.com", "praat.org"]);
  assert.deepEqual(linesOf('domain,seen\n"jogli.com",2009-03-08\n"a,""b""",x\npraat.org\n', true), ["domain", "jogli.com", 'a,"b"', "praat.org"]);
  assert.equal(firstCsvField(",x"), "");
  assert.equal(isCsv("IOCs.CSV"), true);
  assert.equal(isCsv("names.txt"), false);
});

test("progress units", () => {
  assert.equal(formatSeconds(0.2), "1 s");
  assert.equal(formatSeconds(59), "59 s");
  assert.equal(formatSeconds(125.5), "2 min 6 s");
  assert.equal(byteCount(1), "1 KB");
  assert.equal(byteCount(5 * 1024 * 1024 + 1), "5.0 MB");
  assert.equal(count(1_000_000), "1,000,000");
});

test("a list file is header, the days' texts between separators, footer", () => {
  const layout = { header: "[", separator: ",", footer: "\n]\n" };
  assert.equal(listParts(layout, ["\n{a}", "\n{b}"]).join(""), "[\n{a},\n{b}\n]\n");
  assert.equal(listParts({ header: "", separator: "", footer: "" }, ["a\n", "b\n"]).join(""), "a\nb\n");
  assert.equal(listParts(layout, []).join(""), "[\n]\n");
});

test("errors crossing the protocol keep their message and field", () => {
  const e = failureError({ type: "error", id: 1, message: "bad slack", field: "slack", fatal: false });
  assert.ok(e instanceof Error);
  assert.equal(e.message, "bad slack");
  assert.equal(fieldOf(e), "slack");
  assert.equal(fieldOf(failureError({ type: "error", id: 1, message: "m", fatal: true })), undefined);
  assert.equal(fieldOf(Object.assign(new Error("x"), { field: "from" })), "from");
  assert.equal(fieldOf(new FieldError("x", "")), undefined);
  assert.equal(fieldOf("text"), undefined);
  assert.equal(messageOf(new Cancelled()), "cancelled");
  assert.equal(messageOf("plain"), "plain");
});

test("facts by key: numbers as the page writes them", () => {
  const facts = { variants: [{ letter: "C", perDay: 50000, firstSeen: "2009-04-01", suffixes: ["com", "net"] }] };
  assert.equal(factText(facts, "C.perDay"), "50,000");
  assert.equal(factText(facts, "C.firstSeen"), "2009-04-01");
  assert.equal(factText(facts, "C.suffixes"), "com, net");
  assert.equal(factText(facts, "D.perDay"), undefined);
  assert.equal(factText(facts, "C.nothing"), undefined);
});

test("the chart's bars: one slot per day of the span, gaps left empty", () => {
  const daysInRange = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const days = [{ date: "2020-01-01" }, { date: "2020-01-02" }, { date: "2020-01-20" }];
  assert.deepEqual(barSlots(days, daysInRange), { span: 20, slots: [0, 1, 19] });
  assert.deepEqual(barSlots([], daysInRange), { span: 0, slots: [] });
});
