"""The results as tables (``-f parquet``, ``-f duckdb``; documented in ``docs/results-tables.md``): the
JSON output's lists as frames with the same names — results, reasons (one row per condition, its citation
by key), findings, targets, figures, totals, people, policies and citations; a comparison adds
``scenario`` and ``province`` columns and its provinces and costs. The two large tables (results, reasons)
are built and handed on a slice of rows at a time (:func:`vnpolicy.rules.results.table_chunks`)."""

import polars as pl

from ..rules import results as res

LARGE = ("results", "reasons")  # the tables handed on a slice at a time
RESULT_TYPES = res.RESULT_TYPES
REASON_TYPES = {
    "policy": pl.Utf8,
    "staff_id": pl.Utf8,
    "rule": pl.Utf8,
    "passed": pl.Boolean,
    "citation_id": pl.Int32,
    "message": pl.Utf8,
}
WHERE = {"scenario": pl.Utf8, "province": pl.Utf8}  # a comparison's rows: which rules, which province's
RESULT_ROW = res.RESULT_ROW  # ``chunks(at=True)``: a reason's result, by its row in the results just handed on
REASON_FIELD_TYPES = {c: kind for c, kind in REASON_TYPES.items() if c not in ("policy", "staff_id")}


class Tables:
    """What :mod:`vnpolicy.reports.parquetfile` writes: ``chunks()`` yields (table, frame) of the large
    tables slice by slice; ``small()`` the others but the citations, whole, at any time; ``cited()``
    the citations the reasons name, once the chunks are written."""

    def __init__(self, runs, policies, reasons="deciding", extra=()):
        self.runs = runs  # (scenario, province, assessment); None, None for an assessment
        self.compared = runs and runs[0][0] is not None
        self.reformed = any(scenario == "reform" for scenario, _, _ in runs)  # a comparison with a reform
        self.policies = policies  # the JSON's policy entries
        self.reasons = reasons
        self.extra = extra  # (name, list of dicts) of a comparison
        self.citations = {}

    def where(self, scenario, province, kind=None):
        """The columns saying which rules and province a comparison's rows are of (texts, or with ``kind``
        ``pl.Enum`` each an Enum of its one text)."""
        if not self.compared:
            return []
        return [_constant(scenario, "scenario", kind), _constant(province, "province", kind)]

    def schema(self, types):
        return {**(WHERE if self.compared else {}), **types}

    def chunks(self, enums=False, at=False):
        """(table, frame) of the large tables, slice by slice. ``enums``: the texts that are a few per slice
        (scenario, province, policy, rule) left as Enums of those texts, not cast to text: a writer that
        numbers texts numbers their few categories, not every row (:mod:`vnpolicy.reports.duckdbfile`).
        ``at``: each slice's reasons right after its results, each reason's result by its row among them
        (:data:`RESULT_ROW`, from 0) in place of the scenario, province, policy and staff id it repeats."""
        res.readings_ahead([o for _, _, assessment in self.runs for o in assessment.outcomes])
        kind = pl.Enum if enums else None
        for scenario, province, assessment in self.runs:
            for outcome in assessment.outcomes:
                where = [*self.where(scenario, province, kind), _constant(outcome.policy.id, "policy", kind)]
                for chunk, reasons in res.table_chunks(outcome, self.reasons):
                    if not chunk.height:
                        continue
                    yield "results", _typed(chunk.with_columns(where), self.schema(RESULT_TYPES), enums)
                    if reasons is None:
                        continue
                    if not at:  # each row with its result's staff id, and which rules
                        reasons = reasons.with_columns(chunk["staff_id"].gather(reasons[RESULT_ROW]), *where)
                    yield "reasons", self._reasons(reasons, enums, at)

    def _reasons(self, long, enums=False, at=False):
        """The reasons with each citation's key, numbered as the citations first come: ``citation`` is an
        Enum of the policy's citations (:func:`vnpolicy.rules.reasons.long_reasons`), keyed by its codes."""
        texts, codes = long["citation"].dtype.categories, long["citation"].to_physical()
        for code in codes.drop_nulls().unique(maintain_order=True):
            self.citations.setdefault(texts[code], len(self.citations) + 1)
        keys = pl.Series([self.citations.get(t) for t in texts], dtype=pl.Int32).gather(codes)
        types = {RESULT_ROW: pl.UInt32, **REASON_FIELD_TYPES} if at else self.schema(REASON_TYPES)
        return _typed(long.with_columns(keys.alias("citation_id")), types, enums)

    def small(self):
        rows = {name: [] for name in ("findings", "targets", "figures", "totals")}
        people = []
        for scenario, province, assessment in self.runs:
            head = {"scenario": scenario, "province": province} if self.compared else {}
            found = res.findings_frame(assessment)
            if found is not None:
                people_where = self.where(scenario, province)
                rows["findings"].append(found.select(*people_where, pl.all()))
            for name, listed in (("targets", res.targets), ("figures", res.figures), ("totals", res.totals)):
                rows[name] += [{**head, **x} for x in listed(assessment)]
            if assessment.people is not None and assessment.people.height:
                people.append(assessment.people.select(*self.where(scenario, province), pl.all()))
        yield "findings", pl.concat(rows["findings"], how="diagonal_relaxed") if rows["findings"] else _empty()
        for name in ("targets", "figures", "totals"):
            yield name, _frame(rows[name])
        yield "people", pl.concat(people, how="diagonal_relaxed") if people else _empty()
        yield "policies", _frame([_policy(p) for p in self.policies])
        for name, listed in self.extra:
            yield name, _frame(listed)

    def cited(self):
        """The ``citations`` table: each citation the reasons name, by its key."""
        pairs = sorted(self.citations.items(), key=lambda kv: kv[1])
        return pl.DataFrame(
            {"citation_id": [k for _, k in pairs], "citation": [t for t, _ in pairs]},
            schema={"citation_id": pl.Int32, "citation": pl.Utf8},
        )


