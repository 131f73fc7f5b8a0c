"""An assessment's results as the pieces of the results contract (``DATA.md``), and a target's or figure's
result in words: what every writer takes, so that no writer reaches into the rule kinds."""

import polars as pl

from ..i18n import group_name, word
from ..i18n import text as tr
from .engine import readings_ahead, reads_systems
from .kinds.base import OUTCOMES
from .kinds.figures import describe as describe_figure
from .kinds.targets import describe as describe_target
from .kinds.tiers import group_names as tier_group_names
from .people import describe as describe_person
from .people import paying
from .reasons import RESULT_ROW

__all__ = [
    "RESULT_COLUMNS",
    "RESULT_TYPES",
    "RESULT_ROW",
    "REASONS",
    "CHUNK",
    "results",
    "result_columns",
    "result_chunks",
    "table_chunks",
    "readings_ahead",
    "aligned",
    "notes",
    "policy_entries",
    "findings",
    "findings_frame",
    "targets",
    "figures",
    "people",
    "totals",
    "group_name",
    "group_names",
    "details",
    "reads_systems",
    "describe_figure",
    "describe_target",
    "describe_person",
    "paying",
]

RESULT_TYPES = {  # each result's columns and their types, in the contract's order (the reasons list aside)
    "policy": pl.Utf8,
    "staff_id": pl.Utf8,
    "full_name": pl.Utf8,
    "unit_id": pl.Utf8,
    "outcome": pl.Utf8,
    "group": pl.Utf8,
    "amount_vnd": pl.Int64,
    "amount_period": pl.Utf8,
    "paid": pl.Boolean,
    "decision": pl.Utf8,
    "assumptions": pl.List(pl.Utf8),
    "readings": pl.List(pl.Utf8),
}
RESULT_COLUMNS = (
    "policy",
    "staff_id",
    "full_name",
    "unit_id",
    "outcome",
    "group",
    "amount_vnd",
    "amount_period",
    "paid",
    "decision",
    "reasons",
    "assumptions",
    "readings",
)


def outcome_words(lang):
    """Each outcome a result can have, in words (``not_eligible`` -> "không đủ điều kiện")."""
    return {k: word(f"outcome_{k}", lang) for k in OUTCOMES}


def preferences(outcome):
    """The rules of a policy's results that are preferences (a requirements rule's ``priorities``): one not
    met is no failure."""
    return [r.rule for r in outcome.state.reasons if r.kind == "priority"] if outcome.state is not None else []


def results(assessment):
    """One frame of every policy in force's results, in the contract's column order."""
    frames = [
        o.results.select([c for c in RESULT_COLUMNS if c in o.results.columns])
        for o in assessment.outcomes
        if o.in_force and o.results is not None
    ]
    if not frames:
        return pl.DataFrame()
    frame = pl.concat(frames, how="diagonal_relaxed")
    return frame.select([c for c in RESULT_COLUMNS if c in frame.columns])


def notes(outcome, lang):
    """The policy's own notes, then what the assessment noted (dossier items it cannot check)."""
    return [tr(n, lang) for n in outcome.policy.data.get("notes", [])] + [n["message"] for n in outcome.notes]


def policy_entries(assessment):
    out = []
    for o in assessment.outcomes:
        entry = o.policy.summary(assessment.as_of, assessment.lang)
        entry["notes"] = notes(o, assessment.lang)
        out.append(entry)
    return out


def findings(assessment):
    frame = findings_frame(assessment)
    return frame.to_dicts() if frame is not None else []


def findings_frame(assessment):
    """Every policy in force's findings in one frame (None when there is none)."""
    frames = [o.findings for o in assessment.outcomes if o.in_force and o.findings is not None and o.findings.height]
    return pl.concat(frames) if frames else None


def targets(assessment):
    return [t for o in assessment.outcomes if o.in_force for t in o.targets]


def figures(assessment):
    return [f for o in assessment.outcomes if o.in_force for f in o.figures]


def people(assessment):
    return assessment.people.to_dicts() if assessment.people is not None else []


def totals(assessment):
    return [t for o in assessment.outcomes if o.in_force and (t := o.totals()) is not None]


def group_names(policies, lang="vi"):
    """``{(policy id, group code): name}`` of every tiers group of ``policies`` (:func:`.kinds.tiers.group_names`)."""
    return {(p.id, code): name for p in policies for code, name in tier_group_names(p, lang).items()}


def details(assessment):
    """What the payment lists add to each result: ``policy``, ``staff_id``, the unit's name and, for a
    policy whose groups come from a system, the system the person's group came from (``system_id``,
    ``system_name``; null otherwise)."""
    columns = ("policy", "staff_id", "unit_name", "system_id", "system_name")
    frames = [
        o.outcomes.select([c if c in o.outcomes.columns else pl.lit(None, dtype=pl.Utf8).alias(c) for c in columns])
        for o in assessment.outcomes
        if o.in_force and o.outcomes is not None
    ]
    if not frames:
        return pl.DataFrame(schema={c: pl.Utf8 for c in columns})
    return pl.concat(frames, how="vertical_relaxed")


REASONS = ("all", "deciding", "none")  # how much of each result's reasons is written
CHUNK = 10_000  # rows of results built and written at a time, with every reason
CHUNK_FEW = 100_000  # ... as tables, with the deciding reasons or none: far fewer reasons a row, larger slices
CHUNK_LISTS = 25_000  # ... as lists (JSON Lines, CSV) with the deciding reasons or none: each slice's text is held


def result_columns(assessment):
    """The columns of :func:`results` (every policy's, in the contract's order) without building it."""
    found = {c for o in assessment.outcomes if o.in_force and o.outcomes is not None for c in o.outcomes.columns}
    found |= {"reasons", "assumptions", "readings"} if found else set()
    return [c for c in RESULT_COLUMNS if c in found]


def result_chunks(outcome, reasons="all", size=None):
    """One policy's results, ``size`` rows at a time, in the contract's columns, with its reasons: every
    condition (``all``), only the conditions not met of a result that is not positive (``deciding``: why not
    — the ``decision`` says it in one line), or none (an empty list)."""
    if not outcome.in_force or outcome.outcomes is None:
        return
    size = size or (CHUNK if reasons == "all" else CHUNK_LISTS)
    for frame in outcome.result_slices(size, reasons):
        yield frame.select([c for c in RESULT_COLUMNS if c in frame.columns])


def table_chunks(outcome, reasons="deciding", size=None, readings=True):
    """One policy's results as the results tables have them, ``size`` results at a time: (the results in
    the contract's columns without the reasons list, their ``reasons`` one row each — ``result_row`` (the
    reason's result, by its row among these results: :data:`RESULT_ROW`), ``rule``, ``passed``,
    ``citation``, ``message`` — or None with ``reasons="none"``). The ``citation`` is an Enum of the
    policy's citations: its codes are a key (the text once per policy). ``readings=False``: without the
    readings each result depends on (no other alternative assessed)."""
    if not outcome.in_force or outcome.outcomes is None:
        return
    size = size or (CHUNK if reasons == "all" else CHUNK_FEW)
    for frame, long in outcome.table_slices(size, reasons, readings):
        yield frame.select([c for c in RESULT_COLUMNS if c in frame.columns]), long


def aligned(frame, columns):
    """``frame`` with exactly ``columns`` (those it lacks are null), as :func:`results` has them."""
    return frame.select([pl.col(c) if c in frame.columns else pl.lit(None).alias(c) for c in columns])
