// Shared by the end-to-end tests: the page served on 127.0.0.1 and Debian's Chromium driven
// by playwright-core (which downloads no browser of its own), or with E2E_BROWSER=firefox
// Debian's Firefox ESR behind the same calls (firefox.js).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { access, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { firefox } from "./firefox.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const engine = process.env.E2E_BROWSER ?? "chromium";
if (!["chromium", "firefox"].includes(engine)) throw new Error(`E2E_BROWSER=${engine}: use chromium or firefox`);
/** Where screenshots and figures go: test-results/, Firefox's in test-results/firefox/. */
export const artefacts = path.join(root, "test-results", engine === "firefox" ? "firefox" : "");

export const vector = (name) => readFile(path.join(root, "tests/data", name), "utf8");

/** The command line's release build (`make cli-release`), whose output the page's is compared with. */
export const CLI = path.join(root, "target/release/conficker-dga");

/** Registers a `before` that fails the file's tests, saying how to build it, when CLI is missing. */
export function requireCli() {
  before(async () => {
    try {
      await access(CLI);
    } catch {
      assert.fail(`${CLI} is missing: build it with \`cargo build --release -p conficker-dga-cli\` before these tests`);
    }
  });
}

const BIND_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A BIND query log line (the old layout, with the client's object address) for `[time, client, name]`. */
export function bindLine([time, client, name]) {
  const t = new Date(time);
  const day = String(t.getUTCDate()).padStart(2, "0");
  const stamp = `${day}-${BIND_MONTHS[t.getUTCMonth()]}-${t.getUTCFullYear()} ${time.slice(11, 19)}.000`;
  return `${stamp} queries: info: client @0x7f8e1c0a2b30 ${client}#53211 (${name}): query: ${name} IN A +E(0)K (10.0.0.1)`;
}

/** Serves `www/` on 127.0.0.1 at a free port; resolves to `{ url, close }`. */
export function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", path.join(root, "www")], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    server.on("error", reject);
    server.on("exit", (code) => reject(new Error(`the test server exited (${code})`)));
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const port = /port (\d+)/.exec(out)?.[1];
      if (port) {
        server.stdout.removeAllListeners("data");
        server.stdout.resume();
        resolve({ url: `http://127.0.0.1:${port}`, close: () => server.kill() });
      }
    });
  });
}

/** A fresh headless browser (E2E_BROWSER) with its own profile; `close()` removes the profile. */
export async function browser() {
  if (engine === "firefox") return firefox();
  const profile = await mkdtemp(path.join(tmpdir(), "conficker-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` and waits for the generator to load; the page's errors fail the test. */
export async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.problems = problems;
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return page;
}

/**
 * Registers the hooks a file of page tests shares: before its tests the page served, a browser
 * started and then `setup(session)` run, after them both closed. The session's `server` and
 * `browser` are set once they have started, and `open(at)` opens the served path `at` as open()
 * does. One hook, because node:test starts a file's top-level `before` hooks all at once.
 */
export function pageSession(setup = async () => {}) {
  const session = {
    server: undefined,
    browser: undefined,
    open: (at = "/") => open(session.browser.context, `${session.server.url}${at}`),
  };
  before(async () => {
    session.server = await serve();
    session.browser = await browser();
    await setup(session);
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}

/** A fresh folder for a file's tests, made before them and removed after; `.path` once made. */
export function scratchFolder(prefix) {
  const folder = { path: undefined };
  before(async () => {
    folder.path = await mkdtemp(path.join(tmpdir(), prefix));
  });
  after(async () => {
    if (folder.path) await rm(folder.path, { recursive: true, force: true });
  });
  return folder;
}

export async function screenshot(page, name) {
  await mkdir(artefacts, { recursive: true });
  await page.screenshot({ path: path.join(artefacts, `${name}.png`), fullPage: true });
}

/** The cells of every result row, as arrays of strings; the verdict in the analyst's words
 * (the cell shows plain words, and those one click away). */
export function rows(page) {
  return page.$$eval("[data-testid=result-row]", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.dataset.verdict ?? td.textContent)));
}

/** The plain words of every result row: its verdict's label and the sentence under it. */
export function plainWords(page) {
  return page.$$eval("[data-testid=result-row]", (trs) =>
    trs.map((tr) => {
      const next = tr.nextElementSibling?.dataset.testid === "result-next" ? tr.nextElementSibling : null;
      const verdict = tr.cells[1];
      const label = verdict.querySelector("summary")?.textContent ?? verdict.textContent;
      return [tr.cells[0].firstChild.textContent, label, next?.querySelector("[data-testid=result-plain]")?.textContent ?? ""];
    }),
  );
}

/** Fills the check form and clicks Check; waits until the check has ended. */
export async function check(page, { names, from, to, variants = "ABC" }) {
  await page.fill("[data-testid=names]", names);
  await page.fill("[data-testid=from]", from);
  await page.fill("[data-testid=to]", to);
  for (const v of "ABC") await page.setChecked(`[data-testid=variant-${v}]`, variants.includes(v));
  await submit(page, "check");
}

/** Clicks the `testid` button and waits until the run it starts has ended. */
export async function submit(page, testid) {
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  await page.click(`[data-testid=${testid}]`);
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
}
