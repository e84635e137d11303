// <conficker-check name="jogli.com" from="2009-03-01" to="2009-03-31" variants="A,B,C">
// renders whether the worm generated `name` on a date of the range (default: today ± 2 days,
// UTC) and fires `conficker-result` with the result object. The work runs in a module worker
// started from this same file, so the element is one file beside `pkg/`; the `.wasm` is
// `pkg/conficker_dga_bg.wasm` beside this file unless the `wasm` attribute (or
// `ConfickerCheck.wasmUrl`) names another location.

if (typeof document === "undefined") {
  self.onmessage = async ({ data }) => {
    try {
      const glue = await import(data.glue);
      await glue.default({ module_or_path: data.wasm });
      const [result] = glue.check([data.name], data.from, data.to, { variants: data.variants });
      self.postMessage({ result });
    } catch (e) {
      self.postMessage({ error: e instanceof Error ? e.message : String(e) });
    }
  };
} else {
  const DAY_MS = 86_400_000;
  const aroundToday = (n) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);

  const STYLE = `
    :host { display: inline-block; font: inherit; }
    p { margin: 0; padding: 0.4em 0.6em; border-radius: 4px; border: 1px solid #8888; }
    p.hit { background: #fde7e7; color: #8a1111; }
    p.error { background: #fff3cd; color: #5c4400; }
    @media (prefers-color-scheme: dark) {
      p.hit { background: #4a1d1d; color: #ffd7d7; }
      p.error { background: #3d3000; color: #ffe9a8; }
    }`;

  class ConfickerCheck extends HTMLElement {
    static observedAttributes = ["name", "from", "to", "variants", "wasm"];

    /** Where every element finds the `.wasm` unless its `wasm` attribute says otherwise. */
    static wasmUrl = new URL("pkg/conficker_dga_bg.wasm", import.meta.url).href;

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
    }

    connectedCallback() {
      this.schedule();
    }

    disconnectedCallback() {
      this.worker?.terminate();
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

    show(text, kind = "") {
      this.output.textContent = text;
      this.output.className = kind;
    }

    run() {
      this.worker?.terminate();
      const name = this.getAttribute("name")?.trim();
      if (!name) {
        this.show("no name to check: set the name attribute", "error");
        return;
      }
      const from = this.getAttribute("from") || aroundToday(-2);
      const to = this.getAttribute("to") || aroundToday(2);
      const wasm = new URL(this.getAttribute("wasm") || ConfickerCheck.wasmUrl, document.baseURI).href;
      const glue = new URL("pkg/conficker_dga.js", import.meta.url).href;
      this.show(`checking ${name}…`);
      const worker = (this.worker = new Worker(import.meta.url, { type: "module" }));
      worker.onmessage = ({ data }) => {
        worker.terminate();
        if (data.error !== undefined) {
          this.show(data.error, "error");
          this.dispatchEvent(new CustomEvent("conficker-error", { detail: { message: data.error }, bubbles: true, composed: true }));
          return;
        }
        this.render(data.result, from, to);
        this.dispatchEvent(new CustomEvent("conficker-result", { detail: data.result, bubbles: true, composed: true }));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        this.show(`the check could not start: ${e.message || "the worker failed to load"}`, "error");
      };
      worker.postMessage({ glue, wasm, name, from, to, variants: this.getAttribute("variants") || undefined });
    }

    render(r, from, to) {
      const name = r.name ?? r.input;
      if (r.hits.length) {
        const where = r.hits.map((h) => `${h.variant} #${h.index} on ${h.date}${h.beforeFirstSeen ? " (before first seen)" : ""}`);
        this.show(`${name} is a Conficker name: ${where.join(", ")}`, "hit");
      } else if (r.possible) {
        this.show(`${name} is not generated from ${from} to ${to}`);
      } else {
        this.show(`${name} cannot be a Conficker name: ${r.reason}`);
      }
    }
  }

  customElements.define("conficker-check", ConfickerCheck);
  window.ConfickerCheck = ConfickerCheck;
}
