"""The command line the package is compared with: CONFICKER_DGA_CLI (make python sets it to
the release build), or target/release/conficker-dga of this checkout."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
CLI = os.environ.get("CONFICKER_DGA_CLI", str(ROOT / "target" / "release" / "conficker-dga"))


def cli(*args, statuses=(0, 1)):
    """The command's run; its exit status must be one of `statuses`."""
    result = subprocess.run(
        [CLI, *map(str, args)], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode in statuses, result.stderr
    return result


def cli_json(*args):
    return json.loads(cli(*args).stdout)


def cli_refusal(*args):
    """The message the command line gives for bad input (exit status 2), without its name."""
    result = cli(*args, statuses=(2,))
    return result.stderr.strip().removeprefix("conficker-dga: ")


@pytest.fixture(scope="session", autouse=True)
def the_cli_is_built():
    assert Path(CLI).is_file(), f"{CLI} is missing: make cli-release (or set CONFICKER_DGA_CLI)"
