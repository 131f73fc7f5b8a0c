"""Why: one person's outcome under each policy, in words, with every condition and its citation."""

import polars as pl

from ..data.territory import exists, in_post, province_for, territory
from ..errors import UsageError
from ..i18n import amount, word
from ..i18n import text as tr
from .kinds.tiers import group_names
from .people import describe as describe_person
from .readings import readings


def explain(assessment, dataset, staff_id, memo=None):
    """One person's outcome under each policy, in words. ``memo``: a dict shared with :func:`explain_data` for
    the same person, so that each policy's result row (and the readings it depends on) is built once."""
    lang = assessment.lang
    vi = lang == "vi"
    person = the_person(dataset, staff_id, lang)
    p = person.row(0, named=True)
    lines = [
        f"{p['full_name']} ({staff_id}) — {p['unit_name']} ({p['unit_id']})",
        ("Ngày đánh giá: " if vi else "Assessed on: ") + assessment.as_of.strftime("%d/%m/%Y"),
    ]
    for outcome in assessment.outcomes:
        lines.append("")
        lines += _explain_policy(outcome, person, staff_id, assessment, memo)
    lines += _in_all(assessment, staff_id)
    return "\n".join(lines) + "\n"


def the_person(dataset, staff_id, lang="vi"):
    """The person's row of the dataset's staff view; a one-line error naming the id (and the id it may have
    meant) when there is none."""
    staff = dataset.staff_view()
    person = staff.filter(pl.col("id") == staff_id)
    if person.height:
        return person
    vi = lang == "vi"
    close = _close_id(staff["id"], staff_id)
    hint = (f"; có phải {close!r}?" if vi else f"; did you mean {close!r}?") if close else ""
    raise UsageError(
        f"không có cán bộ mã {staff_id!r} trong {dataset.source}{hint}"
        if vi
        else f"no staff member {staff_id!r} in {dataset.source}{hint}"
    )


CLOSE_AMONG = 20_000  # up to this many staff, an id a letter or two away is suggested too (difflib)


def _close_id(ids, staff_id):
    """A staff id the one given may have meant: the same but for case and surrounding spaces, or (among
    :data:`CLOSE_AMONG` staff at most) the closest one; None without one."""
    same = ids.filter(ids.str.to_lowercase() == staff_id.strip().lower())
    if same.len():
        return same[0]
    if ids.len() > CLOSE_AMONG:
        return None
    import difflib

    close = difflib.get_close_matches(staff_id, ids.drop_nulls().to_list(), n=1)
    return close[0] if close else None


def _in_all(assessment, staff_id):
    """What the person receives under every policy assessed, and the policies they must choose between."""
    lang = assessment.lang
    people = assessment.people.filter(pl.col("staff_id") == staff_id) if assessment.people is not None else None
    if people is None or not people.height:
        return []
    p = people.row(0, named=True)
    lines = ["", word("in_all", lang) + ": " + describe_person(p, lang)]
    totals = [
        amount(p[key], period, lang) for key, period in (("monthly_vnd", "month"), ("one_time_vnd", "once")) if p[key]
    ]
    if totals:
        lines.append("  " + word("in_all_total", lang) + ": " + ", ".join(totals))
    for pair in p["must_choose"]:
        lines.append("  " + word("must_choose_between", lang, policies=" / ".join(pair)))
    if p["unknown"]:
        lines.append("  " + word("amount_unknown_short", lang))
    return lines


