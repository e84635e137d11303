"""Issue 14's target table from one `benches/run` log (stdin): every figure a ratio or a
measurement of that run. Prints Markdown; a figure the log lacks reads "not measured"."""
import re
import sys

SECTIONS = {
    "# Native": "native",
    "# WebAssembly in Node": "node",
    "# WebAssembly in headless Chromium": "chromium",
}
UNITS = {"µs": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(text):
    number, unit = text.split()
    return float(number) * UNITS[unit]


def read(lines):
    rows, memory, section = {}, {}, None
    for line in lines:
        for prefix, name in SECTIONS.items():
            if line.startswith(prefix):
                section = name
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if section and line.startswith("| ") and len(cells) >= 7 and cells[2][0].isdigit():
            rows[section, cells[0]] = cells
        found = re.search(r"(?:Peak resident memory|WebAssembly memory) .*1,000,000 names.*?: (\d+) MiB", line)
        if section and found:
            memory[section] = int(found.group(1)) * 2**20 / 1e6
    return rows, memory


def main():
    rows, memory = read(sys.stdin)

    def row(section, prefix):
        return next((v for (s, w), v in rows.items() if s == section and w.startswith(prefix)), None)

    def ratio(prefix):
        web, native = row("chromium", prefix), row("native", prefix)
        if not web or not native:
            return "not measured"
        return f"{seconds(web[2]) / seconds(native[2]):.2f}x ({web[2]} / {native[2]})"

    generator = row("native", "generator steps, one core")
    floor = generator[5] if generator else "not measured"
    x87 = generator[7] if generator and len(generator) > 7 else "not measured"

    def million(section):
        r = row(section, "1,000,000 names")
        if not r or section not in memory:
            return "not measured"
        return f"{r[2]}, peak {memory[section]:.0f} MB"

    print("## Issue 14's targets, from this run\n")
    print("| work | measured | target |\n|---|---|---|")
    print(f"| a year of C checked against 10,000 names, headless Chromium / native, all cores | {ratio('a year of C checked')} | at most 2x |")
    print(f"| one C-suffix name over the era, headless Chromium / native | {ratio('one C-suffix name')} | at most 2x |")
    print(f"| generator, one core, native / the floor | {floor} | at most 5x |")
    print(f"| 1,000,000 names over one day, native (peak resident memory) | {million('native')} | at most 300 MB, 1.2x today's time |")
    print(f"| 1,000,000 names over one day, headless Chromium (WebAssembly memory) | {million('chromium')} | at most 300 MB, 1.2x today's time |")
    print(f"| generator / the x87 C version, one core | {x87} | at least 40x faster |")


main()
