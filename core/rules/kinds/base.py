"""What a rule kind is, and the state it works on while one policy is assessed on one date."""

from dataclasses import dataclass, field

import polars as pl

from ...data.dataset import ROW
from ...i18n import text as tr
from ..derived import outside_code

OUTCOME = "__outcome"
OUTCOMES = ("eligible", "not_eligible", "compliant", "non_compliant", "not_applicable", "unknown")
OUTCOME_TYPE = pl.Enum(list(OUTCOMES))
FINDING_SCHEMA = {
    "subject": pl.Utf8,
    "id": pl.Utf8,
    "code": pl.Utf8,
    "message": pl.Utf8,
    "citation": pl.Utf8,
    "staff_ids": pl.List(pl.Utf8),
}


class RuleKind:
    """A kind of rule. Subclasses set ``name``, ``phase`` (kinds run in increasing phase, rules of one
    phase in file order) and ``schema`` (the JSON Schema of one rule), and implement:

    * ``expressions(rule)``: yields ``(path, text, scope)`` for every expression in the rule, so the
      loader can type-check each where it stands in the file (``scope``: ``staff``, ``system`` or
      ``decided``: staff plus the system and assignment the person's group came from);
    * ``parameter_refs(rule)``: the keys that name a parameter, checked at load;
    * ``apply(rule, state)``: evaluates the rule on the whole population at once.

    A kind that ``decides`` gives each person an outcome (a policy without one gives no per-person
    results, only findings and targets) and may add its own ``totals(outcomes)``. A kind that only reports
    (findings, targets, figures) sets ``reports_only``: it is skipped where only outcomes matter (there
    ``state.worded`` is False: a kind that decides may leave its findings and its words out too). One whose
    reports are about units and the territory, never about a person, also sets ``about_units``: it is
    skipped where one person is explained (over their part of a dataset it would count a few as everyone).

    ``rows`` says what one person's outcome (or a finding about them, of a kind that reports about people)
    reads besides the rule: ``"own"``, their own row (and their own assignments); ``"system"``, also the other
    people of their system (a cap ranks them together); ``None`` (a plugin's kind that does not say), anything.
    An alternative reading is assessed on the people it can reach only when every kind that decides says
    (:mod:`vnpolicy.rules.reach`), and ``vnpolicy explain`` reads the people as many shared systems away as a
    policy has ``"system"`` rules (:mod:`vnpolicy.rules.part`), the whole dataset where a kind assessed for one
    person does not say; a ``"system"`` kind also implements ``links(state)``.
    """

    name = ""
    phase = 0
    schema = {}
    decides = False
    reports_only = False
    about_units = False
    rows = None

    def totals(self, outcomes):
        """Figures to add to the policy's totals, from its outcomes frame (one row per person)."""
        return {}

    def expressions(self, rule):
        return []

    def parameter_refs(self, rule):
        """Yields ``(path, parameter name, what)`` for keys that name a parameter (``what``: ``money``
        for an amount in đồng, ``count`` for a whole number)."""
        return []

    def apply(self, rule, state):
        raise NotImplementedError

    def matters(self, rule, path, state, unchanged=None):
        """Where in an assessed ``state`` a change of the value of the expression at ``path`` can change
        the outcome this rule decides: a polars expression over ``state.frame``; None: on every row.
        ``unchanged(text, scope)``: whether another expression reads nothing the change changes."""
        return None

    def amount_matters(self, rule, path, state):
        """Where in an assessed ``state`` a change of the parameter named at ``path`` (an amount, a cap's
        size: :meth:`parameter_refs`) can change the outcome: a polars expression over ``state.frame``;
        None: unknown (then everyone is assessed again)."""
        return None

    def replaced(self, rule, other, state):
        """The staff rows (``ROW``) of an assessed ``state`` whose outcome may differ when ``rule`` is read as
        ``other`` (an alternative reading replaces it), besides what their expressions read; None: unknown."""
        return None

    def links(self, state):
        """For a kind whose ``rows`` is ``"system"``: a frame (``ROW``, ``system_id``) of every system each
        person of an assessed ``state`` could be counted on, whatever the other people do; None: unknown."""
        return None


