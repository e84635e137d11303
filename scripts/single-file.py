#!/usr/bin/env python3
"""Writes the page as one HTML file that works when opened from disk (file://).

Browsers refuse module scripts, module workers and fetch() from file:// pages, so this
inlines the style sheet, joins the page's two modules into one inline module, and carries
the worker, its classic glue and the .wasm (base64) in a JSON script from which pool.js
starts the workers as blobs. The Content-Security-Policy names the inline code by hash.

usage: single-file.py WWW_DIR OUTPUT.html
"""
import base64
import hashlib
import json
import re
import sys
from pathlib import Path

MODULES = ["pool.js", "app.js"]  # dependencies first
LOCAL_IMPORT = re.compile(r'^import [^;]* from "\./[^"]+";\n', re.M)


def replace_once(text, old, new):
    if text.count(old) != 1:
        sys.exit(f"single-file.py: expected exactly one {old!r} in index.html")
    return text.replace(old, new)


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def main(www, output):
    page = (www / "index.html").read_text()
    style = (www / "style.css").read_text()
    modules = []
    for name in MODULES:
        source = LOCAL_IMPORT.sub("", (www / name).read_text())
        modules.append(re.sub(r"^export ", "", source, flags=re.M))
    script = "\n".join(modules)
    if re.search(r"^import ", script, re.M):
        sys.exit("single-file.py: a module imports something this script does not inline")
    files = {
        "worker": (www / "worker.js").read_text(),
        "glue": (www / "pkg/conficker_dga_classic.js").read_text(),
        "wasm": base64.b64encode((www / "pkg/conficker_dga_bg.wasm").read_bytes()).decode(),
    }
    # "<" escaped so that no "</script>" inside the data can end the element.
    data = json.dumps(files).replace("<", "\\u003c")

    csp = (
        f"default-src 'none'; script-src {sha256(script)} 'wasm-unsafe-eval'; "
        f"worker-src blob:; connect-src 'none'; style-src {sha256(style)}; img-src data:; "
        "form-action 'none'; base-uri 'none'"
    )
    page = re.sub(r'(http-equiv="Content-Security-Policy" content=")[^"]*"', lambda m: m[1] + csp + '"', page)
    page = replace_once(page, '<link rel="stylesheet" href="style.css">', f"<style>{style}</style>")
    page = replace_once(
        page,
        '<script type="module" src="app.js"></script>',
        f'<script type="application/json" id="conficker-files">{data}</script>\n'
        f'<script type="module">{script}</script>',
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
