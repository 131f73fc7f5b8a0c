"""What the CLI (or any caller) uses: the installed policies, a dataset, an assessment; the record of runs
(:mod:`.runs`) is re-exported here. Imports every layer below it (reports, authoring, record, compare, hooks,
rules, data); only the CLI imports it."""

import datetime as dt

from ..data import limits as data_limits
from ..data.dataset import load_dataset
from ..errors import UsageError
from ..hooks.manager import registry
from ..rules.engine import assess
from ..rules.policy import load_library
from ..rules.provenance import changes_provenance as changes_made_by
from ..rules.provenance import provenance as made_by
from ..rules.readings import with_choices


def policies(ids=(), extra_files=(), readings=()):
    """The installed policies (plus any extra files), all of them or those named, in id order, each read
    with the alternatives ``readings`` names (``POLICY.READING=ALTERNATIVE``)."""
    library = with_choices(load_library(registry(), extra_files), readings)
    if not ids:
        return [library[k] for k in sorted(library)]
    unknown = [i for i in ids if i not in library]
    if unknown:
        raise UsageError(
            f"không có chính sách {unknown[0]!r}; có: {', '.join(sorted(library))} / no policy {unknown[0]!r}"
        )
    return [library[i] for i in ids]


def dataset(path, lang="vi", limits=(), person=None, depth=None):
    """The dataset at ``path``, read within ``limits`` (``["rows=20000000"]`` or a Limits; default: the defaults);
    with ``person``, only the rows that person's results depend on, up to ``depth`` shared systems away (None: any
    number; :mod:`vnpolicy.data.focus`)."""
    return load_dataset(path, registry(), lang=lang, limits=data_limits.parse(limits), person=person, depth=depth)


def run(dataset_path, on=None, policy_ids=(), extra_files=(), lang="vi", readings=(), limits=(), person=None):
    """Load policies first (a broken policy is reported before any data is read), then the data (with
    ``person``, the rows that person's results depend on)."""
    limits = data_limits.parse(limits)
    chosen = policies(policy_ids, extra_files, readings)
    on, reach = on or dt.date.today(), None
    if person is not None:  # as many shared systems away as the policies reach (unknown: the whole dataset)
        from ..rules.part import depth

        reach = depth(chosen, on)
    data = dataset(dataset_path, lang, limits, person if reach is not None else None, reach)
    if person is not None:  # someone not in it is said before anyone is assessed
        from ..rules.explain import the_person

        the_person(data, person, lang)
    # one person: their part of the dataset, without the reports about units (wrong over a part, not shown)
    return assess(data, chosen, on, lang, people_only=person is not None), data


def compare(
    dataset_path,
    provinces=(),
    on=None,
    months=None,
    reform_file=None,
    sets=(),
    lang="vi",
    progress=None,
    readings=(),
    limits=(),
    tables_only=False,
):
    """The comparison and the data its reports are written from. Policies and the reform are checked
    before any data is read. ``tables_only``: only what the results tables (Parquet, DuckDB) write of the
    report (:func:`vnpolicy.compare.results.for_tables`)."""
    from ..compare.results import build, for_tables
    from ..compare.scenarios import compare as run_compare
    from ..compare.scenarios import months_between
    from ..rules.reform import load_reform

    limits = data_limits.parse(limits)
    library = with_choices(load_library(registry()), readings)
    reform = load_reform(reform_file, sets, library)
    period = months_between(*months) if months else ()
    data = dataset(dataset_path, lang, limits)
    comparison = run_compare(
        data, library, provinces, on or dt.date.today(), period, reform, lang, progress, ahead=True
    )
    if tables_only:
        return comparison, for_tables(comparison)
    report = build(comparison, registry())
    used = [o.policy for o in comparison.baseline_assessment.outcomes]
    report["provenance"] = made_by(dataset_path, used, comparison.as_of, months, readings, sets, reform_file)
    return comparison, report


def assessment_provenance(assessment, dataset_path, readings=()):
    """What produced an assessment (:func:`vnpolicy.rules.provenance.provenance`), for its writers."""
    return made_by(dataset_path, [o.policy for o in assessment.outcomes], assessment.as_of, None, readings)


def readings(policy_ids=(), dataset_path=None, on=None, lang="vi", choices=(), limits=()):
    """Each policy's readings (all installed policies, or those named); with a dataset, what every
    alternative not in effect changes on it: [(policy, [reading summary], [alternative on the data])]."""
    from ..rules.alternatives import alternatives_on
    from ..rules.readings import readings as declared

    limits = data_limits.parse(limits)
    chosen = policies(policy_ids, readings=choices)
    data = dataset(dataset_path, lang, limits) if dataset_path else None
    on = on or dt.date.today()
    return [
        (
            p,
            [r.summary(lang, p.in_effect.get(rid)) for rid, r in declared(p).items()],
            alternatives_on(p, data, on, lang, _companions(p, choices)) if data is not None else None,
        )
        for p in chosen
    ]


def _companions(policy, choices=()):
    """The installed policies ``policy`` names under ``combines``, in the file or in a reading's alternative."""
    from ..rules.readings import readings as declared

    named = [c["policy"] for c in policy.data.get("combines", [])]
    named += [c["policy"] for r in declared(policy).values() for a in r.alternatives.values() for c in a.combines or []]
    library = with_choices(load_library(registry()), choices)
    return [library[i] for i in dict.fromkeys(named) if i in library]


