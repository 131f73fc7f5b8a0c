"""A letter to one person who asks "why not me?" or "why this amount?" (``vnpolicy explain DATASET ID -o thu.html``):
the department's header, the person's data as the policies read it (in words), each policy's decision in
sentences with the articles cited, what would have to change for a different outcome (the nearest group's unmet
conditions; for someone eligible, what a higher group needs), the assumptions and readings it relied on, and a
closing with a signature block to fill.

:func:`letter` builds the plain document of :mod:`.model` from :func:`vnpolicy.rules.explain.explain_data`;
``vnpolicy.reports.document`` writes it (HTML, Markdown, text)."""

from ..i18n import amount, group_name, word
from ..rules.people import describe as describe_person
from .labels import code_words, date_words, field_words, value_words
from .model import bullets, facts, heading, item, mark, para, say, section

BLANK = "……………………………………"
T = {
    "title": ("Thư trả lời về kết quả xét hưởng chính sách", "Reply on the outcome of your assessment"),
    "dear": ("Kính gửi: ", "To: "),
    "header": ("Thông tin thư", "Letter"),
    "department": ("Cơ quan gửi", "From (department)"),
    "date": ("Ngày", "Date"),
    "to": ("Kính gửi", "To"),
    "subject": ("Về việc", "Subject"),
    "subject_text": (
        "trả lời về kết quả xét hưởng chính sách của Ông/Bà theo {p}, tình hình ngày {d}",
        "your outcome under {p}, as on {d}",
    ),
    "opening": (
        "Cơ quan xin trả lời Ông/Bà về kết quả xét theo từng chính sách, căn cứ dữ liệu dưới đây, từng điều kiện "
        "và điều khoản được áp dụng.",
        "We write to explain your outcome under each policy: the data we relied on, each condition and the article "
        "it comes from.",
    ),
    "data": ("Dữ liệu của Ông/Bà đã được sử dụng", "Your data as we read it"),
    "data_lead": (
        "Các thông tin mà chính sách xét đến, như trong dữ liệu của cơ quan ngày {d}:",
        "What the policies look at, as recorded on {d}:",
    ),
    "staff_id": ("Mã cán bộ", "Staff id"),
    "unit": ("Đơn vị", "Unit"),
    "no_data": ("không có dữ liệu", "no data"),
    "outcome": ("Kết quả: ", "Outcome: "),
    "not_paid": (" (đủ điều kiện nhưng không được chi trả: {w})", " (eligible but not paid: {w})"),
    "decision": ("Lý do quyết định: ", "Deciding reason: "),
    "conditions": ("Các điều kiện đã xét", "The conditions considered"),
    "met": ("Đáp ứng: ", "Met: "),
    "unmet": ("Chưa đáp ứng: ", "Not met: "),
    "your_data": ("Dữ liệu của Ông/Bà: ", "Your data: "),
    "change": ("Điều cần thay đổi để có kết quả khác", "What would have to change for a different outcome"),
    "nearest": (
        "Nhóm gần nhất là {g}; để được xét vào nhóm này, cần đáp ứng mọi điều kiện sau:",
        "The nearest group is {g}; to qualify for it, all of these would have to be met:",
    ),
    "must_not": ("Các điều sau phải không còn đúng hoặc phải được đáp ứng:", "These would have to be met:"),
    "higher": (
        "Để được xét vào nhóm cao hơn, {g}, cần đáp ứng thêm:",
        "For the higher group {g}, these would also be needed:",
    ),
    "highest": ("Ông/Bà đã ở nhóm cao nhất của chính sách.", "You are in the policy's highest group."),
    "nothing": ("Không có điều kiện nào chưa đáp ứng.", "No condition is unmet."),
    "findings": ("Phát hiện: ", "Finding: "),
    "relied": ("Giả định và cách hiểu đã dựa vào", "Assumptions and readings relied on"),
    "assumption": ("Giả định: ", "Assumption: "),
    "reading": (
        "Cách hiểu {id}: {q} Phương án đã chọn: {alt}; kết quả sẽ khác nếu chọn {others}.",
        "Reading {id}: {q} Chosen: {alt}; the result would differ under {others}.",
    ),
    "none_relied": (
        "Kết quả không dựa vào giả định hay cách hiểu nào.",
        "The outcome relies on no assumption or reading.",
    ),
    "in_all": ("Tổng hợp", "In all"),
    "closing": ("Trân trọng", "Yours sincerely"),
    "closing_text": (
        "Nếu thông tin của Ông/Bà khác với dữ liệu nêu trên, đề nghị Ông/Bà gửi giấy tờ chứng minh về cơ quan để "
        "được xem xét lại. Trân trọng.",
        "If any of the data above is not right, please send us the documents that show it and we will look again.",
    ),
    "signer": ("Người ký", "Signed by"),
    "position": ("Chức vụ", "Position"),
    "signature": ("Chữ ký, đóng dấu", "Signature and seal"),
}


