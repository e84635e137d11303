#!/usr/bin/env python3
"""Writes the page as one HTML file that works when opened from disk (file://).

Browsers refuse module scripts, module workers and fetch() from file:// pages, so this
inlines the style sheet and the page's ES modules (joined into one inline module, each in its
own function scope, dependencies first); the core's classic glue runs as its own inline script
and defines the global `wasm_bindgen`, which core.js uses instead of importing pkg/; both .wasm
builds (SIMD128 and scalar, base64) and worker.js ride in data blocks, from which core.js
compiles the build the engine runs and starts the workers as blobs (glue + worker). The Content-Security-Policy names the inline code by hash.

usage: single-file.py WWW_DIR OUTPUT.html
"""
import base64
import hashlib
import re
import sys
from pathlib import Path

ENTRY = "app.js"
IMPORT = re.compile(r'^import\s+(?:(\{[^}]*\})\s+from\s+|\*\s+as\s+(\w+)\s+from\s+)?"\./([\w-]+\.js)";[ \t]*\n', re.M)
EXPORT = re.compile(r"^export\s+(?:(?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)", re.M)


def fail(message):
    sys.exit(f"single-file.py: {message}")


def replace_once(text, old, new):
    if text.count(old) != 1:
        fail(f"expected exactly one {old!r} in index.html")
    return text.replace(old, new)


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def scope(name):
    return "__module_" + re.sub(r"\W", "_", name[:-3])


def bundle(www):
    """The modules reachable from ENTRY as one script: each module becomes a constant holding
    its exports, and each import a destructuring of that constant."""
    order, seen = [], set()

    def visit(name, path):
        if name in path:
            fail(f"import cycle: {' -> '.join(path + [name])}")
        if name in seen:
            return
        seen.add(name)
        source = (www / name).read_text()
        for m in IMPORT.finditer(source):
            visit(m[3], path + [name])
        order.append((name, source))

    visit(ENTRY, [])
    parts = []
    for name, source in order:
        def local(m):
            names, namespace, module = m[1], m[2], m[3]
            if namespace:
                return f"const {namespace} = {scope(module)};\n"
            if names:
                bindings = re.sub(r"\s+as\s+", ": ", names)
                return f"const {bindings} = {scope(module)};\n"
            return ""

        body = IMPORT.sub(local, source)
        if re.search(r"^\s*import\s[^(]", body, re.M):
            fail(f"{name} imports something this script does not inline")
        if re.search(r"^export\s+(default|\{|\*)", body, re.M):
            fail(f"{name}: only `export function|class|const|let` declarations are inlined")
        exports = EXPORT.findall(body)
        body = re.sub(r"^export\s+", "", body, flags=re.M)
        parts.append(f"const {scope(name)} = (() => {{\n{body}\nreturn {{ {', '.join(exports)} }};\n}})();\n")
    return "\n".join(parts)


def raw_text(name, text):
    """Text safe inside a <script> element as it is."""
    if re.search(r"</script|<!--", text, re.I):
        fail(f"{name} contains </script or <!--, which would end or confuse its <script> element")
    return text


def main(www, output):
    page = (www / "index.html").read_text()
    style = (www / "style.css").read_text()
    script = bundle(www)
    glue = raw_text("the classic glue", (www / "pkg/conficker_dga_classic.js").read_text())
    # The glue declares `let wasm_bindgen`, which is global but not a property of globalThis.
    glue += "\nglobalThis.wasm_bindgen = wasm_bindgen;\n"
    worker = raw_text("worker.js", (www / "worker.js").read_text())
    wasm = base64.b64encode((www / "pkg/conficker_dga_bg.wasm").read_bytes()).decode()
    wasm_scalar = base64.b64encode((www / "pkg/conficker_dga_scalar_bg.wasm").read_bytes()).decode()

    csp = (
        f"default-src 'none'; script-src {sha256(glue)} {sha256(script)} 'wasm-unsafe-eval'; "
        f"worker-src blob:; connect-src 'none'; style-src {sha256(style)}; img-src data:; "
        "form-action 'none'; base-uri 'none'"
    )
    page = re.sub(r'(http-equiv="Content-Security-Policy" content=")[^"]*"', lambda m: m[1] + csp + '"', page)
    page = replace_once(page, '<link rel="stylesheet" href="style.css">', f"<style>{style}</style>")
    page = replace_once(
        page,
        f'<script type="module" src="{ENTRY}"></script>',
        f'<script type="text/plain" id="conficker-wasm">{wasm}</script>\n'
        f'<script type="text/plain" id="conficker-wasm-scalar">{wasm_scalar}</script>\n'
        f'<script type="text/plain" id="conficker-worker">{worker}</script>\n'
        f'<script id="conficker-glue">{glue}</script>\n'
        f'<script type="module">{script}</script>',
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
