"""``vnpolicy new``: the files policy staff start from, written so that they validate and test clean at once.

``new policy PROVINCE/ID`` writes a commented policy into the policy folder of the plugin that owns the
province (or ``--into DIR``) and a case file under the project's ``tests/cases/PROVINCE/``; the project is
the nearest folder above the policy with a ``pyproject.toml`` (else the current folder). Both files begin
with the ``yaml-language-server`` line pointing at the project's ``schemas/`` (written there when missing).
``new plugin NAME`` writes an installable plugin package that contributes such a policy. No file that
exists is ever overwritten: every file is checked before any is written.
"""

import datetime as dt
import os
import re
from pathlib import Path

import yaml

from ..errors import UsageError, unwritable
from ..hooks.manager import registry
from . import templates
from .schemas import export_text

POLICY_ID = re.compile(r"^([a-z_]+)/([a-z0-9][a-z0-9_.\-]*)$")
PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PROVINCE = re.compile(r"^[a-z_]+$")
FIRST_POLICY = "chinh-sach-mau"


def new_policy(policy_id, into=None, reg=None):
    """Writes the policy ``PROVINCE/ID`` and its cases; returns the paths written."""
    match = POLICY_ID.match(policy_id or "")
    if not match:
        raise UsageError(
            f"{policy_id!r}: cần TỈNH/MÃ, chữ thường không dấu, ví dụ laocai/nq15-2026"
            f" / expected PROVINCE/ID, e.g. laocai/nq15-2026"
        )
    province, name = match.groups()
    reg = reg or registry()
    owned = owners(reg)
    if into is not None:
        folder, registered = Path(into), False
    elif province in owned:
        folder, plugin = owned[province]
        if folder is None:
            raise UsageError(
                f"plugin {plugin!r} đăng ký từng tệp chính sách, không đăng ký thư mục: dùng --into DIR rồi đăng ký "
                f"tệp mới trong plugin / plugin {plugin!r} registers files, not a folder: use --into DIR"
            )
        registered = True
    else:
        raise UsageError(
            f"chưa plugin nào đã cài nhận tỉnh {province!r}: bắt đầu bằng vnpolicy new plugin {province} "
            f"(hoặc chọn thư mục bằng --into DIR) / no installed plugin owns province {province!r}: start with "
            f"vnpolicy new plugin {province}"
        )
    root = project_root(folder)
    files = policy_files(policy_id, province, name, folder, root, registered, _province_name(folder))
    return write_all(files, root, reg)


def new_plugin(name, into=None, province=None, reg=None):
    """Writes an installable plugin package ``vnpolicy-NAME/`` (in ``into``, default the current folder)
    whose policy folder holds a first policy of ``province`` (default NAME); returns the paths written."""
    if not PLUGIN_NAME.match(name or ""):
        raise UsageError(
            f"{name!r}: tên plugin cần chữ thường không dấu, số, dấu _, bắt đầu bằng chữ, ví dụ hagiang"
            f" / a plugin name is lowercase letters, digits and _"
        )
    province, reg = province or name, reg or registry()
    if not PROVINCE.match(province):
        raise UsageError(
            f"{province!r}: mã tỉnh chỉ gồm chữ thường không dấu và dấu _; chọn bằng --province, ví dụ "
            f"--province hagiang / a province code is lowercase letters and _"
        )
    package, dist = f"vnpolicy_{name}", f"vnpolicy-{name.replace('_', '-')}"
    root = Path(into or ".") / dist
    folder = root / package / "policies"
    policy_id = f"{province}/{FIRST_POLICY}"
    values = {"name": name, "province": province, "package": package, "dist": dist, "policy_id": policy_id}
    files = {
        root / "pyproject.toml": templates.PYPROJECT.substitute(values),
        root / "README.md": templates.README.substitute(values),
        root / package / "__init__.py": templates.PLUGIN.substitute(values),
        folder / "index.yaml": templates.INDEX.substitute(values),
        **policy_files(policy_id, province, FIRST_POLICY, folder, root, False, None),
    }
    for schema in ("policy", "case", "dataset"):
        files[root / "schemas" / f"{schema}.schema.json"] = export_text(schema, reg)
    return write_all(files, root, reg)


def owners(reg):
    """``{province: (policy folder or None, plugin)}`` from the policy files each plugin registers: a folder's
    ``index.yaml`` and its policies' ids say whose provinces they are (None: the plugin registers files)."""
    found = {}
    for path, plugin in reg.policy_files:
        path = Path(str(path))
        if path.is_dir():
            for province in _provinces(path):
                found.setdefault(province, (path, plugin))
        else:
            for province in _provinces(path):
                found.setdefault(province, (None, plugin))
    return found


def _provinces(path):
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    seen = []
    for file in files:
        data = _read(file)
        key = data.get("province") if file.name == "index.yaml" else str(data.get("id", "")).partition("/")[0]
        if isinstance(key, str) and PROVINCE.match(key) and key not in seen:
            seen.append(key)
    return seen


def _read(file):
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):  # the loader says what is wrong, not us
        return {}
    return data if isinstance(data, dict) else {}


def _province_name(folder):
    title = _read(folder / "index.yaml").get("title")
    return title if isinstance(title, str) else None


def project_root(folder):
    """The nearest folder at or above ``folder`` with a ``pyproject.toml``; else the current folder."""
    folder = Path(folder).resolve()
    for place in (folder, *folder.parents):
        if (place / "pyproject.toml").is_file():
            return place
    return Path.cwd()


def policy_files(policy_id, province, name, folder, root, registered, province_name):
    """``{path: text}`` of a policy and its cases. A case file tests the policy through ``policy_file`` unless
    the policy stands in an installed plugin's folder (then it is the installed policy)."""
    policy = Path(folder) / f"{name}.yaml"
    cases = Path(root) / "tests" / "cases" / province / f"{name}.yaml"
    start = dt.date.today().replace(month=1, day=1).isoformat()
    issuer = "Chính phủ" if province == "national" else f"Hội đồng nhân dân tỉnh {province_name or province}"
    shown = {"policy_path": _relative(policy, root), "case_path": _relative(cases, root)}
    policy_text = templates.POLICY.substitute(
        schema=_relative(Path(root) / "schemas" / "policy.schema.json", policy.parent),
        policy_id=policy_id,
        province=province,
        issuer=issuer,
        start=start,
        **shown,
    )
    link = "" if registered else f"policy_file: {_relative(policy, cases.parent)}   # tệp chính sách được kiểm thử\n"
    cases_text = templates.CASES.substitute(
        schema=_relative(Path(root) / "schemas" / "case.schema.json", cases.parent),
        policy_id=policy_id,
        policy_file=link,
        start=start,
        unit_province="hanoi" if province == "national" else province,
        **shown,
    )
    return {policy: policy_text, cases: cases_text}


def _relative(target, start):
    return Path(os.path.relpath(Path(target).resolve(), Path(start).resolve())).as_posix()


def write_all(files, root, reg):
    """Writes every file, none if one exists already; the project's editor schemas are added when missing."""
    for schema in ("policy", "case"):
        path = Path(root) / "schemas" / f"{schema}.schema.json"
        if path not in files and not path.exists():
            files[path] = export_text(schema, reg)
    existing = [p for p in files if p.exists()]
    if existing:
        raise UsageError(f"{existing[0]}: tệp đã có, không ghi đè / exists already, not overwritten")
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except OSError as exc:
            raise unwritable(path, exc) from None
    return list(files)
