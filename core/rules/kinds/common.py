"""JSON Schema pieces shared by the builtin rule kinds."""

TEXT = {"$ref": "#/$defs/text"}
EXPRESSION = {"type": "string", "minLength": 1}
CITATION = {"type": "string", "minLength": 3}
DEFS = {
    "text": {
        "oneOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "required": ["vi"],
                "additionalProperties": False,
                "properties": {"vi": {"type": "string"}, "en": {"type": "string"}},
            },
        ]
    }
}


def rule_schema(required, properties):
    """The schema of one rule: id, kind, citation, message, plus the kind's own keys."""
    return {
        "type": "object",
        "required": ["id", "kind", "citation", *required],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string"},
            "citation": CITATION,
            "message": TEXT,
            "comment": {"type": "string"},
            "from": {
                "type": "string",
                "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
                "description": "the rule applies from this date only (a later text it cites, a later phase)",
            },
            **properties,
        },
        "$defs": DEFS,
    }


CONDITION = {
    "type": "object",
    "required": ["id", "when", "message"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "when": EXPRESSION,
        "message": TEXT,
        "citation": CITATION,
        "comment": {"type": "string"},
    },
}

UNCHECKED = {
    "type": "object",
    "description": "what the rule cannot check from the dataset: shown, never decided on",
    "required": ["id", "message"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "message": TEXT,
        "citation": CITATION,
        "comment": {"type": "string"},
    },
}
