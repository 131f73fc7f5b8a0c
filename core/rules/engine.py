"""Assessment: every policy in force on a date, applied on whole columns to the staff of its territory.

The engine knows nothing about the terminal: it returns :class:`Assessment`, which the writers of
:mod:`vnpolicy.reports` turn into JSON, tables or CSV.
"""

import datetime as dt
import threading
from dataclasses import dataclass, field

import polars as pl

from ..data.dataset import ROW
from .derived import Context, outside_code
from .kinds.base import FINDING_SCHEMA, OUTCOME, State
from .kinds.tiers import AMOUNT, ELIGIBLE, GROUP, PAID, PERIOD
from .kinds.tiers import DECIDED_COLUMNS as _DECIDED
from .people import combine
from .reasons import long_reasons, only, outside_text, with_reasons
from .wording import first_failed, has_failed, texts

UNAPPROVED = _DECIDED["level_approved"]
SYSTEM_ID = _DECIDED["system_id"]  # the system a group came from: is its level approved?

APPLIES = "__applies"
SHOWN = {"__row", "id", "full_name", "unit_id", "unit_name", "start_date", "end_date"}


@dataclass
class PolicyOutcome:
    """What one policy says on one date. ``outcomes`` is the evaluation (one row per person the policy
    speaks about, each reason a boolean column); ``results`` adds each person's list of reasons, built
    on first use since only JSON, CSV and explain need it."""

    policy: object
    in_force: bool
    outcomes: pl.DataFrame = None
    findings: pl.DataFrame = None
    notes: list = field(default_factory=list)
    state: State = None
    deciders: list = field(default_factory=list)  # the rule kinds that gave outcomes
    targets: list = field(default_factory=list)  # one dict per target (the results contract)
    figures: list = field(default_factory=list)  # one dict per figure: counts beside the source's baselines
    _results: pl.DataFrame = None
    _named: pl.DataFrame = None
    combined: pl.DataFrame = None  # staff_id, reading: people whose result depends on a reading of combines
    uncombined: pl.DataFrame = None  # the outcomes before another policy took precedence (rules.people)
    _building: object = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def named(self):
        """``outcomes`` with a ``readings`` column: the readings each result depends on (built on first
        use: it assesses the policy under each other alternative; once, whichever thread asks first)."""
        if self._named is None and self.in_force:
            with self._building:
                if self._named is None:
                    self._named = self._with_readings(self.outcomes)
        return self._named

    def _with_readings(self, outcomes, only=None):
        """``outcomes`` (all, or ``only`` that person's row) with their ``readings`` column."""
        from .alternatives import reading_names  # it assesses the policy again: engine above it

        alone = self.outcomes if self.uncombined is None else self.uncombined
        names = reading_names(self.policy, self.state, self.state.lang, alone, only)
        if self.combined is not None:  # readings of how it combines with another policy (engine.assess)
            names = (
                pl.concat([names.explode("readings"), self.combined.rename({"reading": "readings"})])
                .drop_nulls()
                .group_by("staff_id", maintain_order=True)
                .agg(pl.col("readings").unique(maintain_order=True))
            )
        # only the readings column is built, beside the outcomes' own (a join would copy every column)
        readings = (
            outcomes.select("staff_id")
            .join(names, on="staff_id", how="left", maintain_order="left")
            .select(pl.col("readings").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))))
        )
        return outcomes.with_columns(readings.to_series())

    @property
    def results(self):
        if self._results is None and self.in_force:
            self._results = with_reasons(self.state, self.named)
        return self._results

    def result_slices(self, size, which="all"):
        """``results`` in slices of ``size`` rows, each built with its reasons (``which``: all, deciding,
        none; :mod:`vnpolicy.rules.reasons`): a large assessment's reasons are never all held at once (unless
        ``results`` was already built: its slices then, filtered)."""
        if self._results is not None:
            yield from (only(frame, which) for frame in self._results.iter_slices(size))
            return
        for part, frame in self._parts(size):
            yield with_reasons(self.state, part, frame, which)

    def table_slices(self, size, which="deciding", readings=True):
        """(results without their reasons lists, the reasons one row each, or None with ``which="none"``)
        in slices of ``size`` results: the results tables' shape, never gathered into lists
        (:func:`~.reasons.long_reasons`). ``readings=False``: without the ``readings`` column (the readings
        each result depends on are not worked out: no other alternative is assessed)."""
        for part, frame in self._parts(size, readings):
            yield long_reasons(self.state, part, frame, which)

    def _parts(self, size, readings=True):
        """(a slice of ``named`` — of ``outcomes`` without ``readings`` — the state's rows that hold it)."""
        named, inside = self.named if readings else self.outcomes, self.state.frame.height
        for start in range(0, named.height, size):
            part = named.slice(start, size)
            rows = part.filter(pl.col("__i") < inside)["__i"]  # ascending: the state's rows, in order
            low = rows.min() if rows.len() else 0
            yield part, self.state.frame.slice(low, (rows.max() - low + 1) if rows.len() else 0)

    def reasons_only(self):
        """Each result with its reasons, without the readings it depends on (no other alternative assessed)."""
        return self._results if self._results is not None else with_reasons(self.state, self.outcomes)

    def results_for(self, staff_id):
        """The result of one person, with reasons, without listing everybody's reasons (nor the readings
        everybody else's result depends on: an alternative that cannot reach them is not assessed)."""
        mine = pl.col("staff_id") == staff_id
        if self._results is not None:
            return self._results.filter(mine)
        if self._named is not None:
            return with_reasons(self.state, self._named.filter(mine))
        return with_reasons(self.state, self._with_readings(self.outcomes.filter(mine), staff_id))

    def totals(self):
        """The policy's figures (money paid, people compliant ...), from each kind that decided."""
        if not self.deciders:
            return None
        out = {"policy": self.policy.id}
        for kind in self.deciders:
            out.update(kind.totals(self.outcomes))
        if any(r.get("ceiling") for r in self.policy.data["rules"] if r["kind"] == "tiers"):
            out["ceiling"] = True  # the amounts are ceilings ("không quá"), not what is paid
        return out


