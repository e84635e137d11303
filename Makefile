# `make serve` builds and serves the page; `make test` runs every test. Both install what
# they need first (scripts/install-tools), and nothing when it is already there.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:

PORT ?= 8080
RUST_SOURCES := Cargo.toml Cargo.lock $(shell find src -name '*.rs')
PAGE_SOURCES := $(wildcard www/*.html www/*.js www/*.css)
WEB_BUILD := www/pkg/conficker_dga_bg.wasm
SINGLE_FILE := dist/conficker-dga.html

.PHONY: serve test web build-tools test-tools lint rust-tests wasm-tests e2e

serve: build-tools web
	@echo "The page: http://127.0.0.1:$(PORT)/  (single file for file:// use: $(SINGLE_FILE); Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

web: $(WEB_BUILD) $(SINGLE_FILE)

# README.md is the npm package's README too.
$(WEB_BUILD): $(RUST_SOURCES) README.md scripts/build-web
	scripts/build-web

$(SINGLE_FILE): $(WEB_BUILD) $(PAGE_SOURCES) scripts/single-file.py
	python3 scripts/single-file.py www $@

build-tools:
	@scripts/install-tools build

test-tools:
	@scripts/install-tools test

# Recipes run in this order; make stops at the first failure.
test: test-tools lint rust-tests wasm-tests e2e

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --test web -- -D warnings

rust-tests:
	cargo test

wasm-tests:
	wasm-pack test --headless --chrome -- --test web

e2e: web
	node --test --test-concurrency=1 tests/e2e/
