"""The JSON Schemas an editor checks files against (``vnpolicy schema``), in Vietnamese.

Built at run time from what the project ships and what the installed plugins register, so that a plugin's
rule kinds and dataset fields are in them: the policy format with every rule kind's own keys, chosen by
``kind`` (``if kind == K then K's schema``), a reform (whose rules are checked the same way), a file of
test cases (whose records are checked against the dataset's fields), the results contract, and a YAML or
JSON dataset (every table a list of records with the registered fields, closed code lists as enums).

They are written as JSON Schema draft-07, what VS Code's YAML extension (redhat.vscode-yaml) reads: the
shipped schemas' ``$defs`` become ``definitions``, and ``$ref`` carries no other check beside it. Every
property gets a Vietnamese ``description`` (the hover text) from :mod:`.schema_words`, and every enum its
``enumDescriptions``; a key the words do not know keeps its own description, else says what it is.
"""

import copy
import json

from ..data.schema import FALSE_WORDS, NOTE_COLUMNS, RATING_COLUMN, TABLES, TRUE_WORDS
from ..hooks.manager import CORE_PLUGINS, DEFAULT_PLUGINS, registry
from ..rules.policy import shipped_schema
from . import schema_words as words

NAMES = ("policy", "case", "reform", "results", "dataset")
DRAFT = "http://json-schema.org/draft-07/schema#"
ANNOTATIONS = ("description", "title", "enumDescriptions", "markdownDescription", "default", "examples")
BUILTIN = set(DEFAULT_PLUGINS) | set(CORE_PLUGINS)
# dates as offices type them (yyyy-mm-dd, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy), a time after them ignored
DATE = "^\\s*(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4})([ T].*)?$"
FOLDED = "[^a-z0-9_]"  # a value with another character is what a person typed: vnpolicy folds it, then checks


def export(name, reg=None, unmatched=None):
    """The schema ``name`` (one of :data:`NAMES`) as a dict. ``unmatched``, a list, receives the place of
    every property or code of the project's own (not a plugin's) that :mod:`.schema_words` does not word."""
    reg = reg or registry()
    build = {"policy": _policy, "case": _case, "reform": _reform, "results": _results, "dataset": _dataset}[name]
    schema = build(reg, _Describer(unmatched))
    return _draft07(schema)


def export_text(name, reg=None):
    """The schema as the file ``vnpolicy schema NAME -o FILE`` writes (and schemas/ in the repository holds)."""
    return json.dumps(export(name, reg), ensure_ascii=False, indent=2) + "\n"


# --- describing ------------------------------------------------------------------------------------


class _Describer:
    """Gives every property its Vietnamese description and every enum its descriptions."""

    def __init__(self, unmatched):
        self.unmatched = unmatched if unmatched is not None else []

    def __call__(self, node, path, table, owner=None):
        """Describes ``node`` and everything under it in place; ``path`` is the keys leading to it (never
        empty), ``table`` the words to look in, ``owner`` the plugin it comes from (None: the project's)."""
        if not isinstance(node, dict):
            return node
        if "enum" in node:
            node["enumDescriptions"] = [self.code(path, value, owner) for value in node["enum"]]
        for key, sub in node.get("properties", {}).items():
            if isinstance(sub, dict):
                here = path + (key,)
                sub["description"] = self.word(here, table, sub.get("description"), owner)
                self(sub, here, table, owner)
        for key in ("items", "additionalProperties", "if", "then", "else", "not", "propertyNames"):
            self(node.get(key), path, table, owner)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                self(sub, path, table, owner)
        for sub in node.get("patternProperties", {}).values():
            self(sub, path, table, owner)
        return node

    def word(self, path, table, own, owner):
        for start in range(len(path)):
            said = table.get(".".join(map(str, path[start:])))
            if said:
                return said
        if owner is None:
            self.unmatched.append(".".join(map(str, path)))
        if own:
            return own
        return f"khoá {path[-1]} (plugin {owner})" if owner else f"khoá {path[-1]}"

    def code(self, path, value, owner):
        if value is None:
            return "không có (null)"
        said = words.CODES.get(f"{path[-1]}:{value}") or words.CODES.get(value)
        if said:
            return said
        if owner is None:
            self.unmatched.append(f"{'.'.join(map(str, path))} = {value!r}")
        return str(value)


# --- the policy format -----------------------------------------------------------------------------


