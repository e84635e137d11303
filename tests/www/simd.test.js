// www/simd.js: which .wasm the page loads. Node has SIMD128, so the probe validates there; an
// engine whose validate() rejects it gets the scalar build.
import assert from "node:assert/strict";
import { test } from "node:test";
import { simd128, wasmFile } from "../../www/simd.js";

test("an engine with SIMD128 loads the SIMD128 build", () => {
  assert.equal(simd128, true);
  assert.equal(wasmFile, "conficker_dga_bg.wasm");
});

test("an engine without SIMD128 loads the scalar build", async () => {
  const validate = WebAssembly.validate;
  const probes = [];
  WebAssembly.validate = (bytes) => {
    probes.push(bytes);
    return false;
  };
  try {
    const fresh = await import("../../www/simd.js?without-simd128");
    assert.equal(fresh.simd128, false);
    assert.equal(fresh.wasmFile, "conficker_dga_scalar_bg.wasm");
  } finally {
    WebAssembly.validate = validate;
  }
  // The probe is a valid module that returns a v128 (type 0x7b) made by SIMD128 instructions
  // (prefix 0xfd).
  assert.equal(probes.length, 1);
  assert.equal(validate(probes[0]), true);
  assert.ok(probes[0].includes(0x7b) && probes[0].includes(0xfd));
});
