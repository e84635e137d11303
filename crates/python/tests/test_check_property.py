"""Property: Python's check equals the command line's over random names and date ranges."""

from datetime import date, timedelta

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conficker_dga as c
from conftest import cli

START = date(2008, 11, 15)
# Names the worm drew on days of the range the tests pick from, so that hits are common.
DRAWN = [d["domain"] for day in c.generate("2009-03-01", "2009-03-03", variants="A,B")
         for d in day["domains"][::25]] + [
    d["domain"] for d in c.generate("2009-04-02", variants="C")[0]["domains"][::5000]]

label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
made_up = st.builds(lambda l, s: f"{l}.{s}", label, st.sampled_from(["com", "net", "cn", "ws", "co.uk", "cl", "example"]))
dressed = st.builds(
    lambda n, how: how.format(n=n, d=n.replace(".", "[.]", 1)),
    st.sampled_from(DRAWN),
    st.sampled_from(["{n}", "{n}.", "WWW.{n}", "hxxp://{d}/path", " {n} ", "{n}:80", "mail.{n}"]),
)
names = st.lists(st.one_of(made_up, dressed, st.sampled_from(DRAWN), st.text(max_size=20)),
                 min_size=1, max_size=6).filter(lambda ns: all(not set(n) & set("\n\r\x00") for n in ns))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, st.integers(0, 160), st.integers(0, 12), st.sampled_from([None, "A", "B,C", "C"]))
def test_check_equals_the_cli(names, start, days, variants):
    first = START + timedelta(days=start)
    last = first + timedelta(days=days)
    args = ["check", "-f", "json", "--from", first.isoformat(), "--to", last.isoformat()]
    if variants:
        args += ["--variants", variants]
    # `--` so that a name starting with '-' is a name, as the list holds it.
    run = cli(*args, "--", *names, statuses=(0, 1, 2))
    if run.returncode == 2:
        with pytest.raises(c.InputError) as raised:
            c.check(names, first.isoformat(), last.isoformat(), variants=variants)
        assert raised.value.message == run.stderr.strip().removeprefix("conficker-dga: ")
        return
    got = c.check(names, first.isoformat(), last.isoformat(), variants=variants)
    assert got == json.loads(run.stdout)
