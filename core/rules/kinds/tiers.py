"""``kind: tiers``: an ordered table of groups; the first (highest) group whose conditions all hold
is the person's group and amount, once.

A tier may require that the person directly manages or operates, on the date, a system meeting
``system`` (an expression over the system's fields); the system chosen for the person is the one
with the highest security level, then the earliest assignment, then the lowest id. Rows may repeat a
group to give it several ways in (Lào Cai's nhom_2: a level-2 system, or training at the IT centre).

A tier's ``amount`` names a parameter in đồng: ``vnd_per_month`` (paid monthly) or ``vnd_once`` (a
one-time payment); a tier without one gives support that is not a sum of money (``support`` says what).
When the source does not give a tier's amount (the parameter's value is ``unknown``), the people that
tier takes get the outcome ``unknown``, their group, no amount, and a decision that says so: never a
guess. ``unchecked`` lists what the rule cannot check from the dataset (months not paid, ...): each is a
reason with ``passed: null`` in every eligible or unknown result.
"""

import polars as pl

from ...data.dataset import ROW, SYSTEM_ROW
from ...i18n import group_name, word
from ...i18n import text as tr
from .base import OUTCOME, Reason, RuleKind
from .common import CITATION, CONDITION, EXPRESSION, TEXT, UNCHECKED, rule_schema
from .exclusion import EXCLUDED

GROUP, AMOUNT, TIER, ELIGIBLE, PAID = "__group", "__amount", "__tier", "__eligible", "__paid"
PERIOD = "__period"
PERIODS = {"vnd_per_month": "month", "vnd_once": "once"}  # a money parameter's unit -> amount_period
SYSTEM = "system_id"  # the system the person's group came from (one of DECIDED_COLUMNS)
DECIDED_COLUMNS = {
    "system_id": "system_id",
    SYSTEM_ROW: SYSTEM_ROW,
    "security_level": "system_security_level",
    "level_approved": "system_level_approved",
    "system_name": "system_name",
    "assignment_decision": "assignment_decision",
    "assignment_start": "assignment_start",
}

TIER_ROW = {
    "type": "object",
    "required": ["group", "conditions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "needed when a group has several rows"},
        "group": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "name": TEXT,
        "amount": {"type": "string", "description": "a parameter in đồng (vnd_per_month or vnd_once)"},
        "support": TEXT,
        "citation": CITATION,
        "message": TEXT,
        "system": EXPRESSION,
        "system_message": TEXT,
        "conditions": {"type": "array", "items": CONDITION},
        "comment": {"type": "string"},
    },
}


SYSTEM_REASON = "he_thong"  # a row's reason "operates a system of this level": ``<rule>.<row>.he_thong``


def _prefix(rule, tier):
    """A row's reasons are named ``<rule id>.<row id or group>.<condition id>``."""
    return f"{rule['id']}.{tier.get('id', tier['group'])}"


def read_alone(state):
    """The assessed ``state``'s tiers columns say where each person stands, for one rule's change to be read
    alone: one tiers rule (its ``TIER`` column), and no cap that moves people down (``over_cap:
    lower_group``: then every row's conditions and system matter to someone in a higher row)."""
    rules = state.policy.data["rules"]
    return (
        TIER in state.frame.columns
        and sum(r["kind"] == "tiers" for r in rules) == 1
        and not any(r.get("over_cap") == "lower_group" for r in rules)
    )


def group_names(policy, lang="vi"):
    """``{group code: name}`` of every tiers group of ``policy`` (:func:`vnpolicy.i18n.group_name`): a row's
    ``name``, else "Nhóm 1" ...; a group of several rows takes the first name given."""
    out = {}
    for t in (t for r in policy.data["rules"] if r["kind"] == "tiers" for t in r["tiers"]):
        if t.get("name") or t["group"] not in out:
            out[t["group"]] = group_name(t["group"], lang, t.get("name"))
    return out


