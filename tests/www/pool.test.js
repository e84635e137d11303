// The pool against worker.js (in Node contexts standing in for threads): ids, progress, the
// error's field, replacing a worker after a fatal error, and Cancel.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { FakeWorker } from "./helpers.js";

globalThis.Worker = FakeWorker;
const { Pool } = await import("../../www/pool.js");
const { Cancelled, FieldError } = await import("../../www/protocol.js");

const setup = () => ({ url: "worker.js", init: { type: "init", glue: "glue.js", wasm: "module" } });

beforeEach(() => {
  FakeWorker.started = [];
});

test("jobs run on their worker, progress arrives before the value", async () => {
  const pool = new Pool(setup, 2);
  const seen = [];
  const value = await pool.run(1, { type: "generate", variants: "B", from: "2020-01-19", to: "2020-01-20", suffixes: "", format: "text" }, (m) => seen.push(m.days[0].date));
  assert.equal(value, undefined);
  assert.deepEqual(seen, ["2020-01-19", "2020-01-20"]);
  assert.equal(FakeWorker.started.length, 2);
  assert.deepEqual(FakeWorker.started[1].calls[0], ["init", { module_or_path: "module" }]);
  const exported = await pool.run(0, { type: "export", from: "2020-01-19", to: "2020-01-19", format: "rpz", variants: "B", sinkhole: "", allow: "" });
  assert.equal(exported.summary, "1 name");
});

test("an error rejects with the core's message and field", async () => {
  const pool = new Pool(setup, 1);
  await assert.rejects(
    pool.run(0, { type: "generate", variants: "B", from: "2020-01-19", to: "2020-01-19", suffixes: "ru", format: "text" }),
    (e) => e instanceof FieldError && e.message === "suffix .ru is used only by C" && e.field === "suffixes",
  );
  // The worker was not at fault: it stays.
  assert.equal(FakeWorker.started.length, 1);
});

test("a fatal error replaces the worker, and the next job runs", async () => {
  const pool = new Pool(setup, 1);
  await assert.rejects(pool.run(0, { type: "export", from: "2020-01-19", to: "2020-01-19", format: "rpz", variants: "B", sinkhole: "panic", allow: "" }), /panicked/);
  assert.equal(FakeWorker.started.length, 2);
  assert.equal(FakeWorker.started[0].terminated, true);
  const exported = await pool.run(0, { type: "export", from: "2020-01-19", to: "2020-01-19", format: "rpz", variants: "B", sinkhole: "", allow: "" });
  assert.equal(exported.names, 1);
});

test("Cancel rejects every job with Cancelled and stops the workers; the pool starts anew", async () => {
  const pool = new Pool(setup, 2);
  const jobs = [0, 1].map((i) => pool.run(i, { type: "scan", names: "x", variants: "B", from: "2009-01-01", to: "2009-12-31" }));
  await new Promise((resolve) => setTimeout(resolve));
  pool.cancel();
  for (const job of jobs) await assert.rejects(job, (e) => e instanceof Cancelled);
  assert.ok(FakeWorker.started.every((w) => w.terminated));
  const days = [];
  await pool.run(0, { type: "scan", names: "x", variants: "B", from: "2009-01-01", to: "2009-01-03" }, (m) => days.push(m.days));
  assert.equal(days.reduce((a, b) => a + b, 0), 3);
});

test("the setup is asked for once, when the first worker starts", async () => {
  let asked = 0;
  const pool = new Pool(() => (asked++, setup()), 2);
  assert.equal(asked, 0);
  await pool.start();
  await pool.run(0, { type: "scan", names: "x", variants: "B", from: "2009-01-01", to: "2009-01-01" });
  assert.equal(asked, 1);
});