def letter(explained, lang="vi"):
    """The explanation of one person (:func:`vnpolicy.rules.explain.explain_data`) as a letter (:mod:`.model`)."""
    lang = "en" if lang == "en" else "vi"

    def t(key, **values):
        return say(lang, T, key, **values)

    person, on = explained["person"], date_words(explained["as_of"])
    spoken = [p for p in explained["policies"] if p["result"]]
    numbers = ", ".join(p["number"] or p["id"] for p in spoken or explained["policies"])
    header = facts(
        [
            (t("department"), BLANK),
            (t("date"), on),
            (t("to"), f"{person['name']} ({person['id']}), {person['unit_name']}"),
            (t("subject"), t("subject_text", p=numbers, d=on)),
        ]
    )
    sections = [section(t("header"), [header, para(t("opening"))]), section(t("data"), _data(explained, lang, t))]
    for policy in explained["policies"]:
        title = f"{policy['title']} ({policy['number'] or word('no_number', lang)})"
        sections.append(section(title, _policy(policy, lang, t)))
    if explained["in_all"]:
        sections.append(section(t("in_all"), [para(describe_person(explained["in_all"], lang))]))
    signature = facts([(t("signer"), BLANK), (t("position"), BLANK), (t("signature"), BLANK)])
    sections.append(section(t("closing"), [para(t("closing_text")), signature]))
    return {
        "lang": lang,
        "id": person["id"],
        "title": t("title"),
        "lead": [t("dear"), mark(person["name"], "strong"), f" ({person['id']}) — {person['unit_name']}"],
        "sections": sections,
    }


def _label(name, lang, registry):
    said = field_words(name, lang, registry)
    return f"{said} ({name})" if said else name


def _value(name, value, lang, t):
    if value is None:
        return mark(t("no_data"), "unknown")
    if isinstance(value, str):
        return code_words(value, lang, name)
    return value_words(value, None, lang, name)


def _data(explained, lang, t):
    person = explained["person"]
    rows = [(t("staff_id"), person["id"]), (t("unit"), f"{person['unit_name']} ({person['unit_id']})")]
    seen = set()
    for policy in explained["policies"]:
        for name, value in policy["values"].items():
            if name not in seen:
                seen.add(name)
                rows.append((_label(name, lang, policy["registry"]), _value(name, value, lang, t)))
    return [para(t("data_lead", d=date_words(explained["as_of"]))), facts(rows)]


def _reason(reason, policy, lang, t):
    kind, passed = reason["kind"], reason["passed"]
    # an unchecked or optional reason's message says so itself
    lead = "" if passed is None or kind == "priority" else t("met") if passed else t("unmet")
    notes = []
    if passed is False and kind != "priority" and reason["names"]:
        said = "; ".join(
            f"{_label(n, lang, policy['registry'])}: {_plain(_value(n, policy['values'].get(n), lang, t))}"
            for n in reason["names"]
        )
        notes.append([t("your_data"), said])
    text = (
        [lead, mark(reason["message"], "strong")]
        if passed is False and kind != "priority"
        else [lead, reason["message"]]
    )
    return item(text, reason["citation"], notes)


def _plain(span):
    return span if isinstance(span, str) else span["text"]