def readings_ahead(outcomes, after=None):
    """Work out each outcome's readings (:attr:`PolicyOutcome.named`) on a thread of its own, in turn, while
    the caller writes the results before them: each policy's alternatives are assessments of its own. An
    error there is left for the caller's own ``named`` to raise. ``after``: a thread to wait for first (so
    that readings asked for ahead, one set after another, are worked out one at a time)."""

    def work():
        if after is not None:
            after.join()
        for o in outcomes:
            try:
                _ = o.named
            except BaseException:  # raised again where the caller asks for it (a Ctrl-C polars met here too)
                return

    thread = threading.Thread(target=work, name="vnpolicy readings", daemon=True)
    thread.start()
    return thread


@dataclass
class Assessment:
    as_of: dt.date
    mode: str
    lang: str
    outcomes: list
    people: pl.DataFrame = None  # what each person receives in all (vnpolicy.rules.people)


def assess(dataset, policies, on, lang="vi", everywhere=False, people_only=False):
    """Every policy on one date. ``everywhere``: each policy applied to every unit of the dataset (the
    comparison's "as if they worked under that province's rules"), not only to its own territory.
    ``people_only``: without the kinds whose reports are about units (``Kind.about_units``): what one
    person's explanation needs, on their part of a dataset."""
    return assess_in(Context(dataset, on, everywhere), policies, lang, people_only)


def assess_in(context, policies, lang="vi", people_only=False):
    """Every policy on a context already built (its derived fields shared by every call)."""
    outcomes = [assess_policy(policy, context, lang, people_only=people_only) for policy in policies]
    mode = "compare" if context.everywhere else "jurisdiction"
    return Assessment(context.as_of, mode, lang, outcomes, combine(outcomes, lang))


