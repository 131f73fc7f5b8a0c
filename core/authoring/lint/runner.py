"""``vnpolicy lint [POLICY-ID | FILE | FOLDER]...``: which files, loading each, and every family of checks."""

import re
from pathlib import Path

import yaml

from ...errors import UsageError, VnpolicyError
from ...hooks.manager import registry
from ...rules.policy import load_policy
from . import citations, conditions, exercised, parameters, tiers
from .common import dates, finding
from .finding import Finding, place, say

LOADER = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.*)$", re.S)
TEXTS = {
    "load": (
        "chính sách không nạp được: {message}",
        "the policy does not load: {message}",
        "sửa lỗi này trước: các kiểm tra khác cần chính sách nạp được",
        "fix this first: the other checks need a policy that loads",
    ),
    "same_id": (
        "mã chính sách {id} đã có ở {other}",
        "policy id {id} is already used by {other}",
        "đặt mã khác (tỉnh/văn bản)",
        "give it another id (province/document)",
    ),
}


def files_of(targets, reg):
    """The policy files to lint: those given (a file, a folder's YAML files but index.yaml, an installed
    policy's id), or every installed one."""
    if not targets:
        return [f for path, _ in reg.policy_files for f in _yaml(path)]
    out, installed = [], None
    for target in map(str, targets):
        path = Path(target)
        if path.exists():
            out += _yaml(path)
            continue
        if installed is None:
            installed = _installed(reg)
        if target not in installed:
            raise UsageError(
                f"{target}: không phải tệp, thư mục hay mã chính sách đã cài; có: {', '.join(sorted(installed))}"
                f" / not a file, a folder or an installed policy id"
            )
        out.append(installed[target])
    return list(dict.fromkeys(out))


def _yaml(path):
    path = Path(path)
    return [f for f in sorted(path.rglob("*.yaml")) if f.name != "index.yaml"] if path.is_dir() else [path]


def _installed(reg):
    """Installed policy ids -> their files (a file that does not load is left out here; linting it says why)."""
    found = {}
    for path, plugin in reg.policy_files:
        for file in _yaml(path):
            try:
                found.setdefault(load_policy(file, reg, plugin).id, file)
            except VnpolicyError:
                continue
    return found


def _loader_findings(file, exc):
    """The loader's line (file:line: message) as a finding, named by the policy's id when the file says it."""
    try:
        head = yaml.safe_load(Path(file).read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError, ValueError):
        head = None
    ident = head.get("id") if isinstance(head, dict) and isinstance(head.get("id"), str) else Path(file).stem
    out = []
    for text in exc.lines:
        m = LOADER.match(text)
        where, at, message = (m["file"], int(m["line"]), m["message"]) if m else (str(file), 1, text)
        what = say(TEXTS["load"][:2], message=message)
        out.append(Finding(place(where), at, "error", ident, what, say(TEXTS["load"][2:])))
    return out


def lint(targets=(), cases=None):
    """Every finding on the policies ``targets`` names (default: every installed policy); ``cases``: a folder
    (or file) of YAML test cases, to find what they do not exercise both ways. Returns (findings, number of
    files looked at)."""
    reg = registry()
    files = files_of(targets, reg)
    findings, policies, ids = [], [], {}
    for file in files:
        try:
            policy = load_policy(file, reg)
        except VnpolicyError as exc:
            findings += _loader_findings(file, exc) + parameters.gaps_in_file(file)
            continue
        if policy.id in ids:
            what, todo = say(TEXTS["same_id"][:2], id=policy.id, other=place(ids[policy.id])), say(TEXTS["same_id"][2:])
            findings.append(finding(policy, ("id",), "error", policy.id, what, todo))
            continue
        ids[policy.id] = file
        policies.append(policy)
        findings += check(policy)
    if cases is not None:
        findings += exercised.check(policies, cases, reg)
    return findings, len(files)


def check(policy):
    """Every check that needs only the policy."""
    days = dates(policy)
    return (
        tiers.groups(policy)
        + tiers.check(policy, days)
        + conditions.check(policy, days)
        + parameters.check(policy)
        + citations.check(policy)
    )
