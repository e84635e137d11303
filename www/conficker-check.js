// @ts-check
// <conficker-check name="jogli.com" from="2009-03-01" to="2009-03-31" variants="A,B,C">
// renders whether the worm generated `name` on a date of the range (default: the core's days
// around today, UTC) and fires `conficker-result` with the result object, or `conficker-error`
// with `{ message, field }`. The check runs in the page's worker (worker.js, through pool.js),
// which loads the core from `pkg/` beside this file; the `.wasm` is `pkg/conficker_dga_bg.wasm`
// (SIMD128) or, in an engine without SIMD128, `pkg/conficker_dga_scalar_bg.wasm`, unless the
// `wasm` attribute (or `ConfickerCheck.wasmUrl`) names another location. The verdict's sentence
// is the core's.
import { today } from "./dates.js";
import { Pool } from "./pool.js";
import { Cancelled, fieldOf, messageOf } from "./protocol.js";
import { wasmFile } from "./simd.js";

const STYLE = `
  :host { display: inline-block; font: inherit; }
  p { margin: 0; padding: 0.4em 0.6em; border-radius: 4px; border: 1px solid #8888; }
  p.hit { background: #fde7e7; color: #8a1111; }
  p.error { background: #fff3cd; color: #5c4400; }
  @media (prefers-color-scheme: dark) {
    p.hit { background: #4a1d1d; color: #ffd7d7; }
    p.error { background: #3d3000; color: #ffe9a8; }
  }`;

const here = (/** @type {string} */ path) => new URL(path, import.meta.url).href;

export class ConfickerCheck extends HTMLElement {
  static observedAttributes = ["name", "from", "to", "variants", "wasm"];

  /** Where every element finds the `.wasm` unless its `wasm` attribute says otherwise. */
  static wasmUrl = here(`pkg/${wasmFile}`);

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    // A constructed style sheet, unlike a <style> element, passes the host page's CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
    this.output = document.createElement("p");
    this.output.setAttribute("part", "verdict");
    this.output.setAttribute("role", "status");
    root.append(this.output);
    this.pending = false;
    /** @type {Pool | null} */
    this.pool = null;
  }

  connectedCallback() {
    this.schedule();
  }

  disconnectedCallback() {
    this.pool?.cancel();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.schedule();
  }

  // Setting several attributes in a row starts one check, not one per attribute.
  schedule() {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.run();
    });
  }

  /**
   * @param {string} text
   * @param {string} [kind]
   */
  show(text, kind = "") {
    this.output.textContent = text;
    this.output.className = kind;
  }

  /**
   * @param {string} type
   * @param {unknown} detail
   */
  fire(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  run() {
    // A new check stops the one under way, with its worker.
    this.pool?.cancel();
    const name = this.getAttribute("name")?.trim();
    if (!name) {
      this.show("no name to check: set the name attribute", "error");
      return;
    }
    const wasm = new URL(this.getAttribute("wasm") || ConfickerCheck.wasmUrl, document.baseURI).href;
    const pool = (this.pool = new Pool(() => ({ url: here("worker.js"), init: { type: "init", glue: here("pkg/conficker_dga_classic.js"), wasm } }), 1));
    this.show(`checking ${name}…`);
    const request = {
      type: /** @type {const} */ ("check"),
      name,
      from: this.getAttribute("from") ?? "",
      to: this.getAttribute("to") ?? "",
      variants: this.getAttribute("variants") ?? "",
      today: today(),
    };
    pool
      .run(0, request)
      .then(({ result, sentence }) => {
        this.show(sentence, result.hits.length ? "hit" : "");
        this.fire("conficker-result", result);
      })
      .catch((e) => {
        if (e instanceof Cancelled) return;
        this.show(messageOf(e), "error");
        this.fire("conficker-error", { message: messageOf(e), field: fieldOf(e) });
      })
      .finally(() => {
        // One check per worker: the next starts a fresh one.
        if (this.pool === pool) pool.cancel();
      });
  }
}

customElements.define("conficker-check", ConfickerCheck);
/** @type {any} */ (window).ConfickerCheck = ConfickerCheck;
