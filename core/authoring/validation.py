"""``vnpolicy validate``: policies and datasets, each problem on one line with file and line or row."""

from pathlib import Path

from ..data import limits as data_limits
from ..data.dataset import load_dataset
from ..data.readers import looks_like_dataset
from ..data.schema import TABLES
from ..errors import VnpolicyError
from ..hooks.manager import registry
from ..rules.policy import load_library, load_policy
from ..rules.readings import check_alternatives, openness
from .copies import differing_copies


def _kind(path, limits):
    if looks_like_dataset(path, limits):
        return "dataset"
    return "policies" if path.is_dir() else "policy"


def _policy_line(label, policy, vi):
    """✓ and the policy, with how open its sources are (every alternative of its readings built first)."""
    check_alternatives(policy)
    o = openness(policy)
    said = (
        f"{o['readings']} cách hiểu, {o['unchecked']} mục không kiểm tra được từ dữ liệu"
        if vi
        else f"{o['readings']} readings, {o['unchecked']} items not checkable from the data"
    )
    if o["undeclared"]:
        names = ", ".join(o["undeclared"])
        said += (
            f"; tham số ghi cách hiểu nhưng chưa khai báo phương án (readings): {names}"
            if vi
            else f"; parameters with a reading note but no declared alternatives (readings): {names}"
        )
    return f"✓ {label}: " + ("chính sách" if vi else "policy") + f" {policy.id} ({said})"


def validate_paths(paths, lang="vi", limits=()):
    vi = lang == "vi"
    limits = data_limits.parse(limits)
    reg = registry()
    ok, problems = [], []
    if not paths:
        try:
            library = load_library(reg)
            ok += [_policy_line(p.path, p, vi) for _, p in sorted(library.items())]
            ok += [("chú ý: " if vi else "note: ") + line for line in differing_copies(library.values(), lang=lang)]
        except VnpolicyError as exc:
            problems += exc.lines
    for path in map(Path, paths):
        if not path.exists():
            problems.append(f"{path}: không tìm thấy / not found")
            continue
        kind = _kind(path, limits)
        try:
            if kind == "dataset":
                data = load_dataset(path, reg, lang, limits)
                counts = ", ".join(f"{t}: {data.table(t).height}" for t in TABLES if data.table(t).height)
                ok.append(f"✓ {path}: " + ("bộ dữ liệu hợp lệ" if vi else "valid dataset") + f" ({counts})")
                ok += [f"  {line}" for line in data.notes]
            elif kind == "policies":
                for file in sorted(path.rglob("*.yaml")):
                    if file.name != "index.yaml":
                        ok.append(_policy_line(file, load_policy(file, reg), vi))
            else:
                ok.append(_policy_line(path, load_policy(path, reg), vi))
        except VnpolicyError as exc:
            problems += exc.lines
    if problems:
        raise VnpolicyError(problems)
    return ok
