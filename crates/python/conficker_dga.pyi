"""Conficker's rendezvous domains, bit for bit: the conficker-dga core for Python.

Every result equals the command line's JSON field for field (`conficker-dga generate -f json`,
`check -f json`, `scan-log -o json`, `report`'s networks.json); every refusal is an
`InputError` whose `field` and `message` are the core's. The core works with the GIL released.
"""

import os
from typing import Any, Iterable, Literal, Optional, Sequence, TypedDict, Union

__version__: str

StrPath = Union[str, "os.PathLike[str]"]
#: Variants as "A,B" or ["A", "B"]; None: all three.
Variants = Union[str, Sequence[str], None]
#: Options the core parses as the command line's arguments: text or a whole number.
Number = Union[str, int, None]
#: Record batches: a pyarrow RecordBatch or Table, a pandas or Polars DataFrame, anything with
#: `__arrow_c_stream__` or `__arrow_c_array__`, or an iterable of those.
Batches = Any

class InputError(ValueError):
    """A value the core refused."""

    #: The input at fault, the core's key: "names", "from", "to", "date", "slack", "window",
    #: "variants", "suffixes", "utcOffset", "year", "minNames", "format", "sinkhole", ...
    field: str
    #: The core's sentence, as the command line prints it.
    message: str

class ScanError(ValueError):
    """A log the scan could not read to its end."""

    source: str
    message: str

class Limit(TypedDict):
    min: int
    max: int
    default: int

class VariantFacts(TypedDict):
    letter: Literal["A", "B", "C"]
    aliases: str
    firstSeen: str
    perDay: int
    letters: list[int]
    suffixes: list[str]
    validation: str

class Facts(TypedDict):
    eraStart: str
    firstDate: str
    lastDate: str
    variants: list[VariantFacts]
    limits: dict[str, Any]
    exportFormats: list[dict[str, Any]]
    logFormats: list[dict[str, str]]

class IndexedDomain(TypedDict):
    index: int
    domain: str

class DayList(TypedDict):
    date: str
    variant: Literal["A", "B", "C"]
    md5: str
    domains: list[IndexedDomain]

class Hit(TypedDict):
    date: str
    variant: Literal["A", "B", "C"]
    index: int
    beforeFirstSeen: bool

class LineResult(TypedDict):
    input: str
    name: Optional[str]
    verdict: Literal["hit", "not_generated", "not_found", "impossible"]
    possible: bool
    reason: Optional[str]
    note: Optional[str]
    hits: list[Hit]

class ExportFile(TypedDict):
    name: str
    text: str
    type: str

class ExportResult(TypedDict):
    files: list[ExportFile]
    names: int
    keptOut: int
    md5: str
    summary: str

class ScanExample(TypedDict):
    name: str
    variant: str
    date: str
    index: int

class ClientReport(TypedDict, total=False):
    client: Optional[str]
    variants: str
    first: Optional[str]
    last: Optional[str]
    lookups: int
    distinctNames: int
    examples: list[ScanExample]
    processes: list[str]
    machine: dict[str, str]

class DayReport(TypedDict):
    date: str
    queries: int
    lookups: int
    a: int
    b: int
    c: int
    clients: int

class ScanReport(TypedDict):
    variants: str
    slackDays: int
    listsGenerated: int
    stopped: bool
    minNames: int
    clientsBelowMinNames: int
    sources: list[dict[str, Any]]
    clients: list[ClientReport]
    days: list[DayReport]

def facts() -> Facts:
    """The variants, the dates the tool takes, the ranges of its options, the formats."""

def generate(
    from_: Optional[str] = None,
    to: Optional[str] = None,
    *,
    variants: Variants = None,
    suffixes: Optional[Sequence[str]] = None,
) -> list[DayList]:
    """The worm's lists per UTC date and variant: `conficker-dga generate -f json`."""

def check(
    names: Union[str, Sequence[str]],
    from_: Optional[str] = None,
    to: Optional[str] = None,
    *,
    variants: Variants = None,
    around: Optional[str] = None,
    slack: Number = None,
) -> dict[str, Any]:
    """Where and when the worm generated each name: `conficker-dga check -f json`
    (`{variants, from, to, cancelled, daysDone, daysTotal, results: [LineResult]}`)."""

def export(
    format: str,
    from_: Optional[str] = None,
    to: Optional[str] = None,
    *,
    window: Number = None,
    variants: Variants = None,
    sinkhole: Optional[Sequence[str]] = None,
    allow: Optional[str] = None,
    sid_base: Number = None,
) -> ExportResult:
    """The names of a range as the files of an export format, as `conficker-dga export`
    writes them."""

def scan_log(
    files: Sequence[StrPath],
    *,
    slack: Number = None,
    format: Optional[str] = None,
    variants: Variants = None,
    utc_offset: Optional[str] = None,
    year: Number = None,
    date: Optional[str] = None,
    min_names: Number = None,
    dhcp: Optional[Sequence[StrPath]] = None,
) -> ScanReport:
    """The clients in DNS logs that looked up Conficker names: `scan-log -o json`."""

def report(
    reports: Optional[Sequence[Union[StrPath, ScanReport, dict[str, Any]]]] = None,
    *,
    logs: Optional[Sequence[StrPath]] = None,
    networks: Optional[Sequence[StrPath]] = None,
    contacts: Optional[Sequence[StrPath]] = None,
    dhcp: Optional[Sequence[StrPath]] = None,
    output_dir: Optional[StrPath] = None,
    slack: Number = None,
    format: Optional[str] = None,
    variants: Variants = None,
    utc_offset: Optional[str] = None,
    year: Number = None,
    date: Optional[str] = None,
    min_names: Number = None,
) -> dict[str, Any]:
    """Scan reports attributed to networks and machines: `conficker-dga report`'s
    networks.json; with `output_dir`, its whole folder written there."""

class Part:
    """What one reader counted over one part of the input: per-client and per-day tallies."""

    def to_bytes(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> Part: ...
    def clients(self, min_names: Number = None) -> list[ClientReport]: ...
    def days(self) -> list[DayReport]: ...

class Scan:
    """A scan fed by the caller: bytes, lines or Arrow records; parts out for `join`."""

    def __init__(
        self,
        *,
        slack: Number = None,
        format: Optional[str] = None,
        variants: Variants = None,
        utc_offset: Optional[str] = None,
        year: Number = None,
        date: Optional[str] = None,
        min_names: Number = None,
    ) -> None: ...
    def begin(self, name: str) -> None: ...
    def push(self, data: bytes) -> None: ...
    def end(self) -> None: ...
    def lines(self, batches: Batches, column: str = "value") -> None: ...
    def records(
        self,
        batches: Batches,
        *,
        time: str = "ts",
        client: str = "id.orig_h",
        query: str = "query",
        process: Optional[str] = None,
    ) -> None: ...
    def take_part(self, start: int = 0) -> Part: ...
    def report(self) -> ScanReport: ...

def scan_arrow(
    batches: Batches,
    *,
    time: str = "ts",
    client: str = "id.orig_h",
    query: str = "query",
    process: Optional[str] = None,
    name: str = "records",
    start: int = 0,
    slack: Number = None,
    variants: Variants = None,
    utc_offset: Optional[str] = None,
    date: Optional[str] = None,
    min_names: Number = None,
) -> Part:
    """Counts record batches as one part: the per-client and per-day tallies `join` combines."""

def join(
    parts: Sequence[Part],
    *,
    slack: Number = None,
    variants: Variants = None,
    min_names: Number = None,
) -> ScanReport:
    """The report of parts in reading order: equal to one reader's `scan_log`."""
