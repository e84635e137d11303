// worker.js speaks the protocol of protocol.js: every reply has a type and the request's id.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadWorker, until } from "./helpers.js";

const ready = () => {
  const imports = [];
  const worker = loadWorker({ imports });
  worker.send({ type: "init", glue: "http://x/pkg/conficker_dga_classic.js", wasm: "module" });
  return { ...worker, imports };
};

test("init loads the glue it names; a scan posts progress per slice, then done", async () => {
  const w = ready();
  assert.deepEqual(w.imports, ["http://x/pkg/conficker_dga_classic.js"]);
  w.send({ type: "scan", id: 7, names: "jogli.com", variants: "B", from: "2009-03-01", to: "2009-03-31" });
  await until(() => w.replies.some((r) => r.type === "done"));
  const progress = w.replies.filter((r) => r.type === "progress");
  assert.ok(progress.length >= 1);
  assert.ok(w.replies.every((r) => r.id === 7));
  assert.equal(progress.reduce((n, r) => n + r.days, 0), 31);
  // The first slice holds the days the core asks for; the slices cover the range once, in order.
  assert.equal(progress[0].days, 4);
  assert.equal(progress[0].hits[0].from, "2009-03-01");
  assert.equal(progress.at(-1).hits[0].to, "2009-03-31");
  assert.deepEqual(w.replies.at(-1), { type: "done", id: 7, value: undefined });
});

test("an error names its field, and a panic is fatal", async () => {
  const w = ready();
  w.send({ type: "generate", id: 1, variants: "B", from: "2020-01-19", to: "2020-01-20", suffixes: "ru", format: "text" });
  w.send({ type: "export", id: 2, from: "2020-01-19", to: "2020-01-19", format: "rpz", variants: "B", sinkhole: "panic", allow: "" });
  w.send({ type: "scan", id: 3, names: "x", variants: "B", from: "2020-01-02", to: "2020-01-01" });
  await until(() => w.replies.filter((r) => r.type === "error").length === 3);
  const errors = Object.fromEntries(w.replies.filter((r) => r.type === "error").map((r) => [r.id, r]));
  assert.deepEqual(errors[1], { type: "error", id: 1, message: "suffix .ru is used only by C", field: "suffixes", fatal: false });
  assert.deepEqual(errors[2], { type: "error", id: 2, message: "conficker-dga panicked: at src/lib.rs", fatal: true });
  assert.deepEqual(errors[3], { type: "error", id: 3, message: "the range starts (2020-01-02) after it ends (2020-01-01)", field: "to", fatal: false });
});

test("generate posts one day per message, with the lists of each variant asked", async () => {
  const w = ready();
  w.send({ type: "generate", id: 4, variants: "B,C", from: "2020-01-19", to: "2020-01-21", suffixes: "", format: "csv" });
  await until(() => w.replies.some((r) => r.type === "done"));
  assert.deepEqual(
    w.replies.filter((r) => r.type === "progress").map((r) => r.days.map((d) => `${d.date} ${d.variant}`)),
    [["2020-01-19 B", "2020-01-19 C"], ["2020-01-20 B", "2020-01-20 C"], ["2020-01-21 B", "2020-01-21 C"]],
  );
});

test("the element's check: no dates means the core's days around today", async () => {
  const w = ready();
  w.send({ type: "check", id: 5, name: "jogli.com", from: "", to: "", variants: "", today: "2020-01-10" });
  await until(() => w.replies.some((r) => r.type === "done"));
  const { value } = w.replies.at(-1);
  assert.equal(value.sentence, "1 hits");
  assert.deepEqual(value.result.hits, [{ line: 0, from: "2020-01-08", to: "2020-01-12" }]);
});

test("a request before init, or of an unknown type, is answered with an error", async () => {
  const bare = loadWorker();
  bare.send({ type: "scan", id: 1, names: "x", variants: "B", from: "2020-01-01", to: "2020-01-01" });
  await until(() => bare.replies.length === 1);
  assert.match(bare.replies[0].message, /no init/);
  const w = ready();
  w.send({ type: "toString", id: 2 });
  await until(() => w.replies.length === 1);
  assert.equal(w.replies[0].type, "error");
  assert.match(w.replies[0].message, /unknown request type "toString"/);
});

test("the keeper holds one check: opened, fed, viewed, saved; a bad one keeps the one before", async () => {
  const w = ready();
  let id = 0;
  const ask = async (request) => {
    const mine = ++id;
    w.send({ ...request, id: mine });
    await until(() => w.replies.some((r) => r.id === mine && r.type !== "progress"));
    return w.replies.find((r) => r.id === mine && r.type !== "progress");
  };
  assert.match((await ask({ type: "checkView", limit: 10, today: "2026-12-04" })).message, /no check is kept/);
  assert.deepEqual((await ask({ type: "checkOpen", names: "jogli.com", from: "2009-03-01", to: "2009-03-31", variants: "B" })).value, { days: 31, needsScan: true });
  await ask({ type: "checkRecord", hits: [{ from: "2009-03-08" }], days: 20 });
  await ask({ type: "checkRecord", hits: null, days: 11 });
  await ask({ type: "checkFinish", cancelled: false });
  const view = { summary: "1 hits in 31 of 31 days, done", total: 1, rows: [{ input: "x", kind: "hit", date: "2009-03-08", today: "2026-12-04" }] };
  assert.deepEqual((await ask({ type: "checkView", limit: 10, today: "2026-12-04" })).value, view);
  const bad = await ask({ type: "checkOpen", names: "x", from: "2009-04-02", to: "2009-04-01", variants: "B" });
  assert.equal(bad.field, "to");
  assert.deepEqual((await ask({ type: "checkView", limit: 10, today: "2026-12-04" })).value, view);
  assert.deepEqual((await ask({ type: "checkFile", format: "csv" })).value, { text: "input\nx\n", fileName: "conficker-check.csv" });
});
