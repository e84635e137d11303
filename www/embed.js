// embed.html: the check named in the fragment, posted to the embedding window as
// { type: "conficker-result", ...result } (or { type: "conficker-error", message }).
import "./conficker-check.js";

const element = document.querySelector("conficker-check");

function load() {
  const state = new URLSearchParams(location.hash.slice(1));
  for (const key of ["name", "from", "to", "variants"]) {
    if (state.has(key)) element.setAttribute(key, state.get(key));
    else element.removeAttribute(key);
  }
}

// The verdict is no secret of the embedding page: it chose the name.
element.addEventListener("conficker-result", (e) => parent.postMessage({ type: "conficker-result", ...e.detail }, "*"));
element.addEventListener("conficker-error", (e) => parent.postMessage({ type: "conficker-error", ...e.detail }, "*"));
window.addEventListener("hashchange", load);
load();