@dataclass
class Reason:
    """One condition as it will appear in every result it is included in."""

    rule: str
    citation: str
    label: object  # the YAML text {vi, en}
    passed: str  # column: the condition held (null: data missing)
    include: str = None  # column: show this reason for the row (None: for every row)
    detail: str = None  # column: a row-specific text appended to the message
    kind: str = "condition"  # condition, exclusion, cap, dossier, requirement, priority, unchecked
    assumed: tuple = ()  # parameters whose value is assumed, not given by the source
    names: tuple = ()  # fields the condition reads, for explain

    def label_text(self, lang):
        return tr(self.label, lang)


@dataclass
class Finding:
    """Findings of one rule as a frame: columns subject, id, code, message, citation (+ staff_id)."""

    frame: pl.DataFrame


@dataclass
class State:
    policy: object
    context: object
    lang: str
    frame: pl.DataFrame  # the people the policy speaks about, one row each
    everyone: pl.DataFrame = None  # everyone in the territory and in post (applies_to or not)
    reasons: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    targets: list = field(default_factory=list)  # one dict per target (the results contract)
    figures: list = field(default_factory=list)  # one dict per figure (kind: figures)
    decision: str = None  # column: a kind's own one-line decision
    _population: pl.DataFrame = None
    group_exclusions: dict = field(default_factory=dict)  # group -> [Reason]
    alternatives: dict = field(default_factory=dict)  # tier row -> [Reason]: the ways in, for "closest"
    tiers: dict = None  # the tiers rule's rows as evaluated (ok columns, systems, amounts): what a cap may reuse
    worded: bool = True  # False: outcomes only (the readings a result depends on): no findings, nor a cap's or a
    # requirement's words (what is worded beside an outcome anyway, a tiers row's, may stay)
    _counter: int = 0
    _pending: list = field(default_factory=list)  # columns added (:meth:`add`), not yet computed: (name, expr)

    @property
    def as_of(self):
        return self.context.as_of

    def column_name(self, prefix):
        self._counter += 1
        return f"__{prefix}_{self._counter}"

    def compile(self, text, scope="staff"):
        """Compile an expression with the parameters in force, joining any derived field it needs."""
        compiled = self.policy.compile(text, self.as_of, scope)
        derived = self.policy.registry.derived
        if scope not in ("system", "unit") and set(compiled.names) & set(derived) - set(self.columns()):
            self.frame = self.with_derived(self.frame, compiled.names)
        return compiled

    def columns(self):
        """The frame's columns, those added but not yet computed too."""
        return [*self._frame.columns, *(name for name, _ in self._pending)]

    def flush(self):
        """Compute the columns added since the frame was last read, in one query (each may read the ones
        before it)."""
        if self._pending:
            lazy = self._frame.lazy()
            for name, expr in self._pending:
                lazy = lazy.with_columns(expr.alias(name))
            self._pending = []
            self._frame = lazy.collect()

    def with_derived(self, frame, names):
        """``frame`` (staff rows) with the derived fields among ``names`` joined on."""
        registry = self.policy.registry
        for name in sorted(names):
            if name in frame.columns or name not in registry.derived:
                continue
            spec = registry.derived[name]
            frame = outside_code(registry, "derived field", name, lambda f=frame, n=name, d=spec: self._join(f, n, d))
        return frame

    def _join(self, frame, name, spec):
        values = self.context.derived(name, spec)
        if isinstance(values, pl.Expr):
            # an expression over the staff row: evaluated once on the whole staff view (which may hold
            # columns this frame does not), then picked by row number
            return frame.with_columns(self.context.derived_column(name, values).gather(frame[ROW]))
        frame = frame.join(values, on="id", how="left", maintain_order="left")
        if spec.default is not None:
            frame = frame.with_columns(pl.col(name).fill_null(spec.default))
        return frame

    def population(self):
        """Everyone in the territory and in post, each with the ``outcome`` the policy gave them
        (``not_applicable`` for people it does not speak about): what unit coverage and targets count.
        Built once, after the kinds that decide outcomes have run (coverage and targets run after them)."""
        if self._population is None:
            decided = self.frame.select(ROW, pl.col(OUTCOME).cast(OUTCOME_TYPE).alias("outcome"))
            self._population = self.everyone.join(decided, on=ROW, how="left", maintain_order="left").with_columns(
                pl.col("outcome").fill_null("not_applicable")
            )
        return self._population

    def evaluate(self, text):
        """Compile an expression over :meth:`population`, joining the derived fields it needs onto it
        (once for all the rules that read them). Returns the compiled expression."""
        compiled = self.policy.compile(text, self.as_of, "outcome")
        self._population = self.with_derived(self.population(), compiled.names)
        return compiled

    def add_findings(self, rows, subject, code, message, citation, id_column="id", staff_ids=None):
        """One finding per row of ``rows``: ``message`` an expression (or text), ``staff_ids`` an
        expression (default: the row's own id for a staff finding, none otherwise); none when not ``worded``."""
        if not self.worded or not rows.height:
            return
        if staff_ids is None:
            staff_ids = pl.concat_list(pl.col(id_column)) if subject == "staff" else pl.lit([], dtype=pl.List(pl.Utf8))
        message = message if isinstance(message, pl.Expr) else pl.lit(message)
        self.findings.append(
            rows.select(
                pl.lit(subject).alias("subject"),
                pl.col(id_column).alias("id"),
                pl.lit(code).alias("code"),
                message.alias("message"),
                pl.lit(citation).alias("citation"),
                staff_ids.alias("staff_ids"),
            ).cast(FINDING_SCHEMA)
        )

    def add(self, expr, prefix="c"):
        """A column of ``expr`` on the frame, by a new name (returned): computed with the others added when the
        frame is next read."""
        name = self.column_name(prefix)
        self._pending.append((name, expr))
        return name

    def unchecked(self, rule, include=None):
        """A rule's ``unchecked`` items: what it cannot check from the dataset, each a reason with
        ``passed: null`` (shown, never decided on), for the people ``include`` names (default: everyone)."""
        for item in rule.get("unchecked", []):
            self.reasons.append(
                Reason(
                    f"{rule['id']}.{item['id']}",
                    item.get("citation", rule["citation"]),
                    item["message"],
                    self.add(pl.lit(None, dtype=pl.Boolean), "r"),
                    include=include,
                    kind="unchecked",
                )
            )

    def assumed(self, compiled):
        """The parameters an expression uses whose value the source does not give."""
        unknown = self.policy.unknown_params(self.as_of)
        return tuple(sorted(p for p in compiled.params if p in unknown))

    def condition(self, rule_id, text, citation, label, kind="condition", scope="staff", include=None, negate=False):
        """Compile ``text``, add its column, and record it as a reason. Returns the Reason."""
        compiled = self.compile(text, scope)
        expr = ~compiled.expr if negate else compiled.expr
        column = self.add(expr, "r")
        reason = Reason(
            rule_id,
            citation,
            label,
            column,
            include=include,
            kind=kind,
            assumed=self.assumed(compiled),
            names=tuple(sorted(compiled.names)),
        )
        self.reasons.append(reason)
        return reason


def _frame(state):
    state.flush()
    return state._frame


def _set_frame(state, frame):
    state._pending = []
    state._frame = frame


# the people the policy speaks about, one row each, with every column added (:meth:`State.add`) computed
State.frame = property(_frame, _set_frame)