class Tiers(RuleKind):
    name = "tiers"
    phase = 20
    rows = "own"
    schema = rule_schema(
        ["tiers"],
        {
            "tiers": {"type": "array", "minItems": 1, "items": TIER_ROW},
            "unchecked": {"type": "array", "items": UNCHECKED},
            "ceiling": {
                "type": "boolean",
                "description": 'the amounts are ceilings ("không quá"): totals say so (ceiling: true), never a cost',
            },
        },
    )
    decides = True

    def totals(self, outcomes):
        paid = outcomes.filter(pl.col("paid"))
        out = {"monthly_vnd": int(paid.filter(pl.col("amount_period") == "month")["amount_vnd"].sum() or 0)}
        once = paid.filter(pl.col("amount_period") == "once")
        if once.height:
            out["one_time_vnd"] = int(once["amount_vnd"].sum() or 0)
        approved = DECIDED_COLUMNS["level_approved"]
        if approved in outcomes.columns:  # money paid for a system whose level is not (yet) approved
            monthly = paid.filter((pl.col("amount_period") == "month") & ~pl.col(approved).fill_null(True))
            out["monthly_unapproved_vnd"] = int(monthly["amount_vnd"].sum() or 0)
        return {
            **out,
            "eligible": int((outcomes["outcome"] == "eligible").sum()),
            "paid": paid.height,
            "unknown": int((outcomes["outcome"] == "unknown").sum()),
        }

    def expressions(self, rule):
        for i, tier in enumerate(rule["tiers"]):
            if "system" in tier:
                yield ("tiers", i, "system"), tier["system"], "system"
            for j, cond in enumerate(tier["conditions"]):
                yield ("tiers", i, "conditions", j, "when"), cond["when"], "staff"

    def parameter_refs(self, rule):
        for i, tier in enumerate(rule["tiers"]):
            if "amount" in tier:
                yield ("tiers", i, "amount"), tier["amount"], "money"

    def matters(self, rule, path, state, unchanged=None):
        """Someone in a higher row (a lower index) stays there whatever a lower row's conditions say; and a
        row whose other conditions (those that read nothing changed: ``unchanged(text, scope)``) do not all
        hold does not hold either way."""
        if path[0] != "tiers" or not read_alone(state):
            return None
        where = pl.col(TIER).is_null() | (pl.col(TIER) >= path[1])
        if unchanged is None:
            return where
        tier = rule["tiers"][path[1]]
        prefix = _prefix(rule, tier)
        texts = {f"{prefix}.{c['id']}": (c["when"], "staff") for c in tier["conditions"]}
        if "system" in tier:
            texts[f"{prefix}.{SYSTEM_REASON}"] = (tier["system"], "system")
        texts.update({r["id"]: (r["when"], "staff") for r in state.policy.data["rules"] if r["kind"] == "exclusion"})
        for reason in state.alternatives.get(prefix, []):
            text = texts.get(reason.rule)
            if text is not None and unchanged(*text):
                where = where & pl.col(reason.passed).fill_null(False)
        return where

    def amount_matters(self, rule, path, state):
        """A row's amount is the amount of the people in that row (whether it is known decides eligible or
        unknown, so paid and every cap that counts them: their systems carry it on)."""
        return pl.col(TIER) == path[1] if read_alone(state) else None  # a cap may move people into the row

    def apply(self, rule, state):
        row_ok, row_reasons, systems = [], [], []
        for tier in rule["tiers"]:
            citation = tier.get("citation", rule["citation"])
            prefix = _prefix(rule, tier)
            reasons = []
            chosen = system_col = None
            if "system" in tier:
                compiled = state.compile(tier["system"], "system")
                chosen = self._choose_system(compiled, state)
                system_col = f"{chosen}_system_id"
                label = tier.get("system_message") or {"vi": word("operates", "vi"), "en": word("operates", "en")}
                passed = state.add(pl.col(system_col).is_not_null(), "r")
                reasons.append(
                    Reason(
                        f"{prefix}.{SYSTEM_REASON}",
                        citation,
                        label,
                        passed,
                        detail=system_col,
                        assumed=state.assumed(compiled),
                    )
                )
                state.reasons.append(reasons[-1])
            for cond in tier["conditions"]:
                reasons.append(
                    state.condition(
                        f"{prefix}.{cond['id']}", cond["when"], cond.get("citation", citation), cond["message"]
                    )
                )
            reasons += state.group_exclusions.get(tier["group"], [])
            state.alternatives[prefix] = reasons
            ok = pl.all_horizontal([pl.col(r.passed).fill_null(False) for r in reasons]) if reasons else pl.lit(True)
            row_ok.append(pl.col(state.add(ok, "ok")))  # kept: a cap may move someone to a lower row
            row_reasons.append(reasons)
            systems.append(chosen)

        frame = state.frame.with_columns(
            pl.coalesce([pl.when(ok).then(pl.lit(i, dtype=pl.Int32)) for i, ok in enumerate(row_ok)]).alias(TIER)
        )
        tiers = rule["tiers"]
        policy, on = state.policy, state.as_of
        amounts = [policy.value(t["amount"], on) if "amount" in t else None for t in tiers]
        periods = [PERIODS.get(policy.parameters[t["amount"]].unit) if "amount" in t else None for t in tiers]
        unknown = [i for i, t in enumerate(tiers) if "amount" in t and amounts[i] is None]
        excluded = pl.col(EXCLUDED).fill_null(False) if EXCLUDED in frame.columns else pl.lit(False)
        index = list(range(len(tiers)))
        frame = frame.with_columns(
            pl.col(TIER)
            .replace_strict(index, [t["group"] for t in tiers], default=None, return_dtype=pl.Utf8)
            .alias(GROUP),
            pl.col(TIER).replace_strict(index, amounts, default=None, return_dtype=pl.Int64).alias(AMOUNT),
            pl.col(TIER).replace_strict(index, periods, default=None, return_dtype=pl.Utf8).alias(PERIOD),
        )
        reached = pl.col(TIER).is_not_null() & ~excluded
        is_unknown = reached & pl.col(TIER).is_in(unknown)
        eligible = reached & ~is_unknown
        frame = frame.with_columns(
            eligible.alias(ELIGIBLE),
            eligible.alias(PAID),
            pl.when(eligible)
            .then(pl.lit("eligible"))
            .when(is_unknown)
            .then(pl.lit("unknown"))
            .otherwise(pl.lit("not_eligible"))
            .alias(OUTCOME),
        )
        frame = frame.with_columns(
            pl.when(reached).then(pl.col(GROUP)).alias(GROUP),
            pl.when(pl.col(ELIGIBLE)).then(pl.col(AMOUNT)).alias(AMOUNT),
            pl.when(pl.col(ELIGIBLE)).then(pl.col(PERIOD)).alias(PERIOD),
        )
        state.frame = frame
        unknown_includes, said = self._say_what_is_not_money(rule, unknown, state)
        self._unchecked(rule, state)
        frame = state.frame
        # Show each row's conditions for the winning row and those above it (why this group, why not
        # a higher one); all rows for a person who reaches none.
        for index, reasons in enumerate(row_reasons):
            include = pl.col(TIER).is_null() | (pl.col(TIER) >= index)
            name = f"__inc_tier_{rule['id']}_{index}"
            frame = frame.with_columns(include.alias(name))
            for reason in reasons:
                reason.include = name
        state.frame = self._join_decided(frame, systems, state.context.active_assignments().schema)
        state.tiers = {
            "rule": rule["id"],
            "ok": row_ok,
            "systems": systems,
            "tiers": tiers,
            "amounts": amounts,
            "periods": periods,
            "unknown": unknown,  # rows whose amount the source does not give
            "unknown_includes": unknown_includes,  # their "amount unknown" reason's include column
            "said": said,  # the decision's words for rows that are not a sum of money
        }

    @staticmethod
    def _say_what_is_not_money(rule, unknown, state):
        """A person whose tier's amount the source does not give: a reason (``passed: null``) and the
        decision say so. A person whose support is not a sum of money: the decision says what it is."""
        tiers, policy = rule["tiers"], state.policy
        unknown_text = {
            i: {
                lang: f"{word('amount_unknown', lang)}: {tr(policy.parameters[tiers[i]['amount']].description, lang)}"
                for lang in ("vi", "en")
            }
            for i in unknown
        }
        includes = {}
        for i, label in unknown_text.items():
            include = includes[i] = state.add((pl.col(OUTCOME) == "unknown") & (pl.col(TIER) == i), "inc")
            param = policy.parameters[tiers[i]["amount"]]
            state.reasons.append(
                Reason(
                    f"{rule['id']}.{tiers[i].get('id', tiers[i]['group'])}.muc_chi_tra",
                    param.citation or tiers[i].get("citation", rule["citation"]),
                    label,
                    state.add(pl.lit(None, dtype=pl.Boolean), "r"),
                    include=include,
                    kind="unchecked",
                )
            )
        said = {i: tr(label, state.lang) for i, label in unknown_text.items()}
        said.update(
            {
                i: f"{word('support', state.lang)}: {tr(t['support'], state.lang)}"
                for i, t in enumerate(tiers)
                if "amount" not in t and t.get("support")
            }
        )
        if said:
            state.decision = state.add(
                pl.when(pl.col(OUTCOME).is_in(["eligible", "unknown"])).then(
                    pl.col(TIER).replace_strict(list(said), list(said.values()), default=None, return_dtype=pl.Utf8)
                ),
                "decision",
            )
        return includes, said

    @staticmethod
    def _unchecked(rule, state):
        """What the rule cannot check from the dataset, shown in every eligible or unknown result."""
        if rule.get("unchecked"):
            state.unchecked(rule, state.add(pl.col(OUTCOME).is_in(["eligible", "unknown"]), "inc"))

    @staticmethod
    def _choose_system(compiled, state):
        """The system (and its assignment) a person would be in this tier for: the first of theirs in
        the order of choice that meets the ``system`` expression. Joined as ``<prefix>_<column>``;
        returns the prefix."""
        prefix = state.column_name("sys")
        chosen = (
            state.context.active_assignments()
            .filter(compiled.expr.fill_null(False))
            .unique(ROW, keep="first", maintain_order=True)
            .select(ROW, *[pl.col(src).alias(f"{prefix}_{src}") for src in DECIDED_COLUMNS])
        )
        state.frame = state.frame.join(chosen, on=ROW, how="left", maintain_order="left")
        return prefix

    @staticmethod
    def _join_decided(frame, systems, schema):
        """The system and assignment a person's group came from, as ``system_*`` / ``assignment_*``."""
        frame = frame.drop([c for c in DECIDED_COLUMNS.values() if c in frame.columns])
        chosen = [(i, p) for i, p in enumerate(systems) if p]
        return frame.with_columns(
            [
                pl.coalesce(
                    [pl.when(pl.col(TIER) == i).then(pl.col(f"{p}_{src}")) for i, p in chosen]
                    or [pl.lit(None, dtype=schema[src])]
                ).alias(dst)
                for src, dst in DECIDED_COLUMNS.items()
            ]
        )
