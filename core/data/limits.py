"""How much a dataset may hold before reading it stops: bounded work on any input.

Generous where a form is read column by column (CSV, Excel: a whole country fits without a flag), tight
where a form is parsed into Python objects first (YAML, JSON). Every limit is raised with
``--limit KEY=VALUE`` (repeatable) on the commands that read a dataset; a limit reached is one line that
names the limit, what was found and the flag. Defaults and why: docs/dataset.md, "Limits".
"""

import difflib
from dataclasses import dataclass, fields, replace

from ..errors import UsageError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    rows: int = 5_000_000  # rows of one table, any form
    csv_mb: int = 2048  # one CSV file
    xlsx_mb: int = 2048  # an .xlsx workbook unpacked (the sum of its parts' uncompressed sizes)
    xlsx_ratio: int = 100  # how far one part of a workbook unpacks: uncompressed / compressed size
    yaml_mb: int = 200  # one YAML file
    yaml_nodes: int = 1_000_000  # values of a YAML file, every alias and merge key counted as written out
    json_mb: int = 200  # one JSON file
    depth: int = 100  # nesting of YAML and JSON (a dataset needs 4: tables, records, a record, its ratings)


DEFAULT = Limits()
KEYS = tuple(f.name for f in fields(Limits))


def parse(items=()):
    """``["rows=20000000", "yaml_nodes=5000000"]`` -> Limits; an unknown key or a bad value is a UsageError."""
    if isinstance(items, Limits):
        return items
    changes = {}
    for item in items or ():
        key, sep, value = str(item).partition("=")
        key = key.strip()
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; có phải {close[0]!r}? / did you mean {close[0]!r}?" if close else ""
            raise UsageError(
                f"--limit {item!r}: không có giới hạn {key!r}; có: {', '.join(KEYS)}{hint}"
                f"{'' if hint else f' / no limit {key!r}'}"
            )
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            number = 0
        if not sep or number <= 0:
            raise UsageError(
                f"--limit {item!r}: cần {key}=SỐ_NGUYÊN_DƯƠNG (mặc định {getattr(DEFAULT, key)})"
                f" / expected {key}=A_POSITIVE_WHOLE_NUMBER"
            )
        changes[key] = number
    return replace(DEFAULT, **changes)


def over(key, limits, found_vi, found_en):
    """The words of a limit reached: what was found, the limit and the flag that raises it (a caller puts
    the place in front)."""
    limit = getattr(limits, key)
    return (
        f"{found_vi} vượt giới hạn {key}={limit}; nâng bằng --limit {key}=N"
        f" / {found_en} exceeds the limit {key}={limit}; raise it with --limit {key}=N"
    )


def size_mb(size):
    """A size in MB as a person reads it: whole MB, at least 1 for anything over the limit."""
    return max(1, -(-size // MB))