def _rule_definitions(reg, describe):
    """``rule`` (the keys every rule has, ``kind`` among the registered kinds, then that kind's own schema:
    ``if kind == K then rule_K``) and ``rule_K`` for every kind, a plugin's too."""
    defs, kinds = {}, sorted(reg.rule_kinds)
    for name in kinds:
        owner = _owner(reg, "rule kind", name)
        schema = copy.deepcopy(reg.rule_kinds[name].schema)
        own = schema.pop("$defs", {})  # one the policy format has too is shared; another becomes <kind>_<name>
        shared = shipped_schema("policy.schema.json")["$defs"]
        renamed = {d: f"{name}_{d}" for d, sub in own.items() if shared.get(d) != sub}
        schema = _renamed_refs(schema, renamed)
        for d, new in renamed.items():
            defs[new] = describe(_renamed_refs(own[d], renamed), (d,), words.POLICY, owner)
        schema.setdefault("properties", {})["kind"] = {"const": name}
        describe(schema, (name,), words.POLICY, owner)
        schema["properties"].get("id", {})["description"] = words.POLICY["rule.id"]  # a rule's id, not any id
        schema["description"] = _kind_word(name, owner)
        defs[f"rule_{name}"] = schema
    rule = {
        "type": "object",
        "description": words.DEFS["rule"],
        "required": ["id", "kind", "citation"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
            "kind": {"type": "string"},
            "citation": {"$ref": "#/$defs/citation"},
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]}, "then": {"$ref": f"#/$defs/rule_{k}"}}
            for k in kinds
        ],
    }
    describe(rule, ("rule",), words.POLICY)
    kind = rule["properties"]["kind"]
    kind.update(enum=kinds, enumDescriptions=[_kind_word(k, _owner(reg, "rule kind", k)) for k in kinds])
    del kind["type"]
    defs["rule"] = rule
    return defs


def _owner(reg, what, key):
    """The plugin that registered it, or None for the project's own."""
    owner = reg.owners.get((what, key))
    return None if owner in BUILTIN else owner


def _kind_word(name, owner):
    return words.KINDS.get(name) or f"quy tắc loại {name} (plugin {owner})"


def _renamed_refs(node, renamed):
    """A copy of ``node`` whose references to the definitions ``renamed`` names use their new names."""
    text = json.dumps(node)
    for old, new in renamed.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    return json.loads(text)


def _policy(reg, describe):
    schema = copy.deepcopy(shipped_schema("policy.schema.json"))
    schema.pop("$id", None)
    values = schema["$defs"]["parameter"]["properties"]["values"]
    schema["$defs"]["parameter_value"] = values["additionalProperties"]
    values["additionalProperties"] = {"$ref": "#/$defs/parameter_value"}
    schema["properties"]["rules"]["items"] = {"$ref": "#/$defs/rule"}
    schema["$defs"]["alternative"]["properties"]["rules"]["items"] = {"$ref": "#/$defs/rule"}
    _describe_document(schema, describe, words.POLICY)
    schema["$defs"].update(_rule_definitions(reg, describe))
    return schema


def _reform(reg, describe):
    schema = copy.deepcopy(shipped_schema("reform.schema.json"))
    schema.pop("$id", None)
    change = schema["properties"]["changes"]["items"]["properties"]
    change["rules"]["items"] = {"$ref": "#/$defs/rule"}
    change["parameters"]["additionalProperties"] = {"$ref": "#/$defs/parameter_value"}
    policy = _policy(reg, _Describer([]))  # its rules come described; the policy schema reports missing words
    _describe_document(schema, describe, words.REFORM)
    defs = {k: v for k, v in policy["$defs"].items() if k not in ("reading", "alternative", "parameter")}
    schema["$defs"] = {**defs, **schema["$defs"]}
    return schema


def _describe_document(schema, describe, table):
    schema["title"], schema["description"] = table["@title"], table["@doc"]
    describe(schema, ("",), table)
    for name, sub in schema.get("$defs", {}).items():
        if name in words.DEFS:
            sub["description"] = words.DEFS[name]
        describe(sub, (name,), table)


# --- test cases, results -----------------------------------------------------------------------------


def _case(reg, describe):
    schema = copy.deepcopy(shipped_schema("cases.schema.json"))
    _describe_document(schema, describe, words.CASE)
    props = schema["properties"]
    for table in TABLES:
        for place in (props["base"], props["cases"]["items"]):
            place["properties"][table]["items"] = {"$ref": f"#/$defs/{table}"}
        defaults = props["defaults"]["properties"][table]
        props["defaults"]["properties"][table] = {"$ref": f"#/$defs/{table}", "description": defaults["description"]}
    schema["$defs"] = _record_definitions(reg, describe, required=False)
    return schema


def _results(reg, describe):
    schema = copy.deepcopy(shipped_schema("results.schema.json"))
    schema.pop("$id", None)
    _describe_document(schema, describe, words.RESULTS)
    return schema


# --- the dataset -----------------------------------------------------------------------------------


