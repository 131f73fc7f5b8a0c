"""Every YAML case under tests/cases runs as its own test (the same runner as ``vnpolicy test``)."""

from pathlib import Path

import pytest

from vnpolicy.authoring.cases import load_cases

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
        "nhom_ho_tro.nhom_1.he_thong",
        "nhom_ho_tro.nhom_1.vai_tro",
        "nhom_ho_tro.nhom_1.trinh_do",
        "nhom_ho_tro.nhom_1.xep_loai",
        "nhom_ho_tro.nhom_2_dao_tao.giang_day",
    }
    assert key_rules <= expected
    missing = {r: [w for w in (True, False) if r not in seen[w]] for r in key_rules}
    assert not {r: m for r, m in missing.items() if m}


def _seen_both_ways(policy_id):
    seen = {True: set(), False: set()}
    for case in CASES:
        if case.policy != policy_id:
            continue
        for wanted in case.expect.values():
            if isinstance(wanted, dict):
                seen[True] |= set(wanted.get("passed", []))
                seen[False] |= set(wanted.get("failed", []))
    return seen


def test_every_daknong_standard_is_covered_both_ways():
    """Each requirement and priority of QĐ 02/2017 passes and fails somewhere; its unit finding is seen
    present and absent."""
    from vnpolicy import api

    policy = api.policies(["daknong/qd02-2017"])[0]
    seen = _seen_both_ways(policy.id)
    expected = {
        f"{rule['id']}.{item['id']}"
        for rule in policy.data["rules"]
        if rule["kind"] == "requirements"
        for item in rule["requirements"] + rule.get("priorities", [])
    }
    assert len(expected) == 7
    assert not {r for r in expected if r not in seen[True] or r not in seen[False]}
    codes = {rule["code"] for rule in policy.data["rules"] if rule["kind"] == "coverage"}
    mine = [c for c in CASES if c.policy == policy.id]
    for code in codes:
        assert any(f.get("code") == code for c in mine for f in c.findings)
        assert any(f.get("code") == code for c in mine for f in c.no_findings)


def test_every_daknong_target_is_met_and_not_met_in_the_cases():
    from vnpolicy import api

    policy = api.policies(["daknong/qd1965-2016"])[0]
    ids = {
        f"{rule['id']}.{t['id']}" for rule in policy.data["rules"] if rule["kind"] == "targets" for t in rule["targets"]
    }
    assert len(ids) == 11  # the ten of 2016, and 100% of leaders trained by 2025
    met = {True: set(), False: set()}
    for case in CASES:
        if case.policy == policy.id:
            for target_id, wanted in (case.targets or {}).items():
                if wanted.get("met") is not None:
                    met[wanted["met"]].add(target_id)
    assert not {t for t in ids if t not in met[True] or t not in met[False]}
