"""``vnpolicy explain`` reads one person's part of the dataset (:mod:`vnpolicy.data.focus`): the same
explanation as over the whole dataset — for people competing for a place under a cap too — from a few rows."""

import datetime as dt

import polars as pl

from conftest import SAMPLE, policy_yaml
from vnpolicy import api
from vnpolicy.rules.explain import explain

ON = dt.date(2025, 12, 1)


def _same(path, ids, on=ON):
    full, data = api.run(path, on)
    for sid in ids:
        part, kept = api.run(path, on, person=sid)
        assert explain(part, kept, sid) == explain(full, data, sid), sid
        yield kept


def test_a_capped_system_s_people_are_explained_as_over_the_whole_dataset():
    # S01 (level 3, at most 2 people): L01, L26 paid, L03 over the cap; S04: L06 paid, L07 not
    kept = list(_same(SAMPLE, ["L03", "L07", "L01", "V06", "D02"]))
    staff = set(kept[0].table("staff")["id"])
    assert {"L01", "L26", "L03"} <= staff < set(api.dataset(SAMPLE).table("staff")["id"])


def test_a_generated_dataset_person_by_person(cli, tmp_path):
    assert cli("generate", "--staff", "1500", "--seed", "4", tmp_path / "ds").exit_code == 0
    full, data = api.run(tmp_path / "ds", ON, ["laocai/nq12-2025"])
    capped = [s for f in full.outcomes[0].findings.iter_rows(named=True) for s in f["staff_ids"] or []][:6]
    ids = capped + data.table("staff")["id"].to_list()[:6]
    kept = list(_same(tmp_path / "ds", ids))
    # a person outside the large web of shared systems is read with a few rows; one inside it, whole
    sizes = [k.table("staff").height for k in kept]
    assert min(sizes) < data.table("staff").height / 20 and max(sizes) <= data.table("staff").height


def test_an_unknown_person_is_still_one_line(cli):
    result = cli("explain", SAMPLE, "X99", "--on", "2025-12-01")
    assert result.exit_code != 0 and "X99" in result.output and "Traceback" not in result.output
    assert "có phải" not in result.output  # no id is close to it


def test_an_id_written_otherwise_is_suggested(cli):
    for given in ("l03 ", "L-03"):  # case and spaces; a character more
        result = cli("explain", SAMPLE, given, "--on", "2025-12-01")
        assert result.exit_code != 0 and "có phải 'L03'?" in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1


def test_one_person_s_part_has_no_reports_about_units():
    """Over a person's part of a dataset, unit coverage, targets and figures would count a few people as if
    they were everyone: they are not assessed (explain never shows them); the person's outcomes are the same."""

    def units(assessment):
        return [
            (o.policy.id, len(o.targets), len(o.figures), o.findings.filter(o.findings["subject"] == "unit").height)
            for o in assessment.outcomes
            if o.in_force
        ]

    full, _ = api.run(SAMPLE, dt.date(2020, 12, 31))
    part, _ = api.run(SAMPLE, dt.date(2020, 12, 31), person="D02")
    assert [u for u in units(full) if any(u[1:])]  # qd1965's targets and figures, qd02's unit findings
    assert not [u for u in units(part) if any(u[1:])]
    for whole, mine in zip(full.outcomes, part.outcomes):
        if whole.in_force and whole.deciders:
            assert whole.results_for("D02").equals(mine.results_for("D02")), whole.policy.id


def test_a_unit_s_finding_is_not_a_person_s_whose_id_is_written_as_the_unit_s(sample):
    """A unit's finding (Đơn vị DN-STC has no full-time IT staff, 2020) is not shown to a person whose staff id
    happens to be written as that unit's id; over the whole dataset as over the person's part."""
    for name in ("staff.csv", "assignments.csv", "trainings.csv"):
        path = sample / name
        path.write_text(path.read_text(encoding="utf-8-sig").replace("D01,", "DN-STC,"), encoding="utf-8")
    on = dt.date(2020, 12, 31)
    full, data = api.run(sample, on, ["daknong/qd02-2017"])
    assert "DN-STC" in full.outcomes[0].findings.filter(pl.col("subject") == "unit")["id"].to_list()
    text = explain(full, data, "DN-STC")
    assert "(DN-STC)" in text.splitlines()[0] and "chưa có cán bộ chuyên trách" not in text
    part, kept = api.run(sample, on, ["daknong/qd02-2017"], person="DN-STC")
    assert explain(part, kept, "DN-STC") == text


def _two_systems_away(sample):
    """L90 operates S13 (level 2, one person paid) from 1 March 2025 with L03, who operates it from 1 February and
    is beyond S01's cap (level 3, two paid: L01, L26). L01 is moved to L26's unit: neither shares a unit with L90
    or L03, so only the second shared system (L90 - S13 - L03 - S01 - L01, L26) reaches them."""
    staff = sample / "staff.csv"
    lines = staff.read_text(encoding="utf-8-sig").splitlines()
    l03 = next(line for line in lines if line.startswith("L03,"))
    lines = [line.replace(",LC-TTCNTT,", ",LC-SKHCN,", 1) if line.startswith("L01,") else line for line in lines]
    staff.write_text("\n".join([*lines, l03.replace("L03,", "L90,", 1).replace(",LC-TTCNTT,", ",LC-STC,", 1)]) + "\n")
    with (sample / "assignments.csv").open("a", encoding="utf-8") as f:
        f.write("L90,S13,01/03/2025,,47/QĐ-TTCNTT\n")
    return sample


LOWER = "laocai/nq12-2025.vuot_tran_he_thong_khac=xet_nhom_duoi"


