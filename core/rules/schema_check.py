"""A value checked against a JSON Schema: the one error that best says what is wrong, at its place, in
Vietnamese then English (policies, rules, reforms, case files)."""

import difflib
import json


def check_schema(schema, data, base, fail):
    import jsonschema  # here, not at the top: importing it is a tenth of a second that a cached run saves

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        where = base + tuple(error.absolute_path)
        label = ".".join(str(p) for p in where) or "(gốc / root)"
        found = json.dumps(error.instance, ensure_ascii=False, default=str)
        if len(found) > 60:
            found = found[:57] + "..."
        vi, en = _schema_message(error)
        fail(where, f"{label}: {vi} (gặp {found}) / {en}")


def _schema_message(error):
    """(Vietnamese, English) for one JSON Schema error."""
    v = error.validator
    if v == "required":
        absent = [k for k in error.validator_value if k not in error.instance]
        missing = ", ".join(absent)
        # a key written wrong is first missed: say which one it may be
        extra = [str(k) for k in error.instance if k not in error.schema.get("properties", {})]
        close = [(c[0], k) for k in absent if (c := difflib.get_close_matches(k, extra, n=1))]
        if close:
            typo, key = close[0]
            return (
                f"thiếu khoá {missing}; khoá {typo!r} có phải là {key!r} viết sai?",
                f"missing key {missing}; is {typo!r} meant to be {key!r}?",
            )
        return f"thiếu khoá {missing}", f"missing key {missing}"
    if v == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known]
        close = difflib.get_close_matches(str(extra[0]), known, n=1) if extra else []
        names = ", ".join(map(repr, extra))
        return (
            f"khoá không được phép {names}{f' (có phải {close[0]!r}?)' if close else ''}; các khoá: {', '.join(known)}",
            f"unknown key {names}{f' (did you mean {close[0]!r}?)' if close else ''}",
        )
    if v == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"cần một trong: {allowed}", f"expected one of: {allowed}"
    if v == "pattern":
        return f"không đúng dạng {error.validator_value}", f"does not match {error.validator_value}"
    if v == "type":
        return f"cần kiểu {error.validator_value}", f"expected type {error.validator_value}"
    if v in ("oneOf", "minProperties", "maxProperties", "not") and error.schema.get("description"):
        return f"cần {error.schema['description']}", f"expected {error.schema['description']}"
    return error.message, error.message
