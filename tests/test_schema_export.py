"""The schemas an editor checks files against (``vnpolicy schema``): the committed copies under schemas/ are what
the command writes, every bundled policy, case and reform passes them, a misspelt key fails them, every key is
explained in Vietnamese, and a plugin's rule kinds and fields are in them when it is installed."""

import json
import re

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import ROOT, SAMPLE
from vnpolicy.authoring import schemas
from vnpolicy.hooks import manager
from vnpolicy.rules.policy import plain

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")
POLICIES = sorted(p for p in (ROOT / "policies").rglob("*.yaml") if p.name != "index.yaml")
POLICIES += sorted((ROOT / "tests" / "policies").glob("*.yaml"))
CASES = sorted((ROOT / "tests" / "cases").rglob("*.yaml"))
REFORMS = sorted((ROOT / "examples" / "reforms").glob("*.yaml"))
BUNDLED = [(p, "policy") for p in POLICIES] + [(p, "case") for p in CASES] + [(p, "reform") for p in REFORMS]


def committed(name):
    return json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def as_json(path):
    """A YAML file as the editor's JSON sees it: dates as ISO text, keys as text."""
    return json.loads(json.dumps(plain(yaml.safe_load(path.read_text(encoding="utf-8"))), default=str))


def errors(schema, document):
    return [(list(e.absolute_path), e.message) for e in Draft7Validator(schema).iter_errors(document)]


@pytest.mark.parametrize("name", schemas.NAMES)
def test_the_committed_schemas_are_what_the_command_writes(cli, tmp_path, name):
    result = cli("schema", name)
    assert result.exit_code == 0, result.output
    text = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == text, f"regenerate: vnpolicy schema {name} -o schemas/{name}.schema.json"
    written = cli("schema", name, "-o", tmp_path / "s.json")
    assert written.exit_code == 0 and (tmp_path / "s.json").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", schemas.NAMES)
def test_the_schemas_are_draft_07_with_every_reference_found(name):
    schema = committed(name)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = json.dumps(schema)
    assert "$defs" not in text and "$id" not in text
    for ref in set(re.findall(r'"\$ref": "#/definitions/([^"]+)"', text)):
        assert ref in schema["definitions"], ref


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("enum", "const", "required", "enumDescriptions"):
                yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


@pytest.mark.parametrize("name", schemas.NAMES)
def test_every_key_and_code_is_explained_in_vietnamese(name):
    undescribed, codes = [], []
    for node in _nodes(committed(name)):
        for key, sub in node.get("properties", {}).items():
            if not VIETNAMESE.search(sub.get("description", "")):
                undescribed.append((key, sub.get("description")))
        if "enum" in node:
            said = node.get("enumDescriptions") or []
            if len(said) != len(node["enum"]) or not all(VIETNAMESE.search(s) for s in said):
                codes.append((node["enum"], said))
    assert undescribed == [] and codes == []
    unmatched = []
    schemas.export(name, unmatched=unmatched)
    assert unmatched == [], "words for these in core/authoring/schema_words*.py"


def test_every_rule_kind_has_its_own_keys_behind_its_kind():
    schema = committed("policy")
    kinds = schema["definitions"]["rule"]["properties"]["kind"]
    assert kinds["enum"] == sorted(manager.registry().rule_kinds)
    branches = {
        b["if"]["properties"]["kind"]["const"]: b["then"]["$ref"] for b in schema["definitions"]["rule"]["allOf"]
    }
    assert branches == {k: f"#/definitions/rule_{k}" for k in kinds["enum"]}
    for kind in kinds["enum"]:
        assert schema["definitions"][f"rule_{kind}"]["additionalProperties"] is False
    # each key its own words, though the kinds share one schema part for every expression
    coverage, figure = schema["definitions"]["rule_coverage"], schema["definitions"]["rule_figures"]
    assert coverage["properties"]["units"]["description"].startswith("Những đơn vị phải có người")
    assert coverage["properties"]["having"]["items"]["properties"]["when"]["description"].startswith("Cán bộ của")
    said = {k: v["description"] for k, v in figure["properties"]["figures"]["items"]["properties"].items()}
    assert len(set(said.values())) == len(said), said


@pytest.mark.parametrize(("path", "name"), BUNDLED, ids=[f"{p.parent.name}/{p.name}" for p, _ in BUNDLED])
def test_every_bundled_file_names_and_passes_its_schema(path, name):
    head = MODELINE.match(path.read_text(encoding="utf-8"))
    assert head, f"{path}: the first line names the schema"
    assert (path.parent / head.group(1)).resolve() == ROOT / "schemas" / f"{name}.schema.json"
    assert errors(committed(name), as_json(path)) == []


NQ12 = ROOT / "policies" / "laocai" / "nq12-2025.yaml"


def _tier_rule(policy):
    return next(r for r in policy["rules"] if r["kind"] == "tiers")


MISSPELT = {
    "amout": lambda p: _tier_rule(p)["tiers"][0].update(amout=_tier_rule(p)["tiers"][0].pop("amount")),
    "conditons": lambda p: _tier_rule(p)["tiers"][0].update(conditons=_tier_rule(p)["tiers"][0].pop("conditions")),
    "kind: exclusions": lambda p: p["rules"][0].update(kind="exclusions"),
    "a cap's maxx": lambda p: next(r for r in p["rules"] if r["kind"] == "cap").update(maxx=1),
    "documnet": lambda p: p.update(documnet=p.pop("document")),
    "unit: vnd_per_year": lambda p: p["parameters"]["amount_nhom_1"].update(unit="vnd_per_year"),
}


@pytest.mark.parametrize("change", MISSPELT)
def test_a_misspelt_key_or_kind_fails_the_policy_schema(change):
    policy = as_json(NQ12)
    assert errors(committed("policy"), policy) == []
    MISSPELT[change](policy)
    assert errors(committed("policy"), policy) != []


