"""Commands that assess a dataset: assess, compare, explain, readings."""

import datetime as dt
import sys
from enum import Enum
from pathlib import Path

import typer

from ..errors import UsageError
from .base import ALL, LANG, LIMIT, ON, POLICY, POLICY_FILE, READING, Format, Lang, _date, api, app, handled
from .records import RECORD, recorded


class Report(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    md = "md"
    jsonl = "jsonl"
    parquet = "parquet"
    duckdb = "duckdb"


class Reasons(str, Enum):
    all = "all"
    deciding = "deciding"
    none = "none"


REASONS = typer.Option(
    None,
    "--reasons",
    help="Lý do ghi ra: all (mọi điều kiện; mặc định của json), deciding (lý do quyết định; mặc định của csv,"
    " jsonl, parquet, duckdb), none.",
)


@app.command()
@handled
def assess(
    dataset: Path = typer.Argument(..., help="Thư mục CSV, tệp .xlsx, .yaml hoặc .json."),
    on: str | None = ON,
    policy: list[str] | None = POLICY,
    policy_file: list[Path] | None = POLICY_FILE,
    format: Report | None = typer.Option(
        None,
        "--format",
        "-f",
        help="table (mặc định), json, csv, xlsx, html, md (danh sách chi trả), jsonl, parquet (-o THƯ_MỤC),"
        " duckdb; theo đuôi tệp -o.",
    ),
    output: list[Path] | None = typer.Option(
        None, "--output", "-o", help="Ghi ra tệp (mặc định: màn hình; lặp lại được: mỗi tệp theo đuôi của nó)."
    ),
    reading: list[str] | None = READING,
    lang: Lang = LANG,
    limit: list[str] | None = LIMIT,
    record: Path | None = RECORD,
    all_: bool = ALL,
    reasons: Reasons | None = REASONS,
):
    """Đánh giá bộ dữ liệu theo các chính sách có hiệu lực vào ngày --on."""
    from ..reports.output import print_assessment, targets, write_assessment

    files = targets("assess", output, format and format.value)
    book = api.record_open(record) if record else None  # a bad database stops before any work
    result, _ = api.run(dataset, _date(on), policy or (), policy_file or (), lang.value, reading or (), limit or ())
    if book is not None:
        args = api.assess_arguments(
            result, dataset, policy or (), policy_file or (), lang.value, reading or (), limit or ()
        )
        recorded(record, api.record(book, "assess", result, args), lang)
    for line in api.local_copies([o.policy for o in result.outcomes], lang.value):
        typer.echo(("chú ý: " if lang == Lang.vi else "note: ") + line, err=True)
    made = api.assessment_provenance(result, dataset, reading or ())
    why = reasons and reasons.value
    if not files:
        print_assessment(result, (format or Format.table).value, sys.stdout, made, dataset, why, _shown(all_))
    for path in write_assessment(result, files, made, dataset, why):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


@app.command()
@handled
def changes(
    datasets: list[Path] = typer.Argument(..., help="Bộ dữ liệu tháng trước và tháng này, hoặc một bộ với --vs."),
    on: str | None = typer.Option(None, "--on", help="Ngày (tháng trước khi có --vs), yyyy-mm-dd hoặc dd/mm/yyyy."),
    vs: str | None = typer.Option(None, "--vs", help="Một bộ dữ liệu: ngày so với --on (sau --on: tháng này)."),
    policy: list[str] | None = POLICY,
    policy_file: list[Path] | None = POLICY_FILE,
    format: Report | None = typer.Option(
        None, "--format", "-f", help="table (mặc định), json, csv, xlsx, html; mặc định theo đuôi tệp -o."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp (.txt, .json, .csv, .xlsx, .html)."),
    reading: list[str] | None = READING,
    lang: Lang = LANG,
    limit: list[str] | None = LIMIT,
    record: Path | None = RECORD,
):
    """Thay đổi so với tháng trước: ai thay đổi theo chính sách nào, vì sao, và chênh lệch chi phí hằng tháng."""
    from ..reports.output import changes_text, targets, write_changes

    files = targets("changes", [output] if output else [], format and format.value)
    book = api.record_open(record) if record else None  # a bad database stops before any work
    when, later = _date(on), _date(vs, "--vs")
    args = (datasets, when, later, policy or (), policy_file or (), lang.value, reading or (), limit or ())
    found = api.changes(*args)
    if book is not None:
        recorded(record, api.record(book, "changes", found, api.changes_arguments(*args)), lang)
    if not files:
        sys.stdout.write(changes_text(found, (format or Report.table).value, lang.value))
    for path in write_changes(found, files, lang.value):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


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
        None,
        "--format",
        "-f",
        help="table (mặc định), json, csv, xlsx, html, md, jsonl, parquet (-o THƯ_MỤC), duckdb; mặc định theo"
        " đuôi tệp -o.",
    ),
    output: list[Path] | None = typer.Option(
        None, "--output", "-o", help="Ghi ra tệp (lặp lại được: mỗi tệp theo đuôi của nó)."
    ),
    reading: list[str] | None = READING,
    lang: Lang = LANG,
    limit: list[str] | None = LIMIT,
    record: Path | None = RECORD,
    all_: bool = ALL,
    reasons: Reasons | None = REASONS,
):
    """So sánh: chính sách của từng tỉnh áp dụng cho cùng những người trong bộ dữ liệu."""
    from ..reports.output import TABLES, print_comparison, targets, write_comparison

    if (month_from is None) != (month_to is None):
        raise UsageError("--from và --to đi cùng nhau / give both --from and --to")
    files = targets("compare", output, format and format.value)
    book = api.record_open(record) if record else None  # a bad database stops before any work
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
            limit or (),
            tables_only=bool(files) and all(fmt in TABLES for _, fmt in files),
        )
    if book is not None:
        months = (month_from, month_to) if month_from else None
        args = api.compare_arguments(
            comparison, dataset, chosen, months, reform, set_ or (), lang.value, reading or (), limit or ()
        )
        recorded(record, api.record(book, "compare", comparison, args), lang)
    why = reasons and reasons.value
    if not files:
        print_comparison(comparison, built, (format or Report.table).value, sys.stdout, why, _shown(all_))
        return
    for path in write_comparison(comparison, built, files, why):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


