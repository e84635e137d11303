// @ts-check
// Which build of the core this engine runs: the one compiled for WebAssembly SIMD128 (every
// current browser), or the scalar one where the engine lacks SIMD128 (scripts/build-web builds
// both; the glue is the same). Validating a tiny module fetches nothing.

/** `(module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))`, as wasm-feature-detect probes it. */
const PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this engine has WebAssembly SIMD128. */
export const simd128 = WebAssembly.validate(PROBE);

/** The file name of the .wasm this engine runs, in pkg/. */
export const wasmFile = simd128 ? "conficker_dga_bg.wasm" : "conficker_dga_scalar_bg.wasm";