def local_copies(chosen, lang="vi"):
    """Lines naming each policy whose installed copy differs from a same-id file under ./policies/."""
    from ..authoring.copies import differing_copies

    return differing_copies(chosen, lang=lang)


def render(policy, lang="vi"):
    """A policy — an installed id, or the path of a policy file — as the plain document ``vnpolicy render``
    writes (``vnpolicy.authoring.model``)."""
    from pathlib import Path

    from ..authoring.render import render as build
    from ..rules.policy import load_policy

    path = Path(policy)
    if path.is_file() or path.suffix.lower() in (".yaml", ".yml"):
        if not path.is_file():
            raise UsageError(f"{path}: không tìm thấy / not found")
        chosen = load_policy(path, registry(), "(command line)")
    else:
        chosen = policies([str(policy)])[0]
    return build(chosen, lang)


def letter(
    dataset_path, staff_id, on=None, policy_ids=(), extra_files=(), lang="vi", readings=(), limits=(), document=True
):
    """One person's outcome as a letter the department can send them (``vnpolicy.authoring.model``), and the
    explanation as text (``vnpolicy explain``'s terminal output). ``document=False``: the text only (None for
    the letter), which is all the terminal shows."""
    from ..rules.explain import explain, explain_data

    result, data = run(dataset_path, on, policy_ids, extra_files, lang, readings, limits, person=staff_id)
    memo = {}  # each policy's result for the person, built once for the text and the letter
    text = explain(result, data, staff_id, memo)
    if not document:
        return None, text
    from ..authoring.letter import letter as build

    return build(explain_data(result, data, staff_id, memo), lang), text


def lint(targets=(), cases=None):
    """``vnpolicy lint``: the findings on the policies ``targets`` names (ids, files, folders; default: every
    installed policy), with ``cases`` a folder of YAML test cases to check what they exercise; and how many
    files were looked at."""
    from ..authoring.lint import lint as run_lint

    return run_lint(targets, cases)


def changes(datasets, on=None, vs=None, policy_ids=(), extra_files=(), lang="vi", readings=(), limits=()):
    """``vnpolicy changes``: what changed since last month — two datasets (last month's, this month's) on
    ``on``, or one dataset on ``on`` (the earlier date) and ``vs`` (the later): who changes under which
    policy and why, who was added or removed, the monthly cost difference (``vnpolicy.compare.changes``).
    Policies are checked before any data is read."""
    from ..compare.changes import changes as compare_changes

    datasets = list(datasets)
    if on is None:
        raise UsageError("vnpolicy changes cần --on NGÀY / needs --on DATE")
    if not 1 <= len(datasets) <= 2:
        raise UsageError(
            f"vnpolicy changes so hai bộ dữ liệu, hoặc một bộ ở hai ngày (--vs); gặp {len(datasets)}"
            f" / compares two datasets, or one dataset on two dates (--vs); got {len(datasets)}"
        )
    if len(datasets) == 2 and vs is not None:
        raise UsageError(
            "--vs chỉ dùng với một bộ dữ liệu (hai ngày); với hai bộ dữ liệu chỉ cần --on"
            " / --vs takes one dataset (two dates); two datasets take --on only"
        )
    if len(datasets) == 1 and vs is None:
        raise UsageError(
            "một bộ dữ liệu cần --vs NGÀY (so --on với --vs), hoặc cho hai bộ dữ liệu"
            " / one dataset needs --vs DATE (--on against --vs), or give two datasets"
        )
    if vs is not None and vs <= on:
        raise UsageError(
            f"--vs {vs.isoformat()} phải sau --on {on.isoformat()} (--on là tháng trước, --vs là tháng này)"
            f" / --vs must be after --on (--on is last month, --vs this month)"
        )
    limits = data_limits.parse(limits)
    chosen = policies(policy_ids, extra_files, readings)
    old = dataset(datasets[0], lang, limits)
    new = dataset(datasets[1], lang, limits) if len(datasets) == 2 else old
    found = compare_changes(old, new, chosen, on, vs or on, lang)
    found["provenance"] = changes_made_by(datasets, chosen, on, vs, readings)
    return found


def template(output, policy_ids=(), prefill=None, lang="vi", limits=()):
    """``vnpolicy template``: write the fill-in workbook (``vnpolicy.authoring.template``) at ``output``, whole
    or not at all, its notes naming the policies ``policy_ids`` names (default: all), its rows those of the
    dataset ``prefill`` when given."""
    from ..authoring.template import build
    from ..data.cells import save_workbook
    from ..reports.files import whole_or_nothing

    chosen = policies(policy_ids)
    data = dataset(prefill, lang, limits) if prefill else None
    book = build(registry(), chosen, data)
    with whole_or_nothing(output, f"-o {output}") as tmp:
        save_workbook(book, tmp)
    return output


def dictionary(output):
    """``vnpolicy template --dictionary``: the data dictionary in Vietnamese (Markdown) at ``output``."""
    from pathlib import Path

    from ..authoring.dictionary import dictionary_md
    from ..reports.files import whole_or_nothing

    with whole_or_nothing(output, f"-o {output}") as tmp:
        Path(tmp).write_text(dictionary_md(registry()), encoding="utf-8")
    return output


from .runs import (  # noqa: E402, F401  (re-exported; the record of runs calls the functions above)
    assess_arguments,
    changes_arguments,
    compare_arguments,
    record,
    record_open,
    recorded_run,
    recorded_runs,
    verify_run,
)
