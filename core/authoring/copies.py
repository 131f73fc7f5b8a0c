"""Which copy of a policy is used: the installed one, or a file of the same id under the current folder's
``policies/`` that policy staff have edited since ``pip install .`` (with ``pip install -e .`` they are the
same file and nothing is said)."""

from pathlib import Path

from ..data.yamlsrc import YamlError, load_with_lines


def differing_copies(policies, folder=None, lang="vi"):
    """One line per policy whose installed file differs from a same-id file under ``folder`` (default: the
    current folder's ``policies/``), naming the copy used and how to use the other."""
    folder = Path.cwd() / "policies" if folder is None else Path(folder)
    if not folder.is_dir():
        return []
    by_id = {p.id: p for p in policies if p.plugin != "(command line)"}  # --policy-file: chosen on purpose
    # a file that is an installed policy, or a byte-for-byte copy of one, differs from nothing: not parsed
    # (with ``pip install -e .`` every file under ./policies/ is one, and parsing them is most of a small run)
    used = {p.path.resolve() for p in by_id.values()}
    same = {_bytes(p.path) for p in by_id.values()}
    lines = []
    for file in sorted(folder.rglob("*.yaml")):
        if file.resolve() in used or _bytes(file) in same:
            continue
        try:
            text = file.read_text(encoding="utf-8-sig")
            if "id" not in text:  # no id key (a folder's index.yaml): not a policy, nothing to parse
                continue
            data, _ = load_with_lines(text)
        except (OSError, UnicodeDecodeError, YamlError, ValueError):
            continue  # not a policy we can read: validate names it when asked to
        policy = by_id.get(data.get("id")) if isinstance(data, dict) else None
        if policy is None or policy.path.resolve() == file.resolve():
            continue
        if policy.path.read_text(encoding="utf-8-sig") == text:
            continue
        lines.append(
            f"chính sách {policy.id}: dùng bản đã cài {policy.path}, không phải {file} (khác nhau); cài lại bằng "
            f"pip install -e . hoặc dùng --policy-file {file}"
            if lang == "vi"
            else f"policy {policy.id}: using the installed copy {policy.path}, not {file} (they differ); reinstall "
            f"with pip install -e . or use --policy-file {file}"
        )
    return lines


def _bytes(path):
    try:
        return path.read_bytes()
    except OSError:
        return None
