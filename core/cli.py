"""The ``vnpolicy`` command: parses arguments, calls the engine, prints. No rules live here."""

import datetime as dt
import functools
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import api
from .errors import UsageError, VnpolicyError
from .i18n import speaking, word

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help=(
        "vnpolicy: đánh giá chính sách nhân lực CNTT, chuyển đổi số của các tỉnh "
        "(rules as code for provincial IT-workforce policy)."
    ),
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Form(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    yaml = "yaml"
    json = "json"


def handled(command):
    """User errors become one line each on stderr and exit code 1; bugs keep their traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            with speaking(kwargs.get("lang", Lang.vi).value):
                return command(*args, **kwargs)
        except VnpolicyError as exc:
            for line in exc.lines:
                typer.echo(f"lỗi: {line}" if kwargs.get("lang", Lang.vi) == Lang.vi else f"error: {line}", err=True)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: one line saying so; VNPOLICY_DEBUG=1 shows the traceback
            if os.environ.get("VNPOLICY_DEBUG"):
                raise
            text = " ".join(str(exc).split())[:200]
            typer.echo(
                f"lỗi nội bộ của vnpolicy ({type(exc).__name__}: {text}); chạy lại với VNPOLICY_DEBUG=1 để xem chi tiết"
                f" / internal error: run again with VNPOLICY_DEBUG=1 for the traceback",
                err=True,
            )
            raise typer.Exit(2) from None

    return wrapper


def _date(value):
    if value is None:
        return None
    from .data.schema import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise UsageError(f"--on {value!r}: cần ngày yyyy-mm-dd hoặc dd/mm/yyyy / expected a date") from None


ON = typer.Option(None, "--on", help="Ngày đánh giá, yyyy-mm-dd hoặc dd/mm/yyyy (mặc định: hôm nay).")
POLICY = typer.Option(None, "--policy", "-p", help="Mã chính sách (lặp lại được); mặc định: tất cả.")
POLICY_FILE = typer.Option(None, "--policy-file", help="Thêm một tệp chính sách YAML ngoài các chính sách cài sẵn.")
LANG = typer.Option(Lang.vi, "--lang", help="Ngôn ngữ: vi (mặc định) hoặc en.")
READING = typer.Option(
    None,
    "--reading",
    help="CHÍNH_SÁCH.CÁCH_HIỂU=PHƯƠNG_ÁN: đọc theo một phương án khác (lặp lại được; xem vnpolicy readings).",
)


@app.command()
@handled
def assess(
    dataset: Path = typer.Argument(..., help="Thư mục CSV, tệp .xlsx, .yaml hoặc .json."),
    on: str | None = ON,
    policy: list[str] | None = POLICY,
    policy_file: list[Path] | None = POLICY_FILE,
    format: Format | None = typer.Option(None, "--format", "-f", help="table (mặc định), json, csv; theo đuôi tệp -o."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp (mặc định: màn hình)."),
    reading: list[str] | None = READING,
    lang: Lang = LANG,
):
    """Đánh giá bộ dữ liệu theo các chính sách có hiệu lực vào ngày --on."""
    from .reports.output import assessment_text, targets, write_assessment

    files = targets("assess", [output] if output else [], format and format.value)
    result, _ = api.run(dataset, _date(on), policy or (), policy_file or (), lang.value, reading or ())
    for line in api.local_copies([o.policy for o in result.outcomes], lang.value):
        typer.echo(("chú ý: " if lang == Lang.vi else "note: ") + line, err=True)
    if not files:
        sys.stdout.write(assessment_text(result, (format or Format.table).value))
    for path in write_assessment(result, files):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


class Report(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    md = "md"


@app.command()
@handled
def compare(
    dataset: Path = typer.Argument(..., help="Thư mục CSV, tệp .xlsx, .yaml hoặc .json."),
    provinces: str | None = typer.Option(
        None, "--provinces", help="Các tỉnh, cách nhau bằng dấu phẩy (mặc định: mọi tỉnh có chính sách)."
    ),
    on: str | None = ON,
    month_from: str | None = typer.Option(None, "--from", help="Tháng đầu của kỳ, yyyy-mm."),
    month_to: str | None = typer.Option(None, "--to", help="Tháng cuối của kỳ, yyyy-mm."),
    reform: Path | None = typer.Option(None, "--reform", help="Tệp YAML thay đổi chính sách từ một ngày."),
    set_: list[str] | None = typer.Option(None, "--set", help="CHÍNH_SÁCH.THAM_SỐ=GIÁ_TRỊ (lặp lại được)."),
    format: Report | None = typer.Option(
        None, "--format", "-f", help="table (mặc định), json, csv, xlsx, html, md; mặc định theo đuôi tệp -o."
    ),
    output: list[Path] | None = typer.Option(
        None, "--output", "-o", help="Ghi ra tệp (lặp lại được: mỗi tệp theo đuôi của nó)."
    ),
    reading: list[str] | None = READING,
    lang: Lang = LANG,
):
    """So sánh: chính sách của từng tỉnh áp dụng cho cùng những người trong bộ dữ liệu."""
    from .reports.output import comparison_text, targets, write_comparison

    if (month_from is None) != (month_to is None):
        raise UsageError("--from và --to đi cùng nhau / give both --from and --to")
    files = targets("compare", output, format and format.value)
    chosen = [p.strip() for p in provinces.split(",") if p.strip()] if provinces else ()
    with _progress(lang) as progress:
        comparison, built = api.compare(
            dataset,
            chosen,
            _date(on),
            (month_from, month_to) if month_from else None,
            reform,
            set_ or (),
            lang.value,
            progress,
            reading or (),
        )
    if not files:
        sys.stdout.write(comparison_text(comparison, built, (format or Report.table).value))
        return
    for path in write_comparison(comparison, built, files):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


class _progress:
    """A progress bar on stderr, for a terminal only (a pipe or a file gets nothing)."""

    def __init__(self, lang):
        self.bar, self.lang = None, lang

    def __enter__(self):
        return self if sys.stderr.isatty() else None

    def __call__(self, steps=None):
        if steps is not None:
            label = "Đang đánh giá" if self.lang == Lang.vi else "Assessing"
            self.bar = typer.progressbar(length=steps, label=label, file=sys.stderr).__enter__()
        elif self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


@app.command()
@handled
def explain(
    dataset: Path = typer.Argument(...),
    staff_id: str = typer.Argument(..., help="Mã cán bộ."),
    on: str | None = ON,
    policy: list[str] | None = POLICY,
    policy_file: list[Path] | None = POLICY_FILE,
    reading: list[str] | None = READING,
    lang: Lang = LANG,
):
    """Vì sao: kết quả của một người theo từng chính sách, từng điều kiện và trích dẫn."""
    from .rules.explain import explain as explain_person

    result, data = api.run(dataset, _date(on), policy or (), policy_file or (), lang.value, reading or ())
    sys.stdout.write(explain_person(result, data, staff_id))


@app.command()
@handled
def readings(
    policy: list[str] | None = typer.Argument(None, help="Mã chính sách; mặc định: mọi chính sách cài sẵn."),
    data: Path | None = typer.Option(
        None, "--data", help="Bộ dữ liệu: mỗi phương án khác thay đổi kết quả của ai, và chi phí bao nhiêu."
    ),
    on: str | None = ON,
    reading: list[str] | None = READING,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table (mặc định) hoặc json."),
    lang: Lang = LANG,
):
    """Các cách hiểu: chỗ văn bản còn để ngỏ, các phương án, phương án đã chọn; với --data, chi phí từng phương án."""
    from .reports.text import readings_text

    if format == Format.csv:
        raise UsageError("vnpolicy readings: -f table hoặc json / -f table or json")
    when = _date(on) or dt.date.today()
    found = api.readings(policy or (), data, when, lang.value, reading or ())
    if format == Format.json:
        from .reports.jsonfile import readings_json

        sys.stdout.write(readings_json(found))
        return
    sys.stdout.write(readings_text(found, lang.value, when if data else None))


@app.command()
@handled
def validate(
    paths: list[Path] | None = typer.Argument(
        None, help="Tệp chính sách và/hoặc bộ dữ liệu; mặc định: mọi chính sách cài sẵn."
    ),
    lang: Lang = LANG,
):
    """Kiểm tra chính sách (lược đồ, biểu thức) và bộ dữ liệu; báo lỗi theo tệp, dòng, cột."""
    from .authoring.validation import validate_paths

    for line in validate_paths(paths or [], lang.value):
        typer.echo(line)


@app.command()
@handled
def policies(lang: Lang = LANG, format: Format = typer.Option(Format.table, "--format", "-f")):
    """Các chính sách đã cài: mã, tên, văn bản, hiệu lực."""
    import json

    entries = [p.summary(lang=lang.value) for p in api.policies()]
    if format == Format.json:
        typer.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    for e in entries:
        d = e["document"]
        to = e["in_force_to"] or word("now", lang.value)
        since = e["in_force_from"] + ("" if e["in_force_known"] else f" ({word('unknown_date', lang.value)})")
        typer.echo(
            f"{e['id']}\t{e['title']}\t{d.get('number') or word('no_number', lang.value)} "
            f"({d.get('date') or word('no_date', lang.value)}, {d['issuer']})\t{since} → {to}"
        )


@app.command()
@handled
def plugins(lang: Lang = LANG):
    """Các plugin đã nạp và các hook mỗi plugin cài đặt."""
    from .hooks.manager import hooks_by_plugin, registry

    loaded = registry(strict=False)  # a broken plugin is left out and named: the others are still listed
    for name, hooks, version in hooks_by_plugin(loaded.manager):
        typer.echo(f"{name}{' ' + version if version else ''}: {', '.join(hooks) or '-'}")
    for _, line in loaded.broken:
        typer.echo(f"{'cảnh báo' if lang == Lang.vi else 'warning'}: {line}", err=True)


@app.command()
@handled
def generate(
    output: Path = typer.Argument(..., help="Thư mục (csv) hoặc tệp (.xlsx, .yaml, .json) sẽ ghi."),
    staff: int = typer.Option(1000, "--staff", help="Số cán bộ."),
    seed: int = typer.Option(1, "--seed"),
    form: Form = typer.Option(Form.csv, "--form"),
    lang: Lang = LANG,
):
    """Sinh bộ dữ liệu tổng hợp (hư cấu) cỡ tuỳ ý cho kiểm thử và đo hiệu năng."""
    from .data.synth import generate as make
    from .data.writers import write_dataset

    write_dataset(make(staff, seed), output, form.value)
    typer.echo(f"đã ghi {output} ({staff} cán bộ)" if lang == Lang.vi else f"wrote {output} ({staff} staff)")


@app.command()
@handled
def diff(
    old: str = typer.Argument(..., help="Bản cũ: tệp YAML hoặc mã chính sách đã cài (laocai/nq12-2025)."),
    new: str = typer.Argument(..., help="Bản mới: tệp YAML hoặc mã chính sách đã cài, cùng mã với bản cũ."),
    data: Path | None = typer.Option(None, "--data", help="Bộ dữ liệu: ai thay đổi kết quả, chi phí chênh lệch."),
    on: str | None = ON,
    month_from: str | None = typer.Option(None, "--from", help="Tháng đầu của kỳ, yyyy-mm (cần --data)."),
    month_to: str | None = typer.Option(None, "--to", help="Tháng cuối của kỳ, yyyy-mm (cần --data)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table (mặc định) hoặc json."),
    lang: Lang = LANG,
):
    """Hai bản của một chính sách: tham số, giá trị, ngày, điều kiện, quy tắc thêm, bỏ, đổi; với --data, ai thay đổi."""
    from .authoring.diff import diff_policies
    from .authoring.diff_text import diff_json, diff_text

    if format == Format.csv:
        raise UsageError("vnpolicy diff: -f table hoặc json / -f table or json")
    if (month_from is None) != (month_to is None):
        raise UsageError("--from và --to đi cùng nhau / give both --from and --to")
    if data is None and (on or month_from):
        raise UsageError("--on, --from/--to cần --data / need --data")
    if on and month_from:
        raise UsageError("--on hoặc --from/--to, không cả hai / --on or --from/--to, not both")
    months = (month_from, month_to) if month_from else None
    result = diff_policies(old, new, data, _date(on), months, lang.value)
    sys.stdout.write(diff_json(result, lang.value) if format == Format.json else diff_text(result, lang.value))


@app.command("test")
@handled
def run_cases(
    paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục ca kiểm thử YAML."),
    coverage: bool = typer.Option(
        False, "--coverage", help="Độ phủ: quy tắc, điều kiện (đạt và không đạt), mục tiêu ... mà các ca chạm tới."
    ),
    fail_under: float | None = typer.Option(
        None, "--fail-under", min=0, max=100, help="Thoát mã 1 khi độ phủ tổng hoặc của một chính sách dưới N%."
    ),
    lang: Lang = LANG,
):
    """Chạy các ca kiểm thử viết bằng YAML (đầu vào → kết quả mong đợi); --coverage: độ phủ của chúng."""
    from .authoring.cases import run_files

    report = None
    if coverage or fail_under is not None:
        from .authoring.coverage import below, measure
        from .authoring.coverage_text import coverage_text

        failures, count, report = measure(paths)
    else:
        failures, count = run_files(paths)
    for line in failures:
        typer.echo(line)
    typer.echo(f"{count - len(failures)} passed, {len(failures)} failed")
    if report is not None:
        typer.echo(coverage_text(report, lang.value, fail_under), nl=False)
    if failures or (report is not None and fail_under is not None and below(report, fail_under)):
        raise typer.Exit(1)


def main():
    app()
