"""Each rule of a policy in words: what it decides, in sentences made from its expressions (:mod:`.words`), with
the file's own wording beside them, the parameters they read and every citation. A rule is a plain dict
``{title, ref, cite, notes, items}`` (:mod:`.model`); a kind this module does not know (a plugin's) is said
through the expressions its kind declares."""

from ..i18n import group_name, number, percent, word
from ..i18n import text as tr
from ..rules.kinds.tiers import group_names
from .labels import date_words, dated_values
from .model import item, mark, say
from .words import fill

T = {
    "kind_exclusion": ("Trường hợp loại trừ", "Exclusion"),
    "kind_tiers": ("Các nhóm và mức hỗ trợ", "Groups and amounts"),
    "kind_cap": ("Số người tối đa được chi trả", "Cap on the people paid"),
    "kind_dossier": ("Hồ sơ", "Dossier"),
    "kind_requirements": ("Tiêu chuẩn", "Standards"),
    "kind_coverage": ("Đơn vị phải có người", "Units that must have people"),
    "kind_targets": ("Mục tiêu", "Targets"),
    "kind_figures": ("Số liệu", "Figures"),
    "kind_flags": ("Người cần xem lại", "People to look at"),
    "file_says": ("Tệp ghi: ", "The file says: "),
    "params": ("Tham số: ", "Parameters: "),
    "from": ("Áp dụng từ ngày {date}.", "Applies from {date}."),
    "excluded": ("Không áp dụng khi: ", "Does not apply when: "),
    "excluded_groups": ("Không áp dụng cho {groups} khi: ", "Does not apply to {groups} when: "),
    "tiers_how": (
        "Xét từ trên xuống: người đạt mọi điều kiện của một hàng thuộc nhóm của hàng đó, một lần (hàng đầu tiên đạt).",
        "From the top: someone who meets every condition of a row is in its group, once (the first row met).",
    ),
    "ceiling": (
        "Các mức là mức tối đa («không quá»), không phải số tiền chi trả.",
        "The amounts are ceilings (“at most”), not sums paid.",
    ),
    "support": ("hỗ trợ: ", "support: "),
    "system": ("Trực tiếp quản lý, vận hành một hệ thống mà: ", "Directly manages or operates a system where: "),
    "not_excluded": ("Không thuộc trường hợp loại trừ: ", "Not excluded: "),
    "unchecked": ("Không kiểm tra được từ bộ dữ liệu: ", "Not checkable from the dataset: "),
    "cap": (
        "Mỗi hệ thống mà {s}: tối đa {m} người được chi trả, trong số người đủ điều kiện {g} có nhóm xét theo hệ "
        "thống đó.",
        "Each system where {s}: at most {m} people are paid, among those eligible for {g} whose group came from it.",
    ),
    "choose_by": ("Chọn người được chi trả theo: ", "Who is paid is chosen by: "),
    "over_unpaid": (
        "Người vượt số tối đa vẫn đủ điều kiện nhưng không được chi trả.",
        "Someone beyond the cap stays eligible but is not paid.",
    ),
    "over_lower": (
        "Người vượt số tối đa được xét vào nhóm thấp hơn qua hệ thống khác mà người đó vận hành.",
        "Someone beyond the cap is tried in a lower group through another system they operate.",
    ),
    "dossier_how": ("Hồ sơ của mỗi người đủ điều kiện phải có:", "The file of everyone eligible must hold:"),
    "checked": ("Kiểm tra từ dữ liệu: ", "Checked in the data: "),
    "only_for": ("Chỉ xét với người mà: ", "Only for people where: "),
    "not_checkable": ("không kiểm tra được từ bộ dữ liệu", "not checkable from the dataset"),
    "requirements_how": (
        "Người thuộc đối tượng đáp ứng khi đạt mọi yêu cầu dưới đây (thiếu dữ liệu là không đạt).",
        "Someone the policy speaks about is compliant when they meet every requirement below (missing data fails).",
    ),
    "finding": ("Người không đạt được nêu thành phát hiện {code}.", "Each person who fails it is a finding {code}."),
    "priority": ("Ưu tiên (không bắt buộc): ", "Priority (not required): "),
    "coverage": (
        "Mỗi đơn vị của địa bàn (còn tồn tại vào ngày xét) mà {u} phải có:",
        "Each unit of the territory (existing on the date) where {u} must have:",
    ),
    "at_least": ("ít nhất {n} người mà ", "at least {n} people where "),
    "unit_finding": ("Đơn vị thiếu được nêu thành phát hiện {code}.", "A unit that lacks it is a finding {code}."),
    "among_staff": ("Tính trong số người mà: ", "Counted among people where: "),
    "met_staff": ("Đạt khi: ", "Met when: "),
    "among_units": ("Tính trong số đơn vị mà: ", "Counted among units where: "),
    "met_units": ("Đơn vị đạt khi có người mà: ", "A unit meets it when it has people where: "),
    "met_units_items": ("Đơn vị đạt khi có:", "A unit meets it when it has:"),
    "share_of": ("Tỉ lệ người mà: ", "The share of them where: "),
    "indicator": (
        "Chỉ số {code} của bộ dữ liệu (phần trăm), năm gần nhất không sau ngày xét",
        "The dataset's indicator {code} (percent), the latest year not after the date",
    ),
    "figure_indicator": (
        "Chỉ số {code} của tỉnh trong bộ dữ liệu, năm gần nhất không sau ngày xét",
        "The province's indicator {code} in the dataset, the latest year not after the date",
    ),
    "milestones": ("Chỉ tiêu: ", "Milestones: "),
    "reading": ("Cách hiểu: ", "Reading: "),
    "count_staff": ("Số người mà: ", "How many people where: "),
    "trainings": ("Tổng số {what} đào tạo, bồi dưỡng trong năm (bảng trainings)", "Training {what} in the year"),
    "classes": ("lớp", "classes"),
    "participants": ("học viên", "participants"),
    "topics": ("chỉ các chủ đề: {topics}", "topics {topics} only"),
    "per_staff": ("chia cho số người mà ", "divided by the number of people where "),
    "per_units": ("chia cho số đơn vị mà ", "divided by the number of units where "),
    "baseline": ("Nguồn báo cáo: {value}", "The source reports: {value}"),
    "baseline_year": (" (năm {year})", " ({year})"),
    "flag": ("Nêu tên người mà ", "Names each person where "),
    "flag_code": ("Mã phát hiện: {code}", "Finding code: {code}"),
}


