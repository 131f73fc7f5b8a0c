"""``vnpolicy validate``: policies and datasets, each problem on one line with file and line or row."""

from pathlib import Path

import yaml

from ..data.dataset import load_dataset
from ..data.schema import TABLES
from ..errors import VnpolicyError
from ..hooks.manager import registry
from ..rules.policy import load_library, load_policy


def _kind(path):
    if path.is_dir():
        return "dataset" if (path / "units.csv").exists() or (path / "staff.csv").exists() else "policies"
    if path.suffix.lower() in (".xlsx", ".json"):
        return "dataset"
    try:
        head = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return "policy"  # let the policy loader say what is wrong, with the line
    if isinstance(head, dict) and set(head) & set(TABLES) and "rules" not in head:
        return "dataset"
    return "policy"


def validate_paths(paths, lang="vi"):
    vi = lang == "vi"
    reg = registry()
    ok, problems = [], []
    if not paths:
        try:
            library = load_library(reg)
            ok += [f"✓ {pid} ({p.path})" for pid, p in sorted(library.items())]
        except VnpolicyError as exc:
            problems += exc.lines
    for path in map(Path, paths):
        if not path.exists():
            problems.append(f"{path}: không tìm thấy / not found")
            continue
        kind = _kind(path)
        try:
            if kind == "dataset":
                data = load_dataset(path, reg, lang)
                counts = ", ".join(f"{t}: {data.table(t).height}" for t in TABLES if data.table(t).height)
                ok.append(f"✓ {path}: " + ("bộ dữ liệu hợp lệ" if vi else "valid dataset") + f" ({counts})")
            elif kind == "policies":
                for file in sorted(path.rglob("*.yaml")):
                    if file.name != "index.yaml":
                        policy = load_policy(file, reg)
                        ok.append(f"✓ {file}: " + ("chính sách" if vi else "policy") + f" {policy.id}")
            else:
                policy = load_policy(path, reg)
                ok.append(f"✓ {path}: " + ("chính sách" if vi else "policy") + f" {policy.id}")
        except VnpolicyError as exc:
            problems += exc.lines
    if problems:
        raise VnpolicyError(problems)
    return ok