def _dataset(reg, describe):
    tables = {t: {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{t}"}} for t in TABLES if reg.table_fields(t)}
    schema = {
        "title": words.DATASET["@title"],
        "description": words.DATASET["@doc"],
        "type": "object",
        "required": ["units", "staff"],
        "additionalProperties": False,
        "properties": tables,
    }
    describe(schema, ("",), words.DATASET)
    schema["$defs"] = _record_definitions(reg, describe, required=True)
    return schema


def _record_definitions(reg, describe, required):
    """One record schema per table, from the registered fields (``required``: with the required fields;
    a test case's records take the others from ``defaults``)."""
    defs = {}
    for table in TABLES:
        specs = reg.table_fields(table)
        if not specs:
            continue
        notes = NOTE_COLUMNS.pattern.replace(".*", "").replace("$", "")
        record = {
            "type": "object",
            "description": words.DATASET[table],
            "additionalProperties": False,
            "properties": {},
            "patternProperties": {notes: {"description": words.DATASET["note"]}},
        }
        for name, spec in specs.items():
            owner = _owner(reg, "field", (table, name))
            value = _codes_described(_field_value(spec), spec, describe, owner)
            if name == "ratings":  # YAML and JSON: a map year -> rating; CSV's columns rating_2024 ... too
                column = _codes_described(_field_value(spec), spec, describe, owner)
                record["patternProperties"][RATING_COLUMN.pattern] = {**column, "description": words.DATASET["rating"]}
                value = {"type": "object", "propertyNames": {"pattern": "^\\d{4}$"}, "additionalProperties": value}
            record["properties"][name] = {**value, "description": _field_word(table, name, spec, owner, describe)}
        if required:
            record["required"] = [n for n, s in specs.items() if s.required]
        defs[table] = record
    return defs


def _field_word(table, name, spec, owner, describe):
    said = words.DATASET.get(f"{table}.{name}")
    if not said and owner is None:
        describe.unmatched.append(f"{table}.{name}")
    said = said or spec.description or f"trường {name} của bảng {table} (plugin {owner})"
    return said + (f"; tham chiếu {spec.references}" if spec.references and "tham chiếu" not in said else "")


def _codes_described(node, spec, describe, owner):
    """Every enum under ``node`` gets its descriptions: the codes' words, and what an alias stands for."""
    if isinstance(node, dict):
        if "enum" in node:
            node["enumDescriptions"] = [
                f"cách viết khác của {spec.aliases[v]}"
                if v in spec.aliases and v not in (spec.allowed or ())
                else describe.code((spec.name,), v, owner)
                for v in node["enum"]
            ]
        for key in ("items", "additionalProperties"):
            _codes_described(node.get(key), spec, describe, owner)
        for sub in node.get("anyOf", []):
            _codes_described(sub, spec, describe, owner)
    return node


def _field_value(spec):
    """What a cell of the field may hold in a YAML or JSON dataset: what vnpolicy reads, no more. A closed
    code list is an enum (with the aliases registered); a value written otherwise than a code (capitals,
    diacritics, spaces: 'Đại học') is folded by vnpolicy and checked then, so the editor lets it be."""
    if spec.kind in ("code", "codes"):
        one = {"type": "string"}
        if spec.allowed is not None:
            aliases = [a for a in spec.aliases if a not in spec.allowed]
            one = {"anyOf": [{"enum": [*spec.allowed, *aliases]}, {"type": "string", "pattern": FOLDED}]}
        value = one if spec.kind == "code" else {"anyOf": [{"type": "array", "items": one}, {"type": "string"}]}
    elif spec.kind == "bool":
        said = sorted(TRUE_WORDS | FALSE_WORDS)
        value = {"anyOf": [{"type": "boolean"}, {"enum": [0, 1, "", *said]}, {"type": "string", "pattern": FOLDED}]}
    elif spec.kind == "int":
        value = {"type": ["integer", "string"], "pattern": "^\\s*-?\\d+([.,]0+)?\\s*$"}
        value.update({k: spec.rules[r] for k, r in (("minimum", "min"), ("maximum", "max")) if r in spec.rules})
    elif spec.kind == "number":
        value = {"type": ["number", "string"], "pattern": "^\\s*-?\\d+([.,]\\d+)?\\s*$"}
    elif spec.kind == "date":
        value = {"type": "string", "pattern": DATE}
    else:
        value = {"type": ["string", "number"]}
    if spec.required:
        return value
    if "anyOf" in value:
        return {**value, "anyOf": [*value["anyOf"], {"type": "null"}]}
    return {"anyOf": [value, {"type": "null"}]}


# --- draft-07 --------------------------------------------------------------------------------------


def _draft07(schema):
    """The schema as draft-07 reads it: ``definitions`` for ``$defs``, nothing checked beside a ``$ref``."""
    text = json.dumps(schema, ensure_ascii=False).replace('"#/$defs/', '"#/definitions/')
    out = _refs_alone(json.loads(text))
    out.pop("$schema", None)
    defs = out.pop("$defs", None)
    result = {"$schema": DRAFT, **out}
    if defs:
        result["definitions"] = defs
    return result


def _refs_alone(node):
    if isinstance(node, list):
        return [_refs_alone(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: (v if k in ("properties", "$defs", "patternProperties") else _refs_alone(v)) for k, v in node.items()}
    for key in ("properties", "$defs", "patternProperties"):
        if key in node:
            node[key] = {k: _refs_alone(v) for k, v in node[key].items()}
    if "$ref" in node and set(node) - {"$ref", *ANNOTATIONS}:
        checks = {k: v for k, v in node.items() if k not in ANNOTATIONS and k != "$ref"}
        kept = {k: v for k, v in node.items() if k in ANNOTATIONS}
        node = {**kept, "allOf": [{"$ref": node["$ref"]}, checks]}
    return node
