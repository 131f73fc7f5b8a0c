"""``vnpolicy assess`` as the lists offices send on: for a paying policy the payment list (danh sách chi
trả) per unit with subtotals and the total, the findings, and the people not paid with their deciding
reason; for a standards policy who meets it and who does not (every failing article) per unit; for a
programme its targets and what is missing. Plus where the report comes from (the "Nguồn" part).

Built as plain data (sections of tables) from :mod:`vnpolicy.rules.results` only; the Excel, HTML and
Markdown writers (:mod:`vnpolicy.reports.paymentfiles`) lay the same data out."""

import datetime as dt
from importlib import metadata

import polars as pl

from ..rules import results as res
from . import paylists


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
    "signatures": bool}``, built one at a time as they are read (:class:`Once`); a table is ``{"title",
    "headers", "rows", "money": {column}, "kinds": [row kind]}`` or, for the lists of people, ``rows`` a
    polars frame whose last column is the row's kind (:func:`vnpolicy.reports.paylists.table_rows` reads
    either)."""
    lang = assessment.lang
    w = {**_w(lang), "day": day(assessment.as_of), "lang": lang}
    entries = {e["id"]: e for e in res.policy_entries(assessment) if e.get("in_force")}
    outcomes = {o.policy.id: o for o in assessment.outcomes if o.in_force and o.outcomes is not None}
    details = res.details(assessment) if outcomes else None
    names = res.group_names([o.policy for o in assessment.outcomes], lang)
    systems = {o.policy.id for o in assessment.outcomes if res.reads_systems(o.policy)}
    totals = {t["policy"]: t for t in res.totals(assessment)}
    findings = res.findings_frame(assessment)
    targets = res.targets(assessment)

    def sections():
        for pid, entry in entries.items():
            mine = None
            if pid in outcomes:
                mine = paylists.policy_rows(outcomes[pid], details.filter(pl.col("policy") == pid))
            found = None if findings is None else findings.filter(pl.col("policy") == pid)
            total = totals.get(pid, {})
            if mine is not None and mine.height and "paid" in mine.columns and mine["paid"].is_not_null().any():
                groups = {code: name for (p, code), name in names.items() if p == pid}
                yield _paying(entry, mine, found, total, w, groups, pid in systems)
            elif mine is not None and mine["outcome"].cast(pl.Utf8).is_in(["compliant", "non_compliant"]).any():
                yield _standards(entry, mine, found, w, lang)
            elif any(t["policy"] == pid for t in targets):
                yield _programme(entry, [t for t in targets if t["policy"] == pid], found, w)

    return {
        "lang": lang,
        "as_of": day(assessment.as_of),
        "sections": Once(sections()),
        "source": _source(assessment, entries, dataset, w),
    }


class Once:
    """The sections, each built as a writer reaches it and dropped once written (at the country's size
    every section's lists held at once were 0.8 GB): they can be read once; a second reading is an error,
    never an empty report."""

    def __init__(self, items):
        self.items = items

    def __iter__(self):
        if self.items is None:
            raise RuntimeError("the payment lists' sections are read once: build the report again")
        items, self.items = self.items, None
        return items


def _paying(entry, mine, found, total, w, groups, from_systems):
    """The payment list: a row per person paid, by unit (ordered by the unit's id) with its subtotal, the
    total; the group in words, the system the group came from (policies whose groups come from one)."""
    lang = w["lang"]
    paid = mine.lazy().filter(pl.col("paid").fill_null(False)).select(*_PAID, paylists.deciding())
    paid = paid.sort("__unit", "staff_id", maintain_order=True).collect()
    once = paid.height > 0 and paid["amount_period"].cast(pl.Utf8).fill_null("").eq("once").all()
    amount_head = w["once"] if once else w["ceiling"] if total.get("ceiling") else w["monthly"]
    system = [w["system"]] if from_systems else []
    headers = [*w["payees"], *system, amount_head, w["reason"]]
    money = paid["amount_vnd"].is_not_null().any() if paid.height else False
    group_words = {c: groups.get(c) or res.group_name(c, lang) for c in paylists.codes(paid, "group")}
    group_name = pl.col("group").cast(pl.Utf8).replace_strict(group_words, default="", return_dtype=pl.Utf8)
    listing_rows = paylists.listing(paid, group_name, from_systems, money, w)
    listing = {"title": w["list"], "headers": headers, "rows": listing_rows, "money": {5 + len(system)}}
    chart = paylists.per_unit(paid, group_name, groups, w) if money else None
    outcome_words = res.outcome_words(lang)
    unpaid = mine.lazy().filter(~pl.col("paid").fill_null(False)).select(_UNPAID)
    unpaid = unpaid.sort("__unit", "staff_id", maintain_order=True).collect()
    aside = {
        "title": w["unpaid"],
        "headers": w["unpaid_head"],
        "rows": unpaid.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("n"),
            pl.col("full_name").cast(pl.Utf8),
            pl.col("staff_id").cast(pl.Utf8),
            pl.col("__unit_name"),
            pl.col("outcome").cast(pl.Utf8).replace_strict(outcome_words, return_dtype=pl.Utf8),
            pl.col("decision").cast(pl.Utf8).fill_null(""),
            pl.lit(None, pl.Utf8).alias("kind"),
        ),
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


_PAID = ["full_name", "staff_id", "__unit", "__unit_name", "__system", "group", "amount_vnd", "amount_period"]
_UNPAID = ["full_name", "staff_id", "__unit", "__unit_name", "outcome", "decision"]


def _standards(entry, mine, found, w, lang):
    judged = mine.filter(pl.col("outcome").cast(pl.Utf8).is_in(["compliant", "non_compliant"]))
    judged = judged.sort("__unit", "staff_id", maintain_order=True)
    outcome_words = res.outcome_words(lang)
    failing = pl.col("failing") if "failing" in judged.columns else pl.lit(None, pl.Utf8)
    people = judged.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("n"),
        pl.col("full_name").cast(pl.Utf8),
        pl.col("staff_id").cast(pl.Utf8),
        pl.col("__unit_name"),
        pl.col("outcome").cast(pl.Utf8).replace_strict(outcome_words, return_dtype=pl.Utf8),
        pl.when(pl.col("outcome").cast(pl.Utf8) == "non_compliant").then(failing.fill_null("")).otherwise(pl.lit("")),
        pl.lit(None, pl.Utf8).alias("kind"),
    )
    counts = judged.group_by("__unit", maintain_order=True).agg(
        pl.col("__unit_name").first(),
        (pl.col("outcome").cast(pl.Utf8) == "compliant").sum().alias("yes"),
        (pl.col("outcome").cast(pl.Utf8) == "non_compliant").sum().alias("no"),
    )
    units = [[name, yes, no, "" if yes else w["no_compliant"]] for _, name, yes, no in counts.iter_rows()]
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


def _head(entry, title, w):
    return [title + " — " + entry["title"], f"{w['basis']}: {document(entry, w)}", f"{w['as_of']}: {w['day']}"]


def _findings_table(found, w):
    """The policy's findings (a frame of them, or None): id, message and citation, a row each."""
    rows = []
    if found is not None:
        cells = [
            (pl.col(c).cast(pl.Utf8) if c in found.columns else pl.lit(None, pl.Utf8)).fill_null("").alias(c)
            for c in _FOUND
        ]
        rows = found.select(*cells, pl.lit(None, pl.Utf8).alias("kind"))
    return {"title": w["findings"], "headers": w["findings_head"], "rows": rows}


_FOUND = ("id", "message", "citation")


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
