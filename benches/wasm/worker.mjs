// One benchmark worker, in Node (worker_threads) and in the browser (Web Worker):
// loads the WebAssembly workloads, then runs {fn, args, repeat} requests and answers
// with the last result and the time the calls took inside the worker.
const inNode = typeof process !== "undefined" && !!process.versions?.node;
let bench;
let send;

async function handle(message) {
  if (message.glue) {
    bench = await import(message.glue);
    await bench.default(message.wasm ? { module_or_path: message.wasm } : undefined);
    send({ ready: true });
    return;
  }
  const { id, fn, args, repeat = 1 } = message;
  const start = performance.now();
  let result;
  for (let i = 0; i < repeat; i++) {
    result = bench[fn](...args);
  }
  send({ id, result, ms: performance.now() - start });
}

if (inNode) {
  const { parentPort } = await import("node:worker_threads");
  send = (m) => parentPort.postMessage(m);
  parentPort.on("message", handle);
} else {
  send = (m) => self.postMessage(m);
  self.onmessage = (e) => handle(e.data);
}