def assess_policy(policy, context, lang="vi", outcomes_only=False, rows=None, people_only=False):
    """One policy on the context's date. ``outcomes_only``: skip the kinds that only report and the wording
    of each decision (what the readings a result depends on need). ``rows``: only these staff rows (the
    people an alternative reading can reach, :mod:`vnpolicy.rules.reach`). ``people_only``: skip the kinds
    whose reports are about units (:func:`assess`)."""
    on = context.as_of
    if not policy.in_force(on):
        return PolicyOutcome(policy, False)
    view = context.in_post()  # the staff in post on the date, their columns shared by every policy
    # only the columns the policy reads, and those every result shows: less to carry through each join
    keep = [c for c in view.columns if c in policy.names or c in SHOWN]
    wanted = None if context.everywhere else context.covers(policy)
    if rows is not None:
        wanted = pl.col(ROW).is_in(rows.implode()) if wanted is None else wanted & pl.col(ROW).is_in(rows.implode())
        context = context.narrowed(rows)
    frame = view.select(keep) if wanted is None else view.lazy().filter(wanted).select(keep).collect()
    state = State(policy, context, lang, frame, worded=not outcomes_only)
    outside = None
    state.everyone = state.frame  # unit coverage and targets count everyone, whoever the policy speaks about
    if "applies_to" in policy.data:
        applies = state.compile(policy.data["applies_to"]["when"]).expr.fill_null(False)
        state.frame = state.frame.with_columns(applies.alias(APPLIES))
        if policy.data["applies_to"].get("others") == "not_applicable":
            outside = state.frame.filter(~pl.col(APPLIES))
        state.frame = state.frame.filter(pl.col(APPLIES))
    state.frame = state.frame.with_columns(pl.lit("not_applicable").alias(OUTCOME))
    rules = [
        (kind, rule)
        for kind, rule in policy.rules()
        if policy.rule_in_force(rule, on)
        and not (outcomes_only and kind.reports_only)
        and not (people_only and kind.about_units)
    ]
    for kind, rule in rules:
        # the columns it added computed within: a plugin's fault is said as its own
        outside_code(policy.registry, "rule kind", kind.name, lambda k=kind, r=rule: (k.apply(r, state), state.flush()))
    deciders = {kind.name: kind for kind, _ in rules if kind.decides}
    if not deciders:  # findings and targets only: nobody gets a per-person result
        state.frame, outside = state.frame.head(0), None
    findings = pl.concat(state.findings) if state.findings else pl.DataFrame(schema=FINDING_SCHEMA)
    findings = findings.select(pl.lit(policy.id).alias("policy"), *FINDING_SCHEMA)
    state.frame = state.frame.with_row_index("__i")
    outcomes = _outcomes(state, worded=not outcomes_only)
    if outside is not None and outside.height:  # back in the dataset's order
        outcomes = pl.concat([outcomes, _outside(state, outside, outcomes)], how="diagonal_relaxed").sort(ROW)
    outcomes = outcomes.drop(ROW)
    return PolicyOutcome(
        policy, True, outcomes, findings, state.notes, state, list(deciders.values()), state.targets, state.figures
    )


def _outside(state, outside, outcomes):
    """The people a policy speaks about only to say it does not apply to them (``applies_to`` with
    ``others: not_applicable``): one reason, the policy's scope, not met."""
    text = outside_text(state)
    frame = outside.with_row_index("__i", offset=state.frame.height)
    columns = {
        "__i": pl.col("__i"),
        ROW: pl.col(ROW),
        "policy": pl.lit(state.policy.id),
        "staff_id": pl.col("id"),
        "full_name": pl.col("full_name"),
        "unit_id": pl.col("unit_id"),
        "unit_name": pl.col("unit_name"),
        "outcome": pl.lit("not_applicable"),
        "group": pl.lit(None, dtype=pl.Utf8),
        "amount_vnd": pl.lit(None, dtype=pl.Int64),
        "amount_period": pl.lit(None, dtype=pl.Utf8),
        "paid": pl.lit(False),
        "decision": pl.lit(text),
    }
    return frame.select([e.alias(c) for c, e in columns.items() if c in outcomes.columns])