class RuleWords:
    """Says the rules of one policy (``speaker``: its :class:`~.words.Speaker`)."""

    def __init__(self, policy, speaker):
        self.policy, self.speaker, self.lang = policy, speaker, speaker.lang

    def t(self, key, **values):
        return say(self.lang, T, key, **values)

    def rule(self, rule):
        kind = rule["kind"]
        said = getattr(self, f"_{kind}", None)
        title = self.t(f"kind_{kind}") if f"kind_{kind}" in T else kind
        message = tr(rule.get("message"), self.lang)
        notes = [[self.t("from", date=date_words(rule["from"]))]] if "from" in rule else []
        items = said(rule, notes) if said else self._generic(rule, notes)
        return {
            "title": [f"{title}: {message}" if message else title],
            "ref": rule["id"],
            "cite": rule["citation"],
            "notes": notes,
            "items": items,
        }

    # -- pieces
    def sentence(self, lead, text, message=None, cite=None, extra=(), items=(), ref=None):
        """An item: ``lead`` then ``text`` in words; the file's own wording and the parameters it reads below."""
        said = self.speaker.say(text)
        notes = [*extra]
        if message:
            notes.append([self.t("file_says"), tr(message, self.lang)])
        if said.params:
            notes.append([self.t("params"), "; ".join(self._param(p) for p in said.params)])
        return item([lead, *said.spans] if lead else said.spans, cite, notes, items, ref)

    def _param(self, name):
        param = self.policy.parameters[name]
        return f"«{tr(param.description, self.lang)}» ({name})"

    def words(self, text):
        return self.speaker.say(text).spans

    def group(self, code):
        """A group in words: the name its tiers row gives, else "Nhóm 2" (:func:`vnpolicy.i18n.group_name`)."""
        return group_names(self.policy, self.lang).get(code) or group_name(code, self.lang)

    def amount(self, name, since=True):
        """A parameter's dated values in words ('5.400.000 đ/tháng từ 01/07/2025'); ``since=False``: the dates only
        when it has several."""
        if name not in self.policy.parameters:
            return [mark(name, "code")]
        param, out = self.policy.parameters[name], []
        for i, (said, unknown) in enumerate(dated_values(param, self.lang, since=since or len(param.values) > 1)):
            out += (["; "] if i else []) + [mark(said, "unknown") if unknown else said]
        return out

    def unchecked(self, rule):
        return [
            item([mark(self.t("unchecked") + tr(u["message"], self.lang), "unchecked")], u.get("citation"), ref=u["id"])
            for u in rule.get("unchecked", [])
        ]

    # -- kinds
    def _exclusion(self, rule, notes):
        groups = ", ".join(self.group(g) for g in rule.get("groups", []))
        lead = self.t("excluded_groups", groups=groups) if groups else self.t("excluded")
        return [self.sentence(lead, rule["when"])]

    def _tiers(self, rule, notes):
        notes.append([self.t("tiers_how")])
        if rule.get("ceiling"):
            notes.append([mark(self.t("ceiling"), "strong")])
        exclusions = [r for r in self.policy.data["rules"] if r["kind"] == "exclusion" and r.get("groups")]
        rows = []
        for tier in rule["tiers"]:
            if "amount" in tier:
                what = ([word("ceiling", self.lang), " "] if rule.get("ceiling") else []) + self.amount(tier["amount"])
            else:
                what = [self.t("support"), tr(tier.get("support"), self.lang) or word("support_in_kind", self.lang)]
            children = []
            if "system" in tier:
                children.append(self.sentence(self.t("system"), tier["system"], tier.get("system_message")))
            children += [
                self.sentence(None, c["when"], c["message"], c.get("citation"), ref=c["id"]) for c in tier["conditions"]
            ]
            children += [
                self.sentence(self.t("not_excluded"), r["when"], r["message"], r["citation"], ref=r["id"])
                for r in exclusions
                if tier["group"] in r["groups"]
            ]
            head = [mark(self.group(tier["group"]), "strong"), " — ", *what]
            ref = tier["group"] if tier.get("id", tier["group"]) == tier["group"] else f"{tier['group']}, {tier['id']}"
            said = [[self.t("file_says"), tr(tier["message"], self.lang)]] if tier.get("message") else []
            rows.append(item(head, tier.get("citation", rule["citation"]), said, children, ref))
        return rows + self.unchecked(rule)

    def _cap(self, rule, notes):
        said = self.speaker.say(rule["systems"])
        maximum = self.amount(rule["max"], since=False) if isinstance(rule["max"], str) else [str(rule["max"])]
        groups = [", ".join(self.group(g) for g in rule["groups"])]
        text = fill(self.t("cap"), s=said.spans, m=maximum, g=groups)
        order = word("then", self.lang).join(word(f"order_{k}", self.lang) for k in rule.get("choose_by", []))
        params = [*said.params, *([rule["max"]] if isinstance(rule["max"], str) else [])]
        notes_ = [[self.t("params"), "; ".join(self._param(p) for p in dict.fromkeys(params))]] if params else []
        children = [item(self.t("choose_by") + order)] if order else []
        children.append(item(self.t("over_lower" if rule.get("over_cap") == "lower_group" else "over_unpaid")))
        return [item(text, None, notes_, children)]

    def _dossier(self, rule, notes):
        notes.append([self.t("dossier_how")])
        out = []
        for d in rule["items"]:
            children = []
            if "if" in d:
                children.append(self.sentence(self.t("only_for"), d["if"]))
            if "when" in d:
                children.append(self.sentence(self.t("checked"), d["when"]))
            text = [tr(d["message"], self.lang)]
            if "when" not in d:
                text += [" — ", mark(self.t("not_checkable"), "unchecked")]
            out.append(item(text, d.get("citation"), (), children, d["id"]))
        return out

    def _requirements(self, rule, notes):
        notes.append([self.t("requirements_how")])
        out = []
        for r in rule["requirements"]:
            extra = [[self.t("only_for"), *self.words(r["if"])]] if "if" in r else []
            extra += [[self.t("finding", code=r["finding"])]] if r.get("finding") else []
            out.append(self.sentence(None, r["when"], r["message"], r.get("citation"), extra, ref=r["id"]))
        for r in rule.get("priorities", []):
            extra = [[self.t("only_for"), *self.words(r["if"])]] if "if" in r else []
            out.append(
                self.sentence(self.t("priority"), r["when"], r["message"], r.get("citation"), extra, ref=r["id"])
            )
        return out + self.unchecked(rule)

    def _having(self, having):
        if isinstance(having, str):
            return [self.sentence(None, having)]
        return [
            self.sentence(
                self.t("at_least", n=h.get("min", 1)), h["when"], h["message"], h.get("citation"), ref=h["id"]
            )
            for h in having
        ]

    def _coverage(self, rule, notes):
        head = fill(self.t("coverage"), u=self.words(rule["units"]))
        extra = [[self.t("unit_finding", code=rule["code"])]]
        return [item(head, None, extra, self._having(rule["having"]))]

    def _targets(self, rule, notes):
        out = []
        for target in rule["targets"]:
            m = target["measure"]
            if "indicator" in m:
                children = [item(self.t("indicator", code=m["indicator"]))]
            elif "staff" in m:
                children = [
                    self.sentence(self.t("among_staff"), m["staff"]),
                    self.sentence(self.t("met_staff"), m["counts"]),
                ]
            else:
                children = [self.sentence(self.t("among_units"), m["units"])]
                if isinstance(m["having"], str):
                    children.append(self.sentence(self.t("met_units"), m["having"]))
                else:
                    children.append(item(self.t("met_units_items"), items=self._having(m["having"])))
            goals = "; ".join(self._milestone(ms) for ms in target["milestones"])
            children.append(item([self.t("milestones"), mark(goals, "strong")]))
            if target.get("reading"):
                children.append(item([self.t("reading"), mark(target["reading"], "reading")]))
            out.append(item(tr(target["message"], self.lang), target.get("citation"), (), children, target["id"]))
        return out

    def _milestone(self, milestone):
        date = date_words(milestone["by"])
        if "above" in milestone:
            return word("target_above", self.lang, pct=percent(milestone["above"] / 100, self.lang), date=date)
        return word("target_at_least", self.lang, pct=percent(milestone["at_least"] / 100, self.lang), date=date)

    def _figures(self, rule, notes):
        out = []
        for f in rule["figures"]:
            if "staff" in f and "of" in f:
                children = [
                    self.sentence(self.t("among_staff"), f["of"]),
                    self.sentence(self.t("share_of"), f["staff"]),
                ]
            elif "staff" in f:
                children = [self.sentence(self.t("count_staff"), f["staff"])]
            elif "trainings" in f:
                measure = [self.t("trainings", what=self.t(f["trainings"]))]
                if f.get("topics"):
                    measure.append(", " + self.t("topics", topics=", ".join(f["topics"])))
                children = [item(measure)]
            else:
                children = [item(self.t("figure_indicator", code=f["indicator"]))]
            for key in ("per_staff", "per_units"):
                if key in f:
                    per = tr(f.get("per_label"), self.lang)
                    children.append(item([self.t(key), *self.words(f[key]), f" ({per})" if per else ""]))
            if "baseline" in f:
                b = f["baseline"]
                said = self.t("baseline", value=number(b["value"], self.lang)) + (
                    self.t("baseline_year", year=b["year"]) if "year" in b else ""
                )
                said += f" — {tr(b['note'], self.lang)}" if b.get("note") else ""
                children.append(item(said, b["citation"]))
            out.append(item(tr(f["message"], self.lang), f.get("citation"), (), children, f["id"]))
        return out

    def _flags(self, rule, notes):
        return [
            self.sentence(
                self.t("flag"), f["when"], f["message"], f.get("citation"), [[self.t("flag_code", code=f["code"])]]
            )
            for f in rule["flags"]
        ]

    def _generic(self, rule, notes):
        kind = self.policy.registry.rule_kinds.get(rule["kind"])
        expressions = list(kind.expressions(rule)) if kind is not None else []
        return [self.sentence(".".join(map(str, path)) + ": ", text) for path, text, _ in expressions]
