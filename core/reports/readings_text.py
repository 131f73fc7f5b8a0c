"""``vnpolicy readings`` as text: each policy's declared readings (where its source is open) with their
alternatives, and, with a dataset, what each other alternative would change and cost."""

from ..compare.scenarios import describe_entry
from ..i18n import money, word
from .safe import line_text


def readings_text(found, lang, on=None):
    """``vnpolicy readings``: each policy's readings; with a dataset, what each other alternative changes."""
    out = []
    for policy, declared, on_data in found:
        count = word("readings_count", lang, count=len(declared)) if declared else word("readings_none", lang)
        out.append(f"== {policy.id}: {policy.title(lang)} — {count}")
        for r in declared:
            out.append(f"{r['id']}: {r['question']}")
            out.append(f"   ({r['citation']})")
            for a in r["alternatives"]:
                mark = "*" if a["id"] == r["in_effect"] else " "
                tags = [word("reading_chosen", lang)] if a["id"] == r["chosen"] else []
                if a["id"] == r["in_effect"] != r["chosen"]:
                    tags.append(word("reading_in_effect", lang))
                sets = ", ".join(
                    [f"{k} = {_shown(v)}" for k, v in a["parameters"].items()] + [f"rules.{rid}" for rid in a["rules"]]
                )
                out.append(f" {mark} {a['id']}{' (' + ', '.join(tags) + ')' if tags else ''}: {a['label']} [{sets}]")
            out.append(f"   {word('reading_why', lang)}: {r['why']}")
            if on_data and on is not None:
                out.append(f"   {word('reading_on_data', lang, date=on.strftime('%d/%m/%Y'))}:")
            for alt in on_data or []:
                if alt["reading"] != r["id"]:
                    continue
                cost = alt["cost"]
                out.append(
                    f"   → {alt['alternative']}: {word('reading_changes', lang, count=alt['changes'].height)}; "
                    + word(
                        "reading_cost",
                        lang,
                        monthly=_signed(cost["monthly_vnd"], lang),
                        once=_signed(cost["one_time_vnd"], lang),
                    )
                )
                for row in alt["changes"].iter_rows(named=True):
                    out.append(
                        f"       {row['staff_id']} {row['full_name']}: "
                        f"{describe_entry(row, lang)} → {describe_entry(row, lang, '_after')}"
                    )
                for key, sign in (("findings_added", "+"), ("findings_removed", "−")):
                    for f in alt[key]:
                        out.append(f"       {sign} {word('finding', lang)} [{f['code']}] {f['id']}: {f['message']}")
        if on_data is not None and not on_data and declared:
            out.append(f"   ({word('reading_not_in_force', lang)})")
        out.append("")
    return "\n".join(map(line_text, out)) + "\n"


def _shown(value):
    return "[" + ", ".join(map(str, value)) + "]" if isinstance(value, list) else str(value).lower()


def _signed(value, lang):
    return ("+" if value > 0 else "") + money(value, lang)
