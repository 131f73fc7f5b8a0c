"""``vnpolicy render``: a policy as a document that legal staff read against its source — the issuing document,
its dates in force, its territory after the 2025 merger, whom it speaks about, every rule in sentences made from
its expressions, every parameter with its dated values and units, every reading with its alternatives, the
chosen one and why, every citation; what the source does not give is marked.

:func:`render` builds the plain document of :mod:`.model` (no markup); ``vnpolicy.reports.document`` writes it."""

from ..data.territory import MERGER
from ..i18n import text as tr
from ..i18n import word
from ..rules.readings import openness, readings
from .labels import DOCUMENT_TYPES, MERGED_INTO, UNITS, date_words, dated_values, pick, province_name, value_words
from .model import bullets, facts, heading, item, mark, para, say, section
from .render_rules import RuleWords
from .words import Speaker

T = {
    "lead": (
        "Sinh từ tệp chính sách, để đọc đối chiếu với nguồn: mỗi điều kiện là một câu đọc từ biểu thức trong tệp, "
        "kèm lời văn của tệp và trích dẫn. Chỗ đánh dấu ⚠ là giá trị nguồn không cho hoặc chỉ là giả định.",
        "Made from the policy file, to be read against the source: each condition is a sentence read from the "
        "file's expression, with the file's own wording and citation. ⚠ marks a value the source does not give, "
        "or only assumed.",
    ),
    "document": ("Văn bản", "The document"),
    "number": ("Số hiệu", "Number"),
    "type": ("Loại văn bản", "Type"),
    "issuer": ("Cơ quan ban hành", "Issued by"),
    "date": ("Ngày ban hành", "Date"),
    "source": ("Nguồn đã đọc", "Source read"),
    "note": ("Ghi chú", "Note"),
    "in_force": ("Hiệu lực", "In force"),
    "why_date": ("Vì sao tạm coi ngày đó", "Why that date"),
    "cited_dates": ("Trích dẫn hiệu lực", "Cited for its dates"),
    "file": ("Tệp", "File"),
    "not_given": ("nguồn không nêu", "not given by the source"),
    "since": ("từ {a}", "from {a}"),
    "until": (" đến {b}", " to {b}"),
    "no_end": (", chưa có ngày hết hiệu lực", ", no end date"),
    "open": ("Cần đối chiếu với nguồn", "To check against the source"),
    "open_number": ("Số hiệu văn bản: ", "The document's number: "),
    "open_date": ("Ngày ban hành: ", "The document's date: "),
    "open_in_force": ("Ngày hiệu lực: ", "The date in force: "),
    "open_readings": (
        "{n} cách hiểu: chỗ nguồn có thể hiểu nhiều cách, mỗi chỗ với các phương án (mục Cách hiểu)",
        "{n} readings: where the source can be read more than one way, each with its alternatives (see Readings)",
    ),
    "open_undeclared": (
        "Tham số ghi cách hiểu nhưng chưa khai báo phương án: {names}",
        "Parameters with a reading note but no declared alternatives: {names}",
    ),
    "open_unchecked": ("Không kiểm tra được từ bộ dữ liệu: ", "Not checkable from the dataset: "),
    "open_none": ("Tệp không khai báo chỗ nào nguồn để ngỏ.", "The file declares nothing the source leaves open."),
    "scope": ("Địa bàn và đối tượng", "Territory and whom it speaks about"),
    "national": ("Toàn quốc: mọi đơn vị của mọi tỉnh.", "The whole country: every unit of every province."),
    "province": (
        "Các đơn vị của tỉnh {p}. Trước ngày {d}, một đơn vị thuộc tỉnh cũ của nó (former_province) nếu có; từ "
        "ngày {d} (sáp nhập tỉnh), thuộc tỉnh hiện nay (province){olds}.",
        "The units of {p}. Before {d} a unit counts in its former province (former_province) when it has one; "
        "from {d} (the province mergers), in its province now (province){olds}.",
    ),
    "province_olds": (", nên gồm cả {olds} (cũ) đã nhập vào tỉnh {p}", ", so former {olds}, merged into {p}, too"),
    "former": (
        "Địa bàn tỉnh {p} cũ. Trước ngày {d}: các đơn vị của tỉnh {p}. Từ ngày {d} (sáp nhập tỉnh): chỉ các đơn vị "
        "thuộc {p} cũ (former_province: {code}; đơn vị không ghi former_province thì theo province){rest}.",
        "The territory of former {p}. Before {d}: the units of {p}. From {d} (the province mergers): only the units "
        "of former {p} (former_province: {code}; a unit without a former_province by its province){rest}.",
    ),
    "former_rest": (", không áp dụng cho phần còn lại của tỉnh {m}", ", not the rest of {m}"),
    "former_olds": (", không gồm {olds} (cũ)", ", not former {olds}"),
    "in_post": (
        "Chỉ những người đang ở vị trí vào ngày xét (theo ngày bắt đầu, kết thúc của người đó và của đơn vị).",
        "Only people in post on the date (by their own start and end dates and their unit's).",
    ),
    "applies": ("Chính sách nói đến những người mà: ", "The policy speaks about people where: "),
    "applies_all": ("Chính sách nói đến mọi người của địa bàn.", "The policy speaks about everyone of the territory."),
    "others_na": (
        "Những người khác của địa bàn có kết quả «không áp dụng», nêu lý do.",
        "The others of the territory get a “not applicable” result that says why.",
    ),
    "others_absent": ("Những người khác không có kết quả.", "The others get no result."),
    "notes": ("Ghi chú", "Notes"),
    "combines": ("Với chính sách khác", "With other policies"),
    "not_together": (
        "Không hưởng đồng thời với {p}: người đủ điều kiện cả hai phải chọn một.",
        "Not paid together with {p}: someone eligible under both must choose one.",
    ),
    "precedence": (
        "{p} được ưu tiên: người đủ điều kiện cả hai không được chi trả theo chính sách này.",
        "{p} comes first: someone eligible under both is not paid under this policy.",
    ),
    "rules": ("Quy tắc", "Rules"),
    "parameters": ("Tham số", "Parameters"),
    "unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "reading": ("Cách hiểu: ", "Reading: "),
    "readings": ("Cách hiểu", "Readings"),
    "chosen": (" — phương án đã chọn", " — the chosen alternative"),
    "why": ("Vì sao chọn: ", "Why chosen: "),
    "sets": ("«{d}» ({name}): ", "“{d}” ({name}): "),
    "replaces": ("Thay quy tắc {id}: ", "Replaces rule {id}: "),
    "as_written": ("Như tệp viết, không thay đổi gì.", "As the file is written: nothing changes."),
    "no_readings": ("Tệp không khai báo cách hiểu nào.", "The file declares no reading."),
}


