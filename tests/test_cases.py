"""Every YAML case under tests/cases runs as its own test (the same runner as ``vnpolicy test``)."""
from pathlib import Path

import pytest

from vnpolicy.cases import load_cases

CASES = [case for file in sorted((Path(__file__).parent / "cases").rglob("*.yaml")) for case in load_cases(file)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file.stem}: {c.name}" for c in CASES])
def test_case(case):
    problems = case.run()
    assert not problems, "\n".join(problems)


def test_every_laocai_rule_is_covered_both_ways():
    """Each rule of NQ 12 is seen passing and failing somewhere in the cases."""
    from vnpolicy import api

    policy = api.policies(["laocai/nq12-2025"])[0]
    seen = {True: set(), False: set()}
    for case in CASES:
        for wanted in case.expect.values():
            if isinstance(wanted, dict):
                seen[True] |= set(wanted.get("passed", []))
                seen[False] |= set(wanted.get("failed", []))
    expected = set()
    for rule in policy.data["rules"]:
        if rule["kind"] in ("exclusion", "cap"):
            expected.add(rule["id"])
        if rule["kind"] == "tiers":
            for tier in rule["tiers"]:
                prefix = f"{rule['id']}.{tier.get('id', tier['group'])}"
                expected |= {f"{prefix}.{c['id']}" for c in tier["conditions"]}
                if "system" in tier:
                    expected.add(f"{prefix}.he_thong")
    key_rules = {r for r in expected if r.startswith(("khong_", "da_huong", "nhom_3_giao", "toi_da"))} | {
        "nhom_ho_tro.nhom_1.he_thong", "nhom_ho_tro.nhom_1.vai_tro", "nhom_ho_tro.nhom_1.trinh_do",
        "nhom_ho_tro.nhom_1.xep_loai", "nhom_ho_tro.nhom_2_dao_tao.giang_day"}
    assert key_rules <= expected
    missing = {r: [w for w in (True, False) if r not in seen[w]] for r in key_rules}
    assert not {r: m for r, m in missing.items() if m}