def _explain_policy(outcome, person, staff_id, assessment, memo=None):
    lang, on = assessment.lang, assessment.as_of
    vi = lang == "vi"
    policy = outcome.policy
    doc = policy.data["document"]
    head = f"[{policy.id}] {policy.title(lang)} — {doc.get('number') or word('no_number', lang)}"
    if not outcome.in_force:
        return [
            head,
            (
                "  Chính sách không có hiệu lực vào ngày này (hiệu lực từ "
                if vi
                else "  Not in force on that date (in force from "
            )
            + policy.in_force_from.strftime("%d/%m/%Y")
            + ").",
        ]
    if not outcome.deciders:
        return [
            head,
            "  "
            + (
                "Chính sách chỉ có mục tiêu và phát hiện về đơn vị, không có kết quả cho từng người "
                "(xem vnpolicy assess)."
                if vi
                else "The policy has targets and unit findings only, no result per person (see vnpolicy assess)."
            ),
        ]
    row = _result(outcome, staff_id, memo)
    if not row.height:
        return [head, "  " + _why_not_spoken_about(policy, person, on, lang)]
    r = row.row(0, named=True)
    result = word(f"outcome_{r['outcome']}", lang)
    if r["group"]:
        result += f" — {r['group']}"
    if r["amount_vnd"] is not None:
        result += f" — {amount(r['amount_vnd'], r.get('amount_period'), lang)}"
    if r["outcome"] == "eligible" and not r.get("paid", True):
        result += f" ({word('not_paid_cap', lang)})"
    lines = [head, ("  Kết quả: " if vi else "  Outcome: ") + result]
    mine = outcome.state.frame.filter(pl.col("id") == staff_id)
    values = mine.row(0, named=True) if mine.height else person.row(0, named=True)  # outside the scope
    by_rule = {reason.rule: reason for reason in outcome.state.reasons}
    for reason in r["reasons"]:
        spec = by_rule.get(reason["rule"])
        priority = spec is not None and spec.kind == "priority"
        mark = "?" if reason["passed"] is None else "✓" if reason["passed"] else "–" if priority else "✗"
        lines.append(f"  {mark} {reason['message']}")
        names = spec.names if spec else ()
        if reason["rule"] == "applies_to":
            names = sorted(policy.compile(policy.data["applies_to"]["when"], on).names)
        shown = [f"{n} = {_show(values.get(n), lang)}" for n in names if n in values]
        if shown and reason["passed"] is False and not priority:
            lines.append(("      dữ liệu: " if vi else "      data: ") + ", ".join(shown))
        lines.append(f"      ({reason['citation']})")
    mine = outcome.findings.filter(_about(staff_id))
    for f in mine.iter_rows(named=True):
        lines.append(("  Phát hiện: " if vi else "  Finding: ") + f"{f['message']} ({f['citation']})")
    if r.get("decision"):
        lines.insert(2, ("  Lý do quyết định: " if vi else "  Deciding reason: ") + r["decision"])
    for note in r.get("assumptions") or []:
        lines.append(("  Giả định: " if vi else "  Assumption: ") + note)
    declared = readings(policy)
    for tag in r.get("readings") or []:
        rid, _, alt = tag.partition("=")
        reading = declared[rid]
        others = ", ".join(a for a in reading.alternatives if a != alt)
        lines.append(
            (
                f"  Cách hiểu {rid} = {alt}: {tr(reading.question, lang)} Kết quả sẽ khác nếu chọn {others}."
                if vi
                else f"  Reading {rid} = {alt}: {tr(reading.question, lang)} The result would differ under {others}."
            )
            + f" ({reading.citation}; vnpolicy readings {policy.id})"
        )
    return lines


def _about(staff_id):
    """The findings about the person: those naming them among their people, and a finding about staff of
    their id (a unit's finding is not theirs, were its unit's id written as theirs)."""
    return pl.col("staff_ids").list.contains(staff_id) | ((pl.col("subject") == "staff") & (pl.col("id") == staff_id))


def _result(outcome, staff_id, memo):
    """The person's result row under ``outcome`` (``PolicyOutcome.results_for``), once per ``memo``."""
    if memo is None:
        return outcome.results_for(staff_id)
    if outcome.policy.id not in memo:
        memo[outcome.policy.id] = outcome.results_for(staff_id)
    return memo[outcome.policy.id]


def _show(value, lang="vi"):
    if value is None:
        return "(trống)" if lang == "vi" else "(empty)"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _why_not_spoken_about(policy, person, on, lang):
    vi = lang == "vi"
    p = person.row(0, named=True)
    if not person.filter(territory(policy, on)).height:
        where = person.select(province_for(policy, on)).item()
        return (
            f"Không áp dụng: đơn vị thuộc {where or p['unit_province']}, ngoài địa bàn {policy.province}."
            if vi
            else f"Not applicable: the unit is in {where or p['unit_province']}, outside {policy.province}."
        )
    if not person.filter(exists(on)).height:
        return (
            "Không áp dụng: đơn vị không tồn tại vào ngày đánh giá (ngày thành lập/giải thể của đơn vị)."
            if vi
            else "Not applicable: the unit does not exist on the date (the unit's start/end dates)."
        )
    if not person.filter(in_post(on)).height:
        return (
            "Không áp dụng: không giữ vị trí vào ngày đánh giá (ngày bắt đầu/kết thúc)."
            if vi
            else "Not applicable: not in post on the date (start/end date)."
        )
    applies = policy.data.get("applies_to", {})
    return (
        f"Không áp dụng: không thuộc đối tượng — cần: {tr(applies.get('message'), lang)} ({applies.get('citation')})."
        if vi
        else (
            f"Not applicable: outside the policy's scope — needs: {tr(applies.get('message'), lang)} "
            f"({applies.get('citation')})."
        )
    )