def render(policy, lang="vi"):
    """The policy as a plain document (:mod:`.model`)."""
    lang = "en" if lang == "en" else "vi"
    speaker = Speaker.for_policy(policy, lang)
    rules = RuleWords(policy, speaker)

    def t(key, **values):
        return say(lang, T, key, **values)

    sections = [
        section(t("document"), [_document(policy, lang, t)]),
        section(t("open"), _open(policy, lang, t)),
        section(t("scope"), _scope(policy, lang, t, rules)),
    ]
    notes = [item(tr(n, lang)) for n in policy.data.get("notes", [])]
    if notes:
        sections.append(section(t("notes"), [bullets(notes)]))
    if policy.data.get("combines"):
        sections.append(section(t("combines"), [bullets(_combine(c, lang, t) for c in policy.data["combines"])]))
    blocks = []
    for rule in policy.data["rules"]:
        said = rules.rule(rule)
        blocks += [heading(said["title"], said["ref"], said["cite"]), *(para(n, "note") for n in said["notes"])]
        blocks.append(bullets(said["items"]))
    sections.append(section(t("rules"), blocks))
    if policy.parameters:
        sections.append(section(t("parameters"), [bullets(_parameter(p, lang, t) for p in policy.parameters.values())]))
    sections.append(section(t("readings"), _readings(policy, lang, t, rules)))
    return {
        "lang": lang,
        "id": policy.id,
        "title": policy.title(lang),
        "lead": [f"{policy.id} · {policy.path.name}. ", t("lead")],
        "sections": sections,
    }


def _document(policy, lang, t):
    d, force = policy.data["document"], policy.data["in_force"]
    since = t("since", a=date_words(policy.in_force_from))
    if policy.in_force_unknown:
        since = mark(f"{word('unknown_date', lang)} {since}", "unknown")
    until = t("until", b=date_words(policy.in_force_to)) if policy.in_force_to else t("no_end")
    in_force = [since, until]
    not_given = mark(t("not_given"), "unknown")
    return facts(
        [
            (t("number"), d.get("number") or not_given),
            (t("type"), pick(DOCUMENT_TYPES.get(d["type"], (d["type"], d["type"])), lang)),
            (t("issuer"), d.get("issuer")),
            (t("date"), date_words(d["date"]) if d.get("date") else not_given),
            (t("source"), d.get("source")),
            (t("note"), d.get("note")),
            (t("in_force"), in_force),
            (t("why_date"), mark(force["reading"], "reading") if force.get("reading") else None),
            (t("cited_dates"), force.get("citation")),
            (t("file"), f"{policy.path.name} ({policy.id})"),
        ]
    )


