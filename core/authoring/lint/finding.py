"""A finding of ``vnpolicy lint`` and how it is said: one line, in Vietnamese or English."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("error", "warning", "info")
SEVERITY_WORDS = {
    "error": {"vi": "lỗi", "en": "error"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
    "info": {"vi": "thông tin", "en": "info"},
}
OTHER = "\x00khac"  # a value of an open code or text field that none of the policy's constants is
EMPTY = {"vi": "(trống)", "en": "(empty)"}
OTHER_WORD = {"vi": "(mã khác)", "en": "(another code)"}


def say(pair, **args):
    """``pair`` = (Vietnamese, English) templates, filled with ``args``; an argument that is itself a
    ``{vi, en}`` dict is taken in each language. Returns ``{vi, en}``."""
    return {
        lang: template.format(**{k: (v[lang] if isinstance(v, dict) and lang in v else v) for k, v in args.items()})
        for lang, template in zip(("vi", "en"), pair)
    }


def shown(value):
    """A value as a policy author writes it: codes bare, true/false, dates yyyy-mm-dd, lists in brackets."""
    if value is None:
        return EMPTY
    if value is True or value is False:
        return "true" if value else "false"
    if value == OTHER or (isinstance(value, str) and value.startswith(OTHER)):
        return OTHER_WORD
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        inner = [shown(v) for v in value]
        return {
            lang: "[" + ", ".join(i[lang] if isinstance(i, dict) else i for i in inner) + "]" for lang in ("vi", "en")
        }
    return str(value)


def count(n):
    """A whole number as both languages write it: 2.000.000 / 2,000,000."""
    return {"vi": f"{n:,}".replace(",", "."), "en": f"{n:,}"}


def day(value):
    """A date as each language writes it: 01/07/2026 / 2026-07-01."""
    return {"vi": value.strftime("%d/%m/%Y"), "en": value.isoformat()}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    severity: str  # error, warning, info
    id: str  # the rule, tier, condition or parameter (or the policy)
    what: dict  # {vi, en}: what is wrong
    todo: dict = field(default=None)  # {vi, en}: what to do

    def key(self):
        return (self.file, self.line, SEVERITIES.index(self.severity), self.id, self.what["vi"])

    def render(self, lang="vi"):
        todo = f" — {self.todo[lang]}" if self.todo else ""
        return f"{self.file}:{self.line}: {SEVERITY_WORDS[self.severity][lang]}: {self.id}: {self.what[lang]}{todo}"


def place(path):
    """A file as the finding names it: relative to the current folder when it is under it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render(findings, files, lang="vi"):
    """The lines ``vnpolicy lint`` prints: each finding, then how many of each severity in how many files."""
    lines = [f.render(lang) for f in sorted(findings, key=Finding.key)]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    if lang == "vi":
        lines.append(f"{counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} thông tin ({files} tệp)")
    else:
        plural = {s: "" if counts[s] == 1 else "s" for s in SEVERITIES}
        lines.append(
            f"{counts['error']} error{plural['error']}, {counts['warning']} warning{plural['warning']}, "
            f"{counts['info']} info ({files} file{'' if files == 1 else 's'})"
        )
    return lines


def failing(findings, strict=False):
    """Whether the run fails: an error, or with ``strict`` a warning too."""
    return any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)
