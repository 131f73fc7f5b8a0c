"""``vnpolicy assess`` as the lists offices send on: for a paying policy the payment list (danh sách chi
trả) per unit with subtotals and the total, the findings, and the people not paid with their deciding
reason; for a standards policy who meets it and who does not (every failing article) per unit; for a
programme its targets and what is missing. Plus where the report comes from (the "Nguồn" part).

Built as plain data (sections of tables) from :mod:`vnpolicy.rules.results` only; the Excel, HTML and
Markdown writers (:mod:`vnpolicy.reports.paymentfiles`) lay the same data out."""

import datetime as dt
from importlib import metadata
from itertools import groupby

from ..i18n import word
from ..rules import results as res

SUBTOTAL, TOTAL = "subtotal", "total"  # a row's kind besides a person's


def _w(lang):
    vi = lang == "vi"

    def t(a, b):
        return a if vi else b

    return {
        "list": t("Danh sách chi trả", "Payment list"),
        "title": t("DANH SÁCH CHI TRẢ", "PAYMENT LIST"),
        "standards": t("DANH SÁCH ĐÁP ỨNG TIÊU CHUẨN", "COMPLIANCE LIST"),
        "programme": t("MỤC TIÊU CHƯƠNG TRÌNH", "PROGRAMME TARGETS"),
        "issuer": t("Cơ quan, đơn vị: ……………………", "Issuing body: ……………………"),
        "nation": t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
        "motto": t("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
        "basis": t("Căn cứ", "Under"),
        "as_of": t("Ngày đánh giá", "Assessed on"),
        "payees": [
            t("STT", "No."),
            t("Họ và tên", "Full name"),
            t("Mã", "Id"),
            t("Đơn vị", "Unit"),
            t("Nhóm", "Group"),
        ],
        "system": t("Hệ thống", "System"),
        "chart": t("Số tiền theo đơn vị và nhóm", "Amount by unit and group"),
        "monthly": t("Mức hằng tháng (đồng)", "Monthly amount (VND)"),
        "ceiling": t("Mức hằng tháng tối đa (đồng)", "Monthly amount, at most (VND)"),
        "once": t("Mức một lần (đồng)", "One-time amount (VND)"),
        "reason": t("Lý do quyết định", "Deciding reason"),
        "subtotal": t("Cộng đơn vị", "Unit subtotal"),
        "total": t("Tổng cộng", "Total"),
        "ceiling_note": t(
            "Các mức là mức tối đa (không quá); số tiền thực trả theo hợp đồng, quyết định.",
            "The amounts are ceilings (at most); what is paid follows the contract or decision.",
        ),
        "findings": t("Vượt số người tối đa và hồ sơ còn thiếu", "Over a cap and missing dossier pieces"),
        "findings_head": [t("Đối tượng", "Subject"), t("Nội dung", "Finding"), t("Trích dẫn", "Citation")],
        "unpaid": t("Không được chi trả", "Not paid"),
        "unpaid_head": [
            t("STT", "No."),
            t("Họ và tên", "Full name"),
            t("Mã", "Id"),
            t("Đơn vị", "Unit"),
            t("Kết quả", "Outcome"),
            t("Lý do quyết định", "Deciding reason"),
        ],
        "people": t("Người đáp ứng và không đáp ứng", "Who meets the standards and who does not"),
        "people_head": [
            t("STT", "No."),
            t("Họ và tên", "Full name"),
            t("Mã", "Id"),
            t("Đơn vị", "Unit"),
            t("Kết quả", "Outcome"),
            t("Điều không đáp ứng", "Failing articles"),
        ],
        "units": t("Theo đơn vị", "By unit"),
        "units_head": [
            t("Đơn vị", "Unit"),
            t("Đáp ứng", "Compliant"),
            t("Không đáp ứng", "Non-compliant"),
            t("Ghi chú", "Note"),
        ],
        "no_compliant": t("Không có người đáp ứng", "No compliant person"),
        "unit_findings": t("Phát hiện", "Findings"),
        "targets": t("Mục tiêu", "Targets"),
        "targets_head": [
            t("Mục tiêu", "Target"),
            t("Kết quả", "Result"),
            t("Còn thiếu", "Missing"),
            t("Trích dẫn", "Citation"),
        ],
        "sign_place": t("…, ngày … tháng … năm …", "…, date … month … year …"),
        "signers": [
            t("Người lập biểu", "Prepared by"),
            t("Kế toán trưởng/Phụ trách kế toán", "Chief accountant"),
            t("Thủ trưởng đơn vị", "Head of unit"),
        ],
        "sign": t("(Ký, ghi rõ họ tên)", "(Signature, full name)"),
        "source": t("Nguồn", "Source"),
        "source_head": [t("Mục", "Item"), t("Nội dung", "Value")],
        "dataset": t("Bộ dữ liệu", "Dataset"),
        "version": t("Phiên bản vnpolicy", "vnpolicy version"),
        "policy": t("Chính sách", "Policy"),
        "readings": t("Cách hiểu áp dụng", "Readings in effect"),
        "no_number": t("(chưa rõ số hiệu)", "(no document number)"),
    }


def day(value):
    """A date as people read it: dd/mm/yyyy."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y") if value else ""


def document(entry, w):
    d = entry["document"]
    number = d.get("number") or w["no_number"]
    return (
        f"{number}"
        + (f" ({day(d['date'])})" if d.get("date") else "")
        + (f", {d['issuer']}" if d.get("issuer") else "")
    )


def _version():
    try:
        return metadata.version("vnpolicy")
    except metadata.PackageNotFoundError:
        return "?"


def build(assessment, dataset=None):
    """The report: ``{"lang", "as_of", "sections": [...], "source": table}``; a section is one policy's
    ``{"id", "name", "kind", "head": [lines], "tables": [...], "aside": [tables on their own sheet],
    "signatures": bool}``; a table is ``{"title", "headers", "rows", "money": {column}, "kinds": [row kind]}``."""
    lang = assessment.lang
    w = {**_w(lang), "day": day(assessment.as_of), "lang": lang}
    entries = {e["id"]: e for e in res.policy_entries(assessment) if e.get("in_force")}
    frame = res.results(assessment)
    if frame.height:
        frame = frame.join(res.details(assessment), on=["policy", "staff_id"], how="left", maintain_order="left")
    rows = frame.to_dicts() if frame.height else []
    names = res.group_names([o.policy for o in assessment.outcomes], lang)
    systems = {o.policy.id for o in assessment.outcomes if res.reads_systems(o.policy)}
    totals = {t["policy"]: t for t in res.totals(assessment)}
    findings = res.findings(assessment)
    targets = res.targets(assessment)
    sections = []
    for pid, entry in entries.items():
        mine = [r for r in rows if r["policy"] == pid]
        found = [f for f in findings if f["policy"] == pid]
        total = totals.get(pid, {})
        if mine and any(r.get("paid") is not None for r in mine):
            groups = {code: name for (p, code), name in names.items() if p == pid}
            sections.append(_paying(entry, mine, found, total, w, groups, pid in systems))
        elif mine and any(r["outcome"] in ("compliant", "non_compliant") for r in mine):
            sections.append(_standards(entry, mine, found, w, lang))
        elif any(t["policy"] == pid for t in targets):
            sections.append(_programme(entry, [t for t in targets if t["policy"] == pid], found, w))
    return {
        "lang": lang,
        "as_of": day(assessment.as_of),
        "sections": sections,
        "source": _source(assessment, entries, dataset, w),
    }


def _head(entry, title, w):
    return [title + " — " + entry["title"], f"{w['basis']}: {document(entry, w)}", f"{w['as_of']}: {w['day']}"]


def _findings_table(found, w):
    return {
        "title": w["findings"],
        "headers": w["findings_head"],
        "rows": [[f.get("id") or "", f.get("message") or "", f.get("citation") or ""] for f in found],
    }


def _unit(r):
    """A unit as the lists name it: its name (its id when the dataset gives none)."""
    return r.get("unit_name") or r.get("unit_id") or ""


def _system(r):
    return r.get("system_name") or r.get("system_id") or ""


def _paying(entry, mine, found, total, w, groups, from_systems):
    """The payment list: a row per person paid, by unit (ordered by the unit's id) with its subtotal, the
    total; the group in words, the system the group came from (policies whose groups come from one)."""
    paid = sorted((r for r in mine if r.get("paid")), key=lambda r: (r["unit_id"] or "", r["staff_id"]))
    once = paid and all(r.get("amount_period") == "once" for r in paid)
    amount_head = w["once"] if once else w["ceiling"] if total.get("ceiling") else w["monthly"]
    system = [w["system"]] if from_systems else []
    headers = [*w["payees"], *system, amount_head, w["reason"]]
    money = any(r.get("amount_vnd") is not None for r in paid)
    blank = [""] * len(system)
    table_rows, kinds, n, grand = [], [], 0, 0
    for _, people in groupby(paid, key=lambda r: r["unit_id"] or ""):  # sorted by unit: one pass
        members = list(people)
        subtotal = 0
        for r in members:
            n += 1
            value = r.get("amount_vnd")
            subtotal += value or 0
            group = groups.get(r.get("group")) or res.group_name(r.get("group"), w["lang"])
            mine_system = [_system(r)] if from_systems else []
            table_rows.append([n, r["full_name"], r["staff_id"], _unit(r), group, *mine_system, value, _deciding(r)])
            kinds.append(None)
        name = _unit(members[0])
        table_rows.append(["", f"{w['subtotal']} {name}", "", name, "", *blank, subtotal if money else None, ""])
        kinds.append(SUBTOTAL)
        grand += subtotal
    table_rows.append(["", w["total"], "", "", "", *blank, grand if money else None, ""])
    kinds.append(TOTAL)
    listing = {"title": w["list"], "headers": headers, "rows": table_rows, "money": {5 + len(system)}, "kinds": kinds}
    chart = _per_unit(paid, groups, w) if money else None
    unpaid = sorted((r for r in mine if not r.get("paid")), key=lambda r: (r["unit_id"] or "", r["staff_id"]))
    aside = {
        "title": w["unpaid"],
        "headers": w["unpaid_head"],
        "rows": [
            [
                i,
                r["full_name"],
                r["staff_id"],
                _unit(r),
                word(f"outcome_{r['outcome']}", w["lang"]),
                r.get("decision") or "",
            ]
            for i, r in enumerate(unpaid, 1)
        ],
    }
    head = _head(entry, w["title"], w)
    if total.get("ceiling"):
        head.append(w["ceiling_note"])
    return {
        "id": entry["id"],
        "name": entry["title"],
        "kind": "paying",
        "head": head,
        "tables": [listing, _findings_table(found, w)],
        "aside": [aside],
        "signatures": True,
        "chart": chart,
    }


def _per_unit(paid, groups, w):
    """For the page's chart: each unit's money per group (in words), the groups in the policy's order."""
    named = [groups.get(r.get("group")) or res.group_name(r.get("group"), w["lang"]) for r in paid]
    units = {}
    for r, name in zip(paid, named):
        per = units.setdefault(_unit(r), {})
        per[name] = per.get(name, 0) + (r.get("amount_vnd") or 0)
    order = list(dict.fromkeys([*groups.values(), *named]))
    return {
        "title": w["chart"],
        "groups": [g for g in order if g in named],
        "units": [(u, [(g, per[g]) for g in order if g in per]) for u, per in units.items()],
    }


def _deciding(r):
    """Why a person is paid: the decision when there is one, else the conditions of their group that they
    meet (all the conditions met when none names the group)."""
    if r.get("decision"):
        return r["decision"]
    met = [x for x in r.get("reasons") or [] if x.get("passed")]
    mine = [x for x in met if f".{r.get('group')}." in f".{x['rule']}."]
    return "; ".join(x["message"] for x in mine or met)


def _failing(r):
    """The articles a non-compliant person fails (a preference that is not met is not a failure)."""
    return "; ".join(
        x["message"]
        for x in r.get("reasons") or []
        if x.get("passed") is False and "không bắt buộc" not in x["message"] and "not required" not in x["message"]
    )


def _standards(entry, mine, found, w, lang):
    judged = sorted(
        (r for r in mine if r["outcome"] in ("compliant", "non_compliant")),
        key=lambda r: (r["unit_id"] or "", r["staff_id"]),
    )
    people = [
        [
            i,
            r["full_name"],
            r["staff_id"],
            _unit(r),
            word(f"outcome_{r['outcome']}", lang),
            _failing(r) if r["outcome"] == "non_compliant" else "",
        ]
        for i, r in enumerate(judged, 1)
    ]
    units = []
    for _, same_unit in groupby(judged, key=lambda r: r["unit_id"] or ""):  # sorted by unit: one pass
        members = list(same_unit)
        yes = sum(1 for r in members if r["outcome"] == "compliant")
        no = sum(1 for r in members if r["outcome"] == "non_compliant")
        units.append([_unit(members[0]), yes, no, "" if yes else w["no_compliant"]])
    return {
        "id": entry["id"],
        "name": entry["title"],
        "kind": "standards",
        "head": _head(entry, w["standards"], w),
        "tables": [
            {"title": w["people"], "headers": w["people_head"], "rows": people},
            {"title": w["units"], "headers": w["units_head"], "rows": units},
            {**_findings_table(found, w), "title": w["unit_findings"]},
        ],
        "aside": [],
        "signatures": False,
    }


def _programme(entry, targets, found, w):
    rows = [
        [t.get("label") or t["id"], t.get("message") or t.get("status") or "", _missing(t), t.get("citation") or ""]
        for t in targets
    ]
    return {
        "id": entry["id"],
        "name": entry["title"],
        "kind": "programme",
        "head": _head(entry, w["programme"], w),
        "tables": [
            {"title": w["targets"], "headers": w["targets_head"], "rows": rows},
            {**_findings_table(found, w), "title": w["unit_findings"]},
        ],
        "aside": [],
        "signatures": False,
    }


def _missing(t):
    parts = [str(t["missing"])] if t.get("missing") not in (None, "", 0) else []
    parts += [str(u) for u in t.get("missing_units") or []]
    return ", ".join(parts)


def _source(assessment, entries, dataset, w):
    rows = [
        [w["dataset"], str(dataset) if dataset is not None else ""],
        [w["as_of"], day(assessment.as_of)],
        [w["version"], _version()],
    ]
    for pid, e in entries.items():
        rows.append([f"{w['policy']} {pid}", f"{e['title']} — {document(e, w)}"])
        if e.get("readings"):
            chosen = ", ".join(f"{k}={v}" for k, v in e["readings"].items())
            rows.append([f"{w['readings']} ({pid})", chosen])
    return {"title": w["source"], "headers": w["source_head"], "rows": rows}


def words(lang):
    return _w(lang)
