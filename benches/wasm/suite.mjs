// The WebAssembly benchmark suite, shared by Node and the browser page. `makeWorker()`
// returns a started worker (see worker.mjs) wrapped as {post, onMessage}; every
// measurement runs in workers, so that one worker is one core.

class Pool {
  constructor(workers) {
    this.workers = workers;
    this.size = workers.length;
    this.pending = new Map();
    this.nextId = 0;
    for (const w of workers) {
      w.onMessage((m) => {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve(m);
      });
    }
  }

  call(worker, fn, args, repeat = 1) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.workers[worker].post({ id, fn, args, repeat });
    });
  }

  // Every worker runs fn(...argsFor(i, size)); resolves to their results.
  all(fn, argsFor, repeat = 1) {
    return Promise.all(this.workers.map((_, i) => this.call(i, fn, argsFor(i, this.size), repeat)));
  }
}

async function pool(makeWorker, size) {
  const workers = await Promise.all(Array.from({ length: size }, makeWorker));
  return new Pool(workers);
}

// Best and median wall time (ms) of `runs` runs of `work`, and its last result.
async function time(runs, work) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)], result };
}

function seconds(ms) {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

const sum = (replies) => replies.reduce((a, r) => a + r.result, 0);

// The generator (a year of C, names drawn, one worker) in the scalar build and the SIMD128
// build, taking turns, so that both see the same machine.
async function simd128Ratio({ one, makeScalarWorker, runs, print }) {
  const plain = await pool(makeScalarWorker, 1);
  const scalar = [];
  const vector = [];
  for (let i = 0; i < runs(5); i++) {
    scalar.push(await time(1, () => plain.call(0, "year_generated", [0, 1])));
    vector.push(await time(1, () => one.call(0, "year_generated", [0, 1])));
  }
  const steps = scalar[0].result.result;
  if (vector[0].result.result !== steps) throw new Error("the SIMD128 build took other steps");
  const best = (ts) => Math.min(...ts.map((t) => t.best));
  const median = (ts) => ts.map((t) => t.best).sort((a, b) => a - b)[Math.floor(ts.length / 2)];
  print("## SIMD128: generator steps, one worker (a year of C, names drawn), turn about\n");
  print("| build | best | median | M steps/s |\n|---|---|---|---|");
  for (const [name, ts] of [["scalar", scalar], ["SIMD128", vector]]) {
    print(`| ${name} | ${seconds(best(ts))} | ${seconds(median(ts))} | ${(steps / best(ts) / 1000).toFixed(0)} |`);
  }
  print(`\nSIMD128 / scalar: ${(best(scalar) / best(vector)).toFixed(2)}x the steps per second (best of each).\n`);
}

// `makeWorker` starts a worker with the SIMD128 build, `makeScalarWorker` one with the
// scalar build (only for the comparison of the two).
export async function runSuite({ makeWorker, makeScalarWorker, cores, quick, print }) {
  const runs = (n) => (quick ? 1 : n);
  const one = await pool(makeWorker, 1);
  const all = await pool(makeWorker, cores);
  await simd128Ratio({ one, makeScalarWorker, runs, print });

  print("## Floor: the bare step arithmetic, independent chains, one worker\n");
  print("| code | chains | M steps/s |\n|---|---|---|");
  const floorSteps = 200_000_000;
  let floor = 0;
  for (const chains of [1, 4, 8, 16, 32, 64]) {
    const t = await time(3, () => one.call(0, "floor", [floorSteps, chains]));
    const rate = floorSteps / (t.best / 1000);
    print(`| scalar | ${chains} | ${(rate / 1e6).toFixed(0)} |`);
    floor = Math.max(floor, rate);
  }
  // The same arithmetic two chains to a SIMD128 vector, as the generator's block runs it.
  for (const chains of [4, 8, 16, 32, 64]) {
    const t = await time(3, () => one.call(0, "floor_simd128", [floorSteps, chains]));
    const rate = floorSteps / (t.best / 1000);
    print(`| SIMD128 | ${chains} | ${(rate / 1e6).toFixed(0)} |`);
    floor = Math.max(floor, rate);
  }
  print(`\nFloor: ${(floor / 1e6).toFixed(0)} M steps/s per worker.\n`);

  print("## Workloads\n");
  print("| work | workers | best | median | M steps/s | x floor | vs straightforward |\n|---|---|---|---|---|---|---|");
  const row = (what, workers, t, steps, plainMs) => {
    const rate = steps / (t.best / 1000);
    const floorMs = (steps / (floor * workers)) * 1000;
    const vs = plainMs === undefined ? "not run" : `${(plainMs / t.best).toFixed(1)}x faster`;
    print(`| ${what} | ${workers} | ${seconds(t.best)} | ${seconds(t.median)} | ${(rate / 1e6).toFixed(0)} | ${(t.best / floorMs).toFixed(2)}x | ${vs} |`);
  };

  const plainMonth = await time(1, () => one.call(0, "straightforward_year_generated", [0, 12]));
  const plainRate = plainMonth.result.result / plainMonth.best;
  const year = await time(runs(3), () => one.call(0, "year_generated", [0, 1]));
  const yearSteps = year.result.result;
  row("generator steps, one worker (a year of C, names drawn)", 1, year, yearSteps, yearSteps / plainRate);

  for (const v of ["A", "B", "C"]) {
    const repeat = v === "C" ? 5 : 200;
    const per = (t) => ({ best: t.best / repeat, median: t.median / repeat, result: t.result });
    const plain = per(await time(runs(3), () => one.call(0, "straightforward_day", [v, "2020-01-01"], repeat)));
    const t = per(await time(runs(5), () => one.call(0, "one_day_steps", [v, "2020-01-01"], repeat)));
    row(`one day of ${v} (2020-01-01)`, 1, t, t.result.result, plain.best);
  }

  const plainYear = await time(runs(2), () => all.all("straightforward_year_generated", (i, n) => [i, n]));
  const yearAll = await time(runs(5), () => all.all("year_generated", (i, n) => [i, n]));
  row("a year of C generated", cores, yearAll, sum(yearAll.result), plainYear.best);

  await all.all("prepare_names", () => ["10k"]);
  const plainCheck = await time(runs(2), () => all.all("straightforward_check_names", (i, n) => ["year", i, n]));
  const check = await time(runs(5), () => all.all("check_names", (i, n) => ["year", i, n]));
  row("a year of C checked against 10,000 names", cores, check, yearSteps, plainCheck.best);

  const era = await one.call(0, "era", []);
  const eraAll = await time(runs(2), () => all.all("era_generated", (i, n) => [i, n]));
  const eraSteps = sum(eraAll.result);
  row(`the era of C generated (${era.result})`, cores, eraAll, eraSteps);
  await all.all("prepare_names", () => ["one"]);
  const eraCheck = await time(runs(2), () => all.all("check_names", (i, n) => ["era", i, n]));
  row("one C-suffix name checked over the era", cores, eraCheck, eraSteps);

  // A fresh instance, so that its memory shows this check's peak; warmed up on the
  // small list first, so that the engine has compiled its optimised code.
  const fresh = await pool(makeWorker, 1);
  await fresh.call(0, "prepare_names", ["10k"]);
  await fresh.call(0, "check_names", ["day", 0, 1]);
  await fresh.call(0, "prepare_names", ["1m"]);
  const before = (await fresh.call(0, "memory_bytes", [])).result;
  const million = await time(runs(3), () => fresh.call(0, "check_names", ["day", 0, 1]));
  const after = (await fresh.call(0, "memory_bytes", [])).result;
  await one.call(0, "prepare_names", ["1m"]);
  const plainMillion = await time(1, () => one.call(0, "straightforward_check_names", ["day", 0, 1]));
  const daySteps = ["A", "B", "C"].length && (await Promise.all(["A", "B", "C"].map((v) => one.call(0, "one_day_steps", [v, "2009-04-01"])))).reduce((a, r) => a + r.result, 0);
  row("1,000,000 names checked over one day", 1, million, daySteps, plainMillion.best);
  print(`\nWebAssembly memory while checking 1,000,000 names: ${(after / 2 ** 20).toFixed(0)} MiB at its peak (the names themselves, held before the check: ${(before / 2 ** 20).toFixed(0)} MiB).`);
}