def test_someone_two_shared_systems_away_decides_a_place_under_a_cap(sample, monkeypatch):
    """NQ 12 has two caps: under the reading that moves someone beyond S01's cap to a lower group through
    S13, L03 takes S13's one place before L90 — decided by L01 and L26, two shared systems from L90. L90's part
    reaches them (depth 2), and L90's explanation is the whole dataset's, under either reading; one shared
    system would not do."""
    path, nq12 = _two_systems_away(sample), ["laocai/nq12-2025"]
    for readings in ((), (LOWER,)):
        full, data = api.run(path, ON, nq12, readings=readings)
        part, kept = api.run(path, ON, nq12, readings=readings, person="L90")
        assert explain(part, kept, "L90") == explain(full, data, "L90"), readings
        assert {"L01", "L26", "L03"} <= set(kept.table("staff")["id"]) < set(data.table("staff")["id"])
    paid = full.outcomes[0].results_for("L90")
    assert paid["paid"].to_list() == [False]  # beyond S13's cap, under the reading that moves L03 there
    alone, _ = api.run(path, ON, nq12, person="L90")
    assert "vuot_tran_he_thong_khac" in explain(alone, _, "L90")  # their payment depends on that reading
    monkeypatch.setattr("vnpolicy.rules.part.depth", lambda policies, on: 1)
    for readings in ((), (LOWER,)):
        full, data = api.run(path, ON, nq12, readings=readings)
        near, kept = api.run(path, ON, nq12, readings=readings, person="L90")
        assert "L01" not in set(kept.table("staff")["id"])
        assert explain(near, kept, "L90") != explain(full, data, "L90"), readings


UNIT_COUNT = """
import polars as pl
from vnpolicy import INT, DerivedField, hookimpl


def _count(ctx):
    staff = ctx.in_post()
    per = staff.filter(pl.col("it_role").cast(pl.Utf8) == "chuyen_trach").group_by("unit_id").len("n")
    joined = staff.select("id", "unit_id").join(per, on="unit_id", how="left")
    return joined.select("id", pl.col("n").cast(pl.Int64).fill_null(0).alias("unit_it_staff"))


@hookimpl
def vnpolicy_derived_fields(register):
    register(DerivedField("unit_it_staff", INT, _count, "cán bộ chuyên trách CNTT của đơn vị", default=0))
"""
UNIT_FLAG = """\
applies_to: {when: "it_role != 'khong'", citation: Điều 1}
parameters:
  amount: {description: Mức, unit: vnd_per_month, values: {2025-01-01: 1000000}}
rules:
  - id: muc
    kind: tiers
    citation: Điều 2
    tiers:
      - group: a
        amount: amount
        conditions: [{id: chuyen_trach, when: "it_role == 'chuyen_trach'", message: Chuyên trách}]
  - id: ho_so
    kind: dossier
    citation: Điều 3
    items: [{id: co_nguoi_thay, when: unit_it_staff >= 2, message: Đơn vị có người thay thế}]
  - id: canh_bao
    kind: flags
    citation: Điều 4
    flags: [{code: mot_minh, when: unit_it_staff < 2, message: cán bộ chuyên trách CNTT duy nhất của đơn vị}]
"""


def test_a_plugin_s_derived_field_read_by_a_dossier_or_a_flag_is_explained_over_the_whole_dataset(
    tmp_path, monkeypatch
):
    """Dossier items and flags only report, but explain shows them: a plugin's field they read (here counting
    a unit's full-time IT staff) may read other people's rows, so one person is explained over the whole
    dataset, as they would be were a rule that decides to read it (found by a review: the person alone)."""
    import sys

    from vnpolicy.hooks import manager

    (tmp_path / "unitcount.py").write_text(UNIT_COUNT, encoding="utf-8")
    dist = tmp_path / "unitcount-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: unitcount\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[vnpolicy]\nunitcount = unitcount\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "unitcount", raising=False)
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,unitcount")
    manager.registry.cache_clear()
    policy = tmp_path / "thu.yaml"
    policy.write_text(policy_yaml("laocai/thu-don-vi", UNIT_FLAG), encoding="utf-8")
    args = (SAMPLE, ON, ["laocai/thu-don-vi"], [policy])
    full, data = api.run(*args)
    for sid in ("L01", "L03", "L04"):  # LC-TTCNTT: several full-time IT staff
        part, kept = api.run(*args, person=sid)
        assert explain(part, kept, sid) == explain(full, data, sid), sid
        assert "Đơn vị có người thay thế" in explain(part, kept, sid)


def test_a_parquet_dataset_whose_staff_ids_are_whole_numbers(tmp_path):
    """Read as a text field reads them (found by a review: explain stopped with an internal error)."""
    from vnpolicy.data.readers import read_raw

    raw = read_raw(SAMPLE)
    ids = raw["staff"].frame["id"].to_list()
    number = {i: 1001 + k for k, i in enumerate(ids)}  # L01 -> 1001, L03 -> 1003, D02 -> 1025
    for name, table in raw.items():
        frame = table.frame.drop("_row")
        column = {"staff": "id", "assignments": "staff_id"}.get(name)
        if column:
            frame = frame.with_columns(pl.col(column).replace_strict(number, return_dtype=pl.Int64))
        frame.write_parquet(tmp_path / f"{name}.parquet")
    assert pl.read_parquet(tmp_path / "staff.parquet")["id"].dtype == pl.Int64
    full, data = api.run(tmp_path, ON)
    for sid in ("1003", "1007", str(number["D02"])):
        part, kept = api.run(tmp_path, ON, person=sid)
        assert explain(part, kept, sid) == explain(full, data, sid), sid
        assert kept.table("staff").height < data.table("staff").height