def explain_data(assessment, dataset, staff_id, memo=None):
    """The same explanation as plain data, for a letter to the person (``vnpolicy explain -o thu.html``):
    ``{as_of, lang, person, policies: [...], in_all}``; each policy: its id, title, document, outcome row,
    reasons (with their tier group, kind, the fields they read and the person's values), findings,
    assumptions, readings, and ``groups``: the tiers in order with their unmet conditions."""
    lang = assessment.lang
    person = the_person(dataset, staff_id, lang)
    p = person.row(0, named=True)
    people = assessment.people.filter(pl.col("staff_id") == staff_id) if assessment.people is not None else None
    return {
        "as_of": assessment.as_of,
        "lang": lang,
        "person": {"id": staff_id, "name": p["full_name"], "unit_id": p["unit_id"], "unit_name": p["unit_name"]},
        "policies": [_policy_data(o, person, staff_id, assessment, memo) for o in assessment.outcomes],
        "in_all": people.row(0, named=True) if people is not None and people.height else None,
    }


def _policy_data(outcome, person, staff_id, assessment, memo=None):
    lang, on, policy = assessment.lang, assessment.as_of, outcome.policy
    doc = policy.data["document"]
    out = {"id": policy.id, "title": policy.title(lang), "number": doc.get("number"), "result": None}
    out |= {"registry": policy.registry, "note": None, "reasons": [], "groups": [], "findings": []}
    out |= {"assumptions": [], "readings": [], "values": {}, "group_names": group_names(policy, lang)}
    if not outcome.in_force:
        out["note"] = _explain_policy(outcome, person, staff_id, assessment, memo)[1].strip()
        return out
    row = _result(outcome, staff_id, memo) if outcome.deciders else None
    if row is None or not row.height:
        out["note"] = _explain_policy(outcome, person, staff_id, assessment, memo)[1].strip()
        return out
    r = row.row(0, named=True)
    mine = outcome.state.frame.filter(pl.col("id") == staff_id)
    values = mine.row(0, named=True) if mine.height else person.row(0, named=True)
    by_rule = {reason.rule: reason for reason in outcome.state.reasons}
    tiers = {}
    for rule in policy.data["rules"]:
        for tier in rule.get("tiers", []) if rule["kind"] == "tiers" else []:
            tiers[f"{rule['id']}.{tier.get('id', tier['group'])}"] = {"citation": rule["citation"], **tier}
    for reason in r["reasons"]:
        spec = by_rule.get(reason["rule"])
        names = list(spec.names) if spec else []
        if reason["rule"] == "applies_to":
            names = sorted(policy.compile(policy.data["applies_to"]["when"], on).names)
        names = [n for n in names if n in values]
        prefix = reason["rule"].rpartition(".")[0]
        tier = tiers.get(prefix)
        said = {**reason, "kind": spec.kind if spec else None, "names": names, "tier": prefix if tier else None}
        out["reasons"].append(said)
        for n in names:
            out["values"].setdefault(n, values.get(n))
        if tier and not any(g["id"] == prefix for g in out["groups"]):
            out["groups"].append({"id": prefix, "group": tier["group"], "citation": tier["citation"], "unmet": []})
        if tier and reason["passed"] is False:
            next(g for g in out["groups"] if g["id"] == prefix)["unmet"].append(said)
    found = outcome.findings.filter(_about(staff_id))
    out["findings"] = [{"message": f["message"], "citation": f["citation"]} for f in found.iter_rows(named=True)]
    out["result"], out["assumptions"] = r, list(r.get("assumptions") or [])
    declared = readings(policy)
    for tag in r.get("readings") or []:
        rid, _, alt = tag.partition("=")
        reading = declared[rid]
        others = [a for a in reading.alternatives if a != alt]
        out["readings"].append(
            {"id": rid, "chosen": alt, "question": tr(reading.question, lang), "others": others}
            | {"citation": reading.citation}
        )
    return out