def _with_decision(state):
    """The deciding reason in one line: for someone not eligible, a global exclusion that hit, else the
    first unmet condition of the group they came closest to (fewest unmet conditions; on a tie the lower
    group, whose conditions are the easier to reach); for someone eligible but not paid, the cap; for
    someone paid, nothing. Chosen as an index first, then worded."""
    indexed = list(enumerate(state.reasons))
    of_groups = {id(r) for members in state.group_exclusions.values() for r in members}
    exclusions = [(i, r) for i, r in indexed if r.kind == "exclusion" and id(r) not in of_groups]
    caps = [(i, r) for i, r in indexed if r.kind == "cap"]
    position = {id(r): i for i, r in indexed}
    rows = [[(position[id(r)], r) for r in members] for members in state.alternatives.values()][::-1]
    closest = pl.lit(None, dtype=pl.Int32)
    if rows:
        counts = [pl.sum_horizontal([has_failed(r).cast(pl.Int32) for _, r in members]) for members in rows]
        frame = state.frame.with_columns([c.alias(f"__count_{k}") for k, c in enumerate(counts)])
        fewest = pl.min_horizontal([pl.col(f"__count_{k}") for k in range(len(rows))])
        closest = pl.coalesce(
            [pl.when(pl.col(f"__count_{k}") == fewest).then(first_failed(members)) for k, members in enumerate(rows)]
        )
    else:
        frame = state.frame
    frame = frame.with_columns(closest.alias("__closest"))
    not_eligible = pl.coalesce([first_failed(exclusions), pl.col("__closest")])
    if ELIGIBLE in frame.columns:
        index = (
            pl.when(pl.col(ELIGIBLE) & pl.col(PAID))
            .then(pl.lit(None, dtype=pl.Int32))
            .when(pl.col(ELIGIBLE))
            .then(first_failed(caps, shown_only=True))
            .otherwise(not_eligible)
        )
    else:
        index = not_eligible
    frame = frame.with_columns(index.alias("__decision"))
    index = pl.col("__decision")
    lang = state.lang
    # the reason's words when not met, or not met for missing data (:func:`vnpolicy.rules.wording.texts`)
    words = [t for r in state.reasons for t in texts(r, lang)[1:]]
    missing = pl.coalesce([pl.when(index == i).then(pl.col(r.passed).is_null()) for i, r in indexed] or [pl.lit(False)])
    which = index * 2 + missing.fill_null(False).cast(pl.Int32)
    text = which.replace_strict(list(range(len(words))), words, default=None, return_dtype=pl.Utf8)
    details = [(i, r) for i, r in indexed if r.detail]
    if details:  # the row's detail after the words, put together for the rows that have one only
        detail = pl.coalesce([pl.when(index == i).then(pl.col(r.detail)) for i, r in details])
        both = frame.select(text.alias("text"), detail.cast(pl.Utf8).alias("detail"))
        has = both["detail"].is_not_null()
        text = both["text"]
        if has.any():
            some = both.filter(has)
            text = text.scatter(has.arg_true(), some.select(pl.concat_str("text", pl.lit(" — "), "detail")).to_series())
        text = pl.lit(text)
    if state.decision:  # a kind's own decision (requirements: every one not met) comes first
        text = pl.coalesce([pl.col(state.decision), text])
    return frame.with_columns(text.alias("__decision"))


def _outcomes(state, worded=True):
    """Each person's outcome, group, amount, payment and (``worded``) the deciding reason in one line; without
    it (the readings a result depends on compare outcomes only) the decision is left null."""
    frame = (
        _with_decision(state) if worded else state.frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("__decision"))
    )
    has_tiers = ELIGIBLE in frame.columns
    return frame.select(
        "__i",
        ROW,
        pl.lit(state.policy.id).alias("policy"),
        pl.col("id").alias("staff_id"),
        "full_name",
        "unit_id",
        "unit_name",
        pl.col(OUTCOME).alias("outcome"),
        (pl.col(GROUP) if has_tiers else pl.lit(None, dtype=pl.Utf8)).alias("group"),
        (pl.col(AMOUNT) if has_tiers else pl.lit(None, dtype=pl.Int64)).alias("amount_vnd"),
        *([pl.col(PERIOD).alias("amount_period"), pl.col(PAID).alias("paid")] if has_tiers else []),
        pl.col("__decision").alias("decision"),
        # the system a group came from: whether its level is approved (totals show that money apart)
        *([pl.col(UNAPPROVED), SYSTEM_ID, "system_name"] if reads_systems(state.policy) else []),
    )


def reads_systems(policy):
    """Whether a tier of the policy takes its group from a system the person operates."""
    return any("system" in t for r in policy.data["rules"] if r["kind"] == "tiers" for t in r["tiers"])
