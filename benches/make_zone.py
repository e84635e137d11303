#!/usr/bin/env python3
"""Writes a synthetic TLD zone for measuring `conficker-dga collisions`: DELEGATIONS delegations
as ICANN's CZDS publishes gTLD zones (absolute lower-case owners, TTL and class on every line),
two NS records each and a DS for one in eight, and one in ten thousand of them a name of C's
list of DATE under SUFFIX (from the release binary's `generate`).

    benches/make_zone.py [DELEGATIONS [SUFFIX [DATE]]] > tld.zone   # 2000000 fr 2024-11-04

The same arguments always write the same zone."""
import random
import subprocess
import sys
from pathlib import Path

delegations = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
suffix = sys.argv[2] if len(sys.argv) > 2 else "fr"
date = sys.argv[3] if len(sys.argv) > 3 else "2024-11-04"
cli = Path(__file__).resolve().parent.parent / "target/release/conficker-dga"
worm = subprocess.run(
    [cli, "generate", "-v", "C", "-d", date, "--suffix", suffix],
    capture_output=True, text=True, check=True,
).stdout.split()
rng = random.Random(1)
letters = "abcdefghijklmnopqrstuvwxyz0123456789"
out = sys.stdout
out.write(f"{suffix}.\t172800\tin\tsoa\tns1.nic.{suffix}. hostmaster.nic.{suffix}. 2024110401 3600 600 3600000 3600\n")
out.write(f"{suffix}.\t172800\tin\tns\tns1.nic.{suffix}.\n{suffix}.\t172800\tin\tns\tns2.nic.{suffix}.\n")
out.write(f"ns1.nic.{suffix}.\t172800\tin\ta\t192.0.2.1\nns2.nic.{suffix}.\t172800\tin\taaaa\t2001:db8::1\n")
lines = []
for i in range(delegations):
    if i % 10_000 == 0 and worm:
        owner = f"{worm[(i // 10_000) % len(worm)]}."
    else:
        owner = "x" + "".join(rng.choices(letters, k=rng.randint(3, 14))) + f"{i}.{suffix}."
    host = rng.randrange(5000)
    lines.append(f"{owner}\t86400\tin\tns\tns1.host{host}.example.\n{owner}\t86400\tin\tns\tns2.host{host}.example.\n")
    if i % 8 == 0:
        lines.append(f"{owner}\t86400\tin\tds\t{rng.randrange(65536)} 13 2 {rng.getrandbits(256):064x}\n")
    if len(lines) > 10_000:
        out.write("".join(lines))
        lines.clear()
out.write("".join(lines))
