// @ts-check
// The page: loads the core, then wires each view. Views: check.js, generate.js, protect.js,
// logs.js and about.js (the library's facts); shared: core.js (the core in this thread),
// pool.js and protocol.js (the workers), status.js, dom.js, downloads.js, dates.js, and
// state.js and fragment.js (the view and its form in the URL fragment).
import { showFacts } from "./about.js";
import { setupCheck } from "./check.js";
import { loadCore, workerSetup } from "./core.js";
import { $ } from "./dom.js";
import { setupGenerate } from "./generate.js";
import { setupLogs } from "./logs.js";
import { Pool } from "./pool.js";
import { setupProtect } from "./protect.js";
import { keepState, loadState, navigate } from "./state.js";
import { clearErrorsOnFix, showError } from "./status.js";

// One worker per core scans, generates and reads logs; Cancel stops them. The keeper holds
// the check the page shows, and outlives Cancel.
const pool = new Pool(workerSetup, navigator.hardwareConcurrency || 1);
const keeper = new Pool(workerSetup, 1);

navigate();
clearErrorsOnFix();
$("cancel").addEventListener("click", () => pool.cancel());
// Escape cancels the job under way, wherever the focus is.
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !$("busy").hidden) {
    e.preventDefault();
    pool.cancel();
  }
});

loadCore()
  .then((core) => {
    showFacts(core.facts());
    const check = setupCheck(core, pool, keeper);
    setupGenerate(core, pool);
    setupProtect(core, pool);
    setupLogs(core, pool);
    for (const b of document.querySelectorAll("button.primary")) /** @type {HTMLButtonElement} */ (b).disabled = false;
    $("loading").hidden = true;
    document.body.dataset.ready = "true";
    // The workers start now, not at the first click.
    pool.warm();
    keeper.warm();
    // The view and form of the fragment, once each view has its defaults; a linked check
    // small enough runs at once.
    const opened = (/** @type {import("./fragment.js").PageState} */ state) => {
      if (check.runsNow(state)) $("check").click();
    };
    keepState(opened);
    opened(loadState());
  })
  .catch((e) => {
    $("loading").hidden = true;
    showError(new Error(`The generator did not load: ${e instanceof Error ? e.message : e}`));
  });