def _group(code, policy, lang):
    """A group in words: the name its tiers row gives, else "Nhóm 2" (:func:`vnpolicy.i18n.group_name`)."""
    return policy.get("group_names", {}).get(code) or group_name(code, lang)


def _group_name(group, policy, lang):
    return f"{_group(group['group'], policy, lang)} ({group['citation']})"


def _policy(policy, lang, t):
    if not policy["result"]:
        return [para(policy["note"])]
    r = policy["result"]
    said = word(f"outcome_{r['outcome']}", lang)
    if r["group"]:
        said += f" — {_group(r['group'], policy, lang)}"
    if r["amount_vnd"] is not None and r.get("paid", True):  # over a cap: not paid, no "0 đ/tháng"
        said += f" — {amount(r['amount_vnd'], r.get('amount_period'), lang)}"
    failed = [x for x in policy["reasons"] if x["passed"] is False and x["kind"] != "priority"]
    if r["outcome"] == "eligible" and not r.get("paid", True):
        said += t("not_paid", w="; ".join(x["message"] for x in failed if not x["tier"]))
    blocks = [para([t("outcome"), mark(said, "strong")])]
    if r.get("decision"):
        blocks.append(para([t("decision"), r["decision"]]))
    blocks += [heading(t("conditions")), bullets(_conditions(policy, lang, t))]
    blocks += [heading(t("change")), *_change(policy, r, failed, lang, t)]
    blocks += [para([t("findings"), f["message"], f" ({f['citation']})"], "note") for f in policy["findings"]]
    blocks += [heading(t("relied")), *_relied(policy, lang, t)]
    return blocks


def _conditions(policy, lang, t):
    items, groups = [], {}
    for reason in policy["reasons"]:
        if not reason["tier"]:
            items.append(_reason(reason, policy, lang, t))
            continue
        if reason["tier"] not in groups:
            group = next(g for g in policy["groups"] if g["id"] == reason["tier"])
            groups[reason["tier"]] = item(mark(_group(group["group"], policy, lang), "strong"), group["citation"])
            items.append(groups[reason["tier"]])
        groups[reason["tier"]]["items"].append(_reason(reason, policy, lang, t))
    return items


def _change(policy, r, failed, lang, t):
    """The unmet conditions that stand between the person and another outcome."""
    outside = [x for x in failed if not x["tier"]]
    groups = policy["groups"]
    if r["outcome"] in ("eligible", "unknown") and r["group"]:
        here = next((i for i, g in enumerate(groups) if g["group"] == r["group"] and not g["unmet"]), len(groups))
        higher = [g for g in groups[:here] if g["group"] != r["group"]]
        blocks = [bullets(_reason(x, policy, lang, t) for x in outside)] if outside else []
        for g in higher:
            blocks += [
                para(t("higher", g=_group_name(g, policy, lang))),
                bullets(_reason(x, policy, lang, t) for x in g["unmet"]),
            ]
        return blocks or [para(t("highest"))]
    blocks = [para(t("must_not")), bullets(_reason(x, policy, lang, t) for x in outside)] if outside else []
    if groups and r["outcome"] not in ("eligible", "compliant"):
        decided = next((g for g in groups for x in g["unmet"] if f"{x['message']}" == r.get("decision")), None)
        nearest = decided or min((g for g in groups if g["unmet"]), key=lambda g: len(g["unmet"]), default=None)
        if nearest:
            blocks += [
                para(t("nearest", g=_group_name(nearest, policy, lang))),
                bullets(_reason(x, policy, lang, t) for x in nearest["unmet"]),
            ]
    return blocks or [para(t("nothing"))]


def _relied(policy, lang, t):
    items = [item([t("assumption"), mark(a, "unknown")]) for a in policy["assumptions"]]
    for reading in policy["readings"]:
        said = t(
            "reading",
            id=reading["id"],
            q=reading["question"],
            alt=reading["chosen"],
            others=", ".join(reading["others"]),
        )
        items.append(item(mark(said, "reading"), reading["citation"]))
    items += [item(mark(x["message"], "unchecked"), x["citation"]) for x in policy["reasons"] if x["passed"] is None]
    return [bullets(items)] if items else [para(t("none_relied"))]