def assessment_tables(assessment, reasons="deciding"):
    return Tables([(None, None, assessment)], res.policy_entries(assessment), reasons)


def comparison_tables(comparison, report, reasons="deciding"):
    runs = [(s.name, p, run) for s in comparison.scenarios for p, run in s.runs.items()]
    extra = [("provinces", report["comparison"]["provinces"]), ("costs", report["comparison"]["costs"])]
    return Tables(runs, report["policies"], reasons, extra)


def _constant(text, name, kind=None):
    return pl.lit(text, pl.Utf8 if kind is None else kind([text])).alias(name)


def _typed(frame, types, enums=False):
    """``frame`` with exactly the columns ``types`` names, each of its type (``enums``: an Enum stays one
    where the type is text)."""
    kept = {c for c, kind in frame.schema.items() if enums and isinstance(kind, pl.Enum) and types.get(c) == pl.Utf8}
    return frame.select(
        [
            pl.col(c)
            if c in kept
            else (pl.col(c) if c in frame.columns else pl.lit(None)).cast(kind, strict=False).alias(c)
            for c, kind in types.items()
        ]
    )


def _policy(entry):
    """A policy's entry with its readings as a list of (reading, alternative) and everything else as in JSON
    (the document a struct)."""
    readings = [{"reading": k, "alternative": str(v)} for k, v in (entry.get("readings") or {}).items()]
    return {**entry, "readings": readings}


def _frame(rows):
    """A small list of dicts (targets, totals ...) as a frame: the columns of every dict, one type each."""
    if not rows:
        return _empty()
    frame = pl.DataFrame(rows, infer_schema_length=None, strict=False)
    return frame.cast({c: _known(kind) for c, kind in frame.schema.items()})


def _known(kind):
    """A type with every part that no row fills (``Null``, within lists and structs too: a figure's
    ``baseline`` without a note) as text: DuckDB refuses such a column of a struct some rows lack."""
    if kind == pl.Null:
        return pl.Utf8
    if isinstance(kind, pl.List):
        return pl.List(_known(kind.inner))
    if isinstance(kind, pl.Struct):
        return pl.Struct({f.name: _known(f.dtype) for f in kind.fields})
    return kind


def _empty():
    return pl.DataFrame(schema={"policy": pl.Utf8})
