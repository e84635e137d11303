# `make serve` builds and serves the page; `make test` runs every test; `make docs` builds the
# guide. Each installs what it needs first (scripts/install-tools), and nothing when it is there.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:

PORT ?= 8080
RUST_SOURCES := Cargo.toml Cargo.lock $(shell find src crates -name '*.rs' -o -name Cargo.toml)
PAGE_SOURCES := $(wildcard www/*.html www/*.js www/*.css)
WEB_BUILD := www/pkg/conficker_dga_bg.wasm
SINGLE_FILE := dist/conficker-dga.html
# The core built for WebAssembly SIMD128, in a target directory of its own so that it and the
# scalar build do not rebuild each other. The variable adds to .cargo/config.toml's rustflags for
# the target (RUSTFLAGS would replace them).
SIMD128 := CARGO_TARGET_DIR=$(CURDIR)/target/simd128 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Ctarget-feature=+simd128
# The differential test in WebAssembly: the runner's --ignored skips ignored tests, so the filter
# picks it and --include-ignored runs it; Chromium runs it in a worker, for as long as it takes.
WASM_DIFFERENTIAL := -p conficker-dga --lib -- --include-ignored fast_paths_equal_the_definition

.PHONY: serve test docs web build-tools test-tools docs-tools lint rust-tests differential wasm-tests page-tests types cli-release e2e reproducible python spark bench fuzz

serve: build-tools web
	@echo "The page: http://127.0.0.1:$(PORT)/  (single file for file:// use: $(SINGLE_FILE); Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

# Prints the SHA-256 of every file a portal would host, to compare with its copies.
web: $(WEB_BUILD) $(SINGLE_FILE)
	@scripts/digests www $(SINGLE_FILE)

# The guide's page for portal developers is the npm package's README.
$(WEB_BUILD): $(RUST_SOURCES) docs/src/embedding.md scripts/build-web
	scripts/build-web

$(SINGLE_FILE): $(WEB_BUILD) $(PAGE_SOURCES) scripts/single-file.py
	python3 scripts/single-file.py www $@

build-tools:
	@scripts/install-tools build

test-tools:
	@scripts/install-tools test

docs-tools:
	@scripts/install-tools docs

# The guide (docs/): the reference page written by the binary from clap and the core's facts(),
# the book built by mdBook into docs/book/, then every internal link and anchor checked.
docs: docs-tools
	cargo run --quiet -p conficker-dga-cli -- --generate reference > docs/src/reference.md
	mdbook build docs
	scripts/check-links docs/book

# Recipes run in this order; make stops at the first failure.
test: test-tools lint rust-tests docs differential wasm-tests page-tests types e2e reproducible python spark

# The core and the command line natively; the core and the bindings for WebAssembly.
lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p conficker-dga-python -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p conficker-dga -p conficker-dga-wasm --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p conficker-dga-wasm --test web --test worker -- -D warnings
	$(SIMD128) cargo clippy --target wasm32-unknown-unknown -p conficker-dga -p conficker-dga-wasm --lib --tests -- -D warnings

# The export tests must not skip the resolvers test-tools installed.
rust-tests:
	CONFICKER_DGA_REQUIRE_TOOLS=1 cargo test

# The fast generator against the definition (FSIN and ln at every step) over 10^8 steps
# of each variant: natively (a few minutes on two cores, so not part of plain `cargo test`),
# and the WebAssembly SIMD128 block in Node and in headless Chromium (one thread each, so
# longer: BENCHMARKS.md, "Exactness").
differential:
	cargo test --release --lib fast_paths_equal_the_definition -- --ignored
	$(SIMD128) wasm-pack test --node . $(WASM_DIFFERENTIAL)
	$(SIMD128) WASM_BINDGEN_USE_DEDICATED_WORKER=1 WASM_BINDGEN_TEST_TIMEOUT=14400 \
	  wasm-pack test --headless --chrome . $(WASM_DIFFERENTIAL)

# The bindings in headless Chromium and Firefox ESR (geckodriver told where Debian keeps it);
# the core's own tests (the generator's WebAssembly code paths, scalar and SIMD128) in Node.
wasm-tests:
	wasm-pack test --headless --chrome crates/wasm --test web
	# Minutes-long scans in a worker: past the runner's default 20 s.
	WASM_BINDGEN_TEST_TIMEOUT=600 wasm-pack test --headless --chrome crates/wasm --test worker
	GECKODRIVER_ARGS="--binary /usr/bin/firefox-esr" wasm-pack test --headless --firefox crates/wasm --test web
	GECKODRIVER_ARGS="--binary /usr/bin/firefox-esr" WASM_BINDGEN_TEST_TIMEOUT=600 \
	  wasm-pack test --headless --firefox crates/wasm --test worker
	wasm-pack test --node . -p conficker-dga --lib
	$(SIMD128) wasm-pack test --node . -p conficker-dga --lib

# The page's modules without a browser: protocol, pool, worker, fragment, single-file build.
page-tests:
	node --test tests/www/

# The npm module's TypeScript types: a program using every export compiles against pkg/'s
# .d.ts, and misspelt fields do not (tests/types/misspelt.ts).
types: web
	node_modules/.bin/tsc -p tests/types --noEmit --strict

# same-output.test.js compares the page's downloads with this binary's output.
cli-release:
	cargo build --release -p conficker-dga-cli

# Every test in Chromium, then every test that opens a browser in Firefox ESR
# (tests/e2e/firefox.js); npm.test.js opens none, and Lighthouse drives Chromium only.
FIREFOX_E2E := $(filter-out tests/e2e/npm.test.js tests/e2e/lighthouse.test.js,$(wildcard tests/e2e/*.test.js))
e2e: web cli-release
	node --test --test-concurrency=1 tests/e2e/
	E2E_BROWSER=firefox node --test --test-concurrency=1 $(FIREFOX_E2E)

# A second build of the web files from a clean copy elsewhere gives the same bytes.
reproducible: web
	scripts/check-reproducible

# The Python package built into test-tools' virtual environment (maturin, once: cargo keeps
# the build) and its tests against this CLI's output on the same inputs.
VENV := $(CURDIR)/target/spark-venv
python: test-tools cli-release
	PATH="$(VENV)/bin:$$PATH" pip install --quiet --disable-pip-version-check --no-build-isolation ./crates/python
	CONFICKER_DGA_CLI=$(CURDIR)/target/release/conficker-dga $(VENV)/bin/python -m pytest -q crates/python/tests

# The Spark job (examples/spark, on the Python package) and scan-log on one generated Zeek
# log, client for client, in Spark's local mode, from JSON lines and from Parquet.
spark: python
	PATH="$(VENV)/bin:$$PATH" examples/spark/test.sh

# Native, Node and headless Chromium benchmarks (BENCHMARKS.md); BENCH_QUICK=1 for a
# smoke run. Numbers taken while the machine does other work are not worth quoting.
bench: test-tools
	benches/run

# libFuzzer over the parsers of untrusted input, FUZZ_SECONDS each (nightly toolchain and
# cargo-fuzz; not part of `make test`): see scripts/fuzz.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)