def test_a_reform_rule_and_a_case_record_are_checked_too():
    reform = as_json(ROOT / "examples" / "reforms" / "nq12-nhom3-2026.yaml")
    reform["changes"][0]["rules"] = [{**_tier_rule(as_json(NQ12)), "kind": "tier"}]
    assert errors(committed("reform"), reform) != []
    case = as_json(ROOT / "tests" / "cases" / "laocai" / "nq12-2025.yaml")
    case["defaults"]["staff"]["educaton"] = "dai_hoc"
    assert [path for path, _ in errors(committed("case"), case)] == [["defaults", "staff"]]


def test_datasets_pass_the_dataset_schema_and_misspelt_fields_and_codes_fail(cli, tmp_path):
    schema = committed("dataset")
    assert cli("generate", tmp_path / "d.yaml", "--staff", "60", "--form", "yaml").exit_code == 0
    assert errors(schema, as_json(tmp_path / "d.yaml")) == []
    import csv

    sample = {}
    for table in ("units", "staff", "systems", "assignments", "trainings", "indicators"):
        with open(SAMPLE / f"{table}.csv", encoding="utf-8-sig", newline="") as rows:
            sample[table] = [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(rows)]
    assert errors(schema, sample) == []  # what offices type: 15/01/2020, có, x, codes as written
    staff = sample["staff"][0]
    for field, value, ok in [
        ("education", "Đại học", True),
        ("ghi_chu", "bất kỳ", True),
        ("education", "dai_hocc", False),
        ("educaton", "dai_hoc", False),
        ("is_leader", "coo", False),
        ("start_date", "2020/01/15", False),
    ]:
        said = errors(schema, {**sample, "staff": [{**staff, field: value}]})
        assert (said == []) == ok, (field, value, said)


@pytest.mark.parametrize("golden", ["assess.json", "compare.json"])
def test_the_results_schema_describes_the_outputs(golden):
    assert errors(committed("results"), json.loads((ROOT / "tests" / "golden" / golden).read_text("utf-8"))) == []


def test_line_numbers_still_point_at_the_line_under_the_schema_comment(tmp_path, cli):
    """The first line is a comment: a policy's and a case's errors still name their own lines."""
    lines = NQ12.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "and major in accepted_majors" in line)
    lines[at] = lines[at].replace(" major ", " majr ")
    (tmp_path / "p.yaml").write_text("".join(lines), encoding="utf-8")
    result = cli("validate", tmp_path / "p.yaml")
    assert result.exit_code == 1 and f"p.yaml:{at + 1}: rules." in result.stderr, result.stderr
    case = (ROOT / "tests" / "cases" / "laocai" / "thue-chuyen-gia.yaml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(case) if line.startswith("as_of:"))
    case[at] = "as_of: 2025-02-30"
    (tmp_path / "c.yaml").write_text("\n".join(case) + "\n", encoding="utf-8")
    result = cli("test", tmp_path / "c.yaml")
    assert result.exit_code == 1 and f"c.yaml:{at + 1}: ngày không có thật" in result.stderr, result.stderr


# --- a plugin's own rule kinds and fields ------------------------------------------------------------

PLUGIN = """\
import vnpolicy
from vnpolicy import EXPRESSION, RuleKind, rule_schema


class Bonus(RuleKind):
    name = "bonus"
    schema = rule_schema(["when", "points"], {"when": EXPRESSION, "points": {"type": "integer", "minimum": 1}})

    def apply(self, rule, state):
        pass


@vnpolicy.hookimpl
def vnpolicy_rule_kinds(register):
    register(Bonus())


@vnpolicy.hookimpl
def vnpolicy_dataset_fields(register):
    register("staff", "union_member", "bool", description="đoàn viên công đoàn")
    register("units", "zone", "code", allowed=("bac", "nam"))
"""


def test_an_installed_plugins_kinds_and_fields_are_in_the_schemas(tmp_path, monkeypatch, cli):
    from test_plugins import _install_dist

    _install_dist(tmp_path, monkeypatch, "vnpolicy_bonus", PLUGIN)
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,vnpolicy_bonus")
    manager.registry.cache_clear()
    policy = json.loads(cli("schema", "policy").stdout)
    assert "bonus" in policy["definitions"]["rule"]["properties"]["kind"]["enum"]
    assert set(policy["definitions"]["rule_bonus"]["properties"]) >= {"when", "points", "citation"}
    assert "vnpolicy_bonus" in policy["definitions"]["rule_bonus"]["description"]
    document = as_json(NQ12)
    rule = {"id": "thuong", "kind": "bonus", "citation": "Điều 9", "when": "is_leader", "points": 2}
    document["rules"].append(rule)
    assert errors(policy, document) == []
    document["rules"][-1] = {**rule, "pionts": 2}
    assert errors(policy, document) != []
    dataset = json.loads(cli("schema", "dataset").stdout)
    staff = dataset["definitions"]["staff"]["properties"]
    assert staff["union_member"]["description"] == "đoàn viên công đoàn"
    zone = dataset["definitions"]["units"]["properties"]["zone"]["anyOf"][0]
    assert zone["enum"] == ["bac", "nam"] and all(zone["enumDescriptions"])
    assert "union_member" in json.loads(cli("schema", "case").stdout)["definitions"]["staff"]["properties"]


def test_the_docs_show_the_editor_set_up():
    guide = (ROOT / "docs" / "policy-format.md").read_text(encoding="utf-8")
    assert "redhat.vscode-yaml" in guide and "vnpolicy schema policy" in guide
    assert "vnpolicy schema" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "vnpolicy schema policy" in (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