def _shown(all_):
    from ..reports.text import SHOWN

    return None if all_ else SHOWN


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


class Letter(str, Enum):
    table = "table"
    md = "md"
    html = "html"


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
    limit: list[str] | None = LIMIT,
    format: Letter | None = typer.Option(None, "--format", "-f", help="table (mặc định), md, html: thư gửi người đó."),
    output: list[Path] | None = typer.Option(None, "--output", "-o", help="Ghi thư ra tệp .html, .md (hoặc .txt)."),
):
    """Vì sao: kết quả của một người theo từng chính sách, từng điều kiện và trích dẫn; -o/-f: thư trả lời người đó."""
    from ..reports.output import document_text, targets, write_letter

    files = targets("explain", output, format and format.value)
    args = (dataset, staff_id, _date(on), policy or (), policy_file or (), lang.value, reading or (), limit or ())
    letter = format not in (None, Letter.table) or any(fmt != "table" for _, fmt in files)  # else the text alone
    document, text = api.letter(*args, document=letter)
    if not files:
        sys.stdout.write(text if format in (None, Letter.table) else document_text(document, format.value))
    for path in write_letter(document, text, files):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


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
    limit: list[str] | None = LIMIT,
):
    """Các cách hiểu: chỗ văn bản còn để ngỏ, các phương án, phương án đã chọn; với --data, chi phí từng phương án."""
    from ..reports.readings_text import readings_text

    if format == Format.csv:
        raise UsageError("vnpolicy readings: -f table hoặc json / -f table or json")
    when = _date(on) or dt.date.today()
    found = api.readings(policy or (), data, when, lang.value, reading or (), limit or ())
    if format == Format.json:
        from ..reports.jsonfile import readings_json

        sys.stdout.write(readings_json(found))
        return
    sys.stdout.write(readings_text(found, lang.value, when if data else None))
