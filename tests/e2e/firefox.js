// Debian's Firefox ESR for the end-to-end tests, driven over WebDriver BiDi by puppeteer-core
// (playwright-core drives only its own patched Firefox). The tests are written against
// playwright's Page; this wraps puppeteer's page in the part of that API they use, so that
// the same test files, with the same expected values, run in both browsers.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

/** What the pages' `prefers-color-scheme` matches: 0 dark, 1 light, whatever the (absent)
 * desktop says. */
const COLOR_SCHEME = "layout.css.prefers-color-scheme.content-override";

/** playwright's `text=…` selector in puppeteer's spelling; CSS selectors pass unchanged. */
const selector = (s) => (s.startsWith("text=") ? `::-p-text(${s.slice(5)})` : s);

/** A fresh headless Firefox ESR in the light colour scheme; `close()` removes its scratch files. */
export async function firefox() {
  const scratch = await mkdtemp(path.join(tmpdir(), "conficker-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    defaultViewport: { width: 1280, height: 720 },
    // For colorScheme() below: BiDi may run code in the browser's own (chrome) windows.
    args: ["--remote-allow-system-access"],
    // The clipboard read back without a prompt, for the tests of Generate's Copy.
    extraPrefsFirefox: { [COLOR_SCHEME]: 1, "dom.events.testing.asyncClipboard": true },
  });
  const bidi = browser.connection;
  /** Sets what `prefers-color-scheme` matches in every page, at once: puppeteer emulates media
   * features over CDP only, and BiDi has no command for it, so it is Firefox's own preference,
   * set from a chrome window. */
  async function colorScheme(scheme) {
    const { result } = await bidi.send("browsingContext.getTree", { "moz:scope": "chrome" });
    const value = { dark: 0, light: 1 }[scheme];
    if (value === undefined) throw new Error(`colour scheme ${scheme}: use light or dark`);
    await bidi.send("script.evaluate", {
      expression: `Services.prefs.setIntPref("${COLOR_SCHEME}", ${value})`,
      target: { context: result.contexts[0].context },
      awaitPromise: false,
    });
  }
  await bidi.send("session.subscribe", { events: ["browsingContext.downloadEnd"] });
  const requestListeners = [];

  // Each download goes to a folder of its own, so that Firefox keeps the name the page gave
  // it; the next folder is set as soon as a download ends, before anyone waits for the next.
  const nextFolder = async () => {
    const folder = await mkdtemp(path.join(scratch, "download-"));
    await bidi.send("browser.setDownloadBehavior", { downloadBehavior: { type: "allowed", destinationFolder: folder } });
  };
  await nextFolder();
  const downloads = {
    /** Resolves when the next download has been saved; listens before it returns. */
    next() {
      return new Promise((resolve, reject) => {
        bidi.once("browsingContext.downloadEnd", async (end) => {
          await nextFolder();
          if (end.status !== "complete") reject(new Error(`the download of ${end.url} ended ${end.status}`));
          else resolve({ suggestedFilename: () => path.basename(end.filepath), path: async () => end.filepath });
        });
      });
    },
  };

  /** A file of the given bytes under `name`, for an `<input type=file>`. */
  async function fileOf({ name, buffer }) {
    const file = path.join(await mkdtemp(path.join(scratch, "upload-")), name);
    await writeFile(file, buffer);
    return file;
  }

  const context = {
    async newPage() {
      const page = await browser.newPage();
      // BiDi reports a navigation's URL with its fragment; playwright, as sent, without.
      for (const listener of requestListeners) page.on("request", (r) => listener({ url: () => r.url().replace(/#.*/, "") }));
      return new FirefoxPage(page, { downloads, fileOf, colorScheme });
    },
    on(event, listener) {
      if (event !== "request") throw new Error(`the Firefox context has no ${event} event`);
      requestListeners.push(listener);
    },
  };
  return {
    context,
    async close() {
      await browser.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** A puppeteer page behind the methods of playwright's Page that the tests call. */
class FirefoxPage {
  #page;
  #browser;
  #routes = [];

  /** `browser`: the browser-wide `downloads`, `fileOf` and `colorScheme` of firefox(). */
  constructor(page, browser) {
    this.#page = page;
    this.#browser = browser;
  }

  on(event, listener) {
    this.#page.on(event, listener);
  }

  url() {
    return this.#page.url();
  }

  goto(url) {
    return this.#page.goto(url);
  }

  close() {
    return this.#page.close();
  }

  waitForSelector(s, options) {
    return this.#page.waitForSelector(selector(s), options);
  }

  #element(s) {
    return this.#page.waitForSelector(selector(s));
  }

  async click(s) {
    await this.#page.locator(selector(s)).click();
  }

  locator(s) {
    return new FirefoxLocator(this.#page, [s]);
  }

  /** As playwright's fill: the value set at once, then `input` and `change`. */
  async fill(s, value) {
    await (await this.#element(s)).evaluate((el, value) => {
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }, value);
  }

  async setChecked(s, checked) {
    const element = await this.#element(s);
    if ((await element.evaluate((el) => el.checked)) !== checked) await element.click();
  }

  async selectOption(s, value) {
    await this.#page.select(selector(s), value);
  }

  async textContent(s) {
    return (await this.#element(s)).evaluate((el) => el.textContent);
  }

  async inputValue(s) {
    return (await this.#element(s)).evaluate((el) => el.value);
  }

  async getAttribute(s, name) {
    return (await this.#element(s)).evaluate((el, name) => el.getAttribute(name), name);
  }

  /** As playwright: a non-empty box and not `visibility: hidden`; no waiting. */
  isVisible(s) {
    return this.#page.evaluate((s) => {
      const el = document.querySelector(s);
      const box = el?.getBoundingClientRect();
      return Boolean(box && box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden");
    }, s);
  }

  async isHidden(s) {
    return !(await this.isVisible(s));
  }

  waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
    return this.#page.waitForFunction(fn, { timeout }, arg);
  }

  evaluate(fn, arg) {
    return this.#page.evaluate(fn, arg);
  }

  /** playwright's keyboard: press(key), with the same key names. */
  get keyboard() {
    return { press: (key) => this.#page.keyboard.press(key) };
  }

  evaluateHandle(fn, arg) {
    return this.#page.evaluateHandle(fn, arg);
  }

  $$(s) {
    return this.#page.$$(selector(s));
  }

  $$eval(s, fn) {
    return this.#page.$$eval(selector(s), fn);
  }

  /** The drag-and-drop events the tests dispatch, with their DataTransfer handle. */
  async dispatchEvent(s, type, { dataTransfer }) {
    await (await this.#element(s)).evaluate(
      (el, type, dataTransfer) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer })),
      type,
      dataTransfer,
    );
  }

  /** Paths, or playwright's `{ name, mimeType, buffer }` written to a file of that name. */
  async setInputFiles(s, files) {
    const list = await Promise.all([files].flat().map((f) => (typeof f === "string" ? f : this.#browser.fileOf(f))));
    const input = await this.#element(s);
    await input.uploadFile(...list);
  }

  setViewportSize({ width, height }) {
    return this.#page.setViewport({ width, height });
  }

  screenshot(options) {
    return this.#page.screenshot(options);
  }

  waitForEvent(event) {
    if (event !== "download") throw new Error(`waitForEvent(${event}) is not supported in Firefox`);
    return this.#browser.downloads.next();
  }

  /** playwright's emulateMedia, for the colour scheme only; it holds for every page. */
  async emulateMedia({ colorScheme, ...rest }) {
    if (Object.keys(rest).length > 0) throw new Error(`emulateMedia(${Object.keys(rest)}) is not supported in Firefox`);
    await this.#browser.colorScheme(colorScheme);
    // The preference reaches the page's (content) process a moment later.
    await this.#page.waitForFunction((scheme) => matchMedia(`(prefers-color-scheme: ${scheme})`).matches, {}, colorScheme);
  }

  goBack() {
    return this.#page.goBack();
  }

  reload() {
    return this.#page.reload();
  }

  async isChecked(s) {
    return (await this.#element(s)).evaluate((el) => el.checked);
  }

  addInitScript(fn) {
    return this.#page.evaluateOnNewDocument(fn);
  }

  /** Answers requests for `url` with `handler`'s `route.fulfill({ body, contentType })`. */
  async route(url, handler) {
    if (this.#routes.length === 0) {
      await this.#page.setRequestInterception(true);
      this.#page.on("request", (request) => {
        const route = this.#routes.find((r) => r.url === request.url());
        if (!route) return request.continue();
        return route.handler({ fulfill: ({ body, contentType }) => request.respond({ status: 200, body, contentType }) });
      });
    }
    this.#routes.push({ url, handler });
  }
}

/** playwright's Locator for CSS selectors: each call finds the elements anew, and waits for one
 * where playwright waits. */
class FirefoxLocator {
  #page;
  #chain;

  constructor(page, chain) {
    this.#page = page;
    this.#chain = chain;
  }

  locator(s) {
    return new FirefoxLocator(this.#page, [...this.#chain, s]);
  }

  /** The first match is what the methods below use anyway. */
  first() {
    return this;
  }

  count() {
    return this.#page.evaluate(found, this.#chain, false);
  }

  async #element() {
    return (await this.#page.waitForFunction(found, {}, this.#chain, true)).asElement();
  }

  async click() {
    await (await this.#element()).click();
  }

  async textContent() {
    return (await this.#element()).evaluate((el) => el.textContent);
  }

  async getAttribute(name) {
    return (await this.#element()).evaluate((el, name) => el.getAttribute(name), name);
  }
}

/** The first element (`first`) or the number of elements that match the last selector of
 * `chain` within the matches of the one before; runs in the page. */
function found(chain, first) {
  let elements = [document];
  for (const s of chain) elements = elements.flatMap((e) => [...e.querySelectorAll(s)]);
  return first ? elements[0] : elements.length;
}