def _open(policy, lang, t):
    d, out = policy.data["document"], []
    if not d.get("number"):
        out.append(item([t("open_number"), mark(t("not_given"), "unknown")]))
    if not d.get("date"):
        out.append(item([t("open_date"), mark(t("not_given"), "unknown")]))
    if policy.in_force_unknown:
        said = f"{word('unknown_date', lang)} {t('since', a=date_words(policy.in_force_from))}"
        out.append(item([t("open_in_force"), mark(said, "unknown")], policy.data["in_force"].get("citation")))
    for name, param in policy.parameters.items():
        values = dated_values(param, lang)
        if any(unknown for _, unknown in values):
            head = [t("sets", d=tr(param.description, lang), name=name)]
            head += [mark(said, "unknown") if unknown else said for said, unknown in values if unknown]
            out.append(
                item(head, param.citation, [[t("reading"), mark(param.reading, "reading")]] if param.reading else ())
            )
    count = openness(policy)
    if count["readings"]:
        out.append(item(t("open_readings", n=count["readings"])))
    if count["undeclared"]:
        out.append(item(t("open_undeclared", names=", ".join(count["undeclared"]))))
    for rule in policy.data["rules"]:
        unchecked = rule.get("unchecked", []) + [
            i for i in rule.get("items", []) if rule["kind"] == "dossier" and "when" not in i
        ]
        for u in unchecked:
            said = mark(t("open_unchecked") + tr(u["message"], lang), "unchecked")
            out.append(item(said, u.get("citation", rule["citation"]), ref=f"{rule['id']}.{u['id']}"))
    return [bullets(out)] if out else [para(t("open_none"))]


def _scope(policy, lang, t, rules):
    code = policy.province
    name = province_name(code)
    merger = date_words(MERGER)
    olds = ", ".join(province_name(o) for o, into in MERGED_INTO.items() if into == code)
    if code == "national":
        territory = t("national")
    elif policy.former_territory:
        rest = t("former_rest", m=province_name(MERGED_INTO[code])) if code in MERGED_INTO else ""
        rest += t("former_olds", olds=olds) if olds else ""
        territory = t("former", p=name, d=merger, code=code, rest=rest)
    else:
        territory = t("province", p=name, d=merger, olds=t("province_olds", olds=olds, p=name) if olds else "")
    jurisdiction = f"jurisdiction: province {code}, former_territory {str(policy.former_territory).lower()}"
    blocks = [para(territory), para([mark(jurisdiction, "code")], "note"), para(t("in_post"), "note")]
    applies = policy.data.get("applies_to")
    if not applies:
        return [*blocks, para(t("applies_all"))]
    said = rules.sentence(t("applies"), applies["when"], applies.get("message"), applies["citation"])
    others = t("others_na") if applies.get("others") == "not_applicable" else t("others_absent")
    return [*blocks, bullets([said]), para(others)]


def _combine(combine, lang, t):
    said = t(combine["rule"], p=combine["policy"])
    message = tr(combine.get("message"), lang)
    return item(said, combine["citation"], [message] if message else ())


def _parameter(param, lang, t):
    values = []
    for i, (said, unknown) in enumerate(dated_values(param, lang)):
        values += (["; "] if i else []) + [mark(said, "unknown") if unknown else said]
    notes = [t("unit", unit=pick(UNITS.get(param.unit, (param.unit, param.unit)), lang))]
    if param.reading:
        notes.append([t("reading"), mark(param.reading, "reading")])
    return item([mark(tr(param.description, lang), "strong"), " — ", *values], param.citation, notes, ref=param.name)


def _readings(policy, lang, t, rules):
    declared = readings(policy)
    if not declared:
        return [para(t("no_readings"))]
    blocks = []
    for rid, reading in declared.items():
        alternatives = []
        for aid, alt in reading.alternatives.items():
            chosen = aid == reading.chosen
            label = tr(alt.label, lang)
            text = [mark(label, "chosen"), t("chosen")] if chosen else [label]
            alternatives.append(item(text, None, (), _sets(policy, alt, lang, t, rules), aid))
        blocks += [
            heading(tr(reading.question, lang), rid, reading.citation),
            bullets(alternatives),
            para([t("why"), tr(reading.why, lang)]),
        ]
    return blocks


def _sets(policy, alt, lang, t, rules):
    """What an alternative changes: parameter values, rules, how the policy combines with another."""
    out = []
    for name, value in alt.parameters.items():
        param = policy.parameters.get(name)
        head = t("sets", d=tr(param.description, lang) if param else name, name=name)
        if value is None or value == "unknown":
            out.append(item([head, mark(word("unknown_value", lang), "unknown")]))
        else:
            out.append(item([head, value_words(value, param.unit if param else None, lang)]))
    for rule in alt.rules:
        said = rules.rule(rule)
        out.append(item([t("replaces", id=rule["id"]), *said["title"]], said["cite"], said["notes"], said["items"]))
    for combine in alt.combines or []:
        out.append(_combine(combine, lang, t))
    return out or [item(t("as_written"))]
