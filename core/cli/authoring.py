"""Commands for policy staff: validate, lint, render, test, schema, new; and the offices' fill-in workbook, template."""

import sys
from enum import Enum
from pathlib import Path

import typer

from ..errors import UsageError
from .base import LANG, LIMIT, ON, POLICY, Format, Lang, _date, api, app, handled


@app.command()
@handled
def validate(
    paths: list[Path] | None = typer.Argument(
        None, help="Tệp chính sách và/hoặc bộ dữ liệu; mặc định: mọi chính sách cài sẵn."
    ),
    lang: Lang = LANG,
    limit: list[str] | None = LIMIT,
):
    """Kiểm tra chính sách (lược đồ, biểu thức) và bộ dữ liệu; báo lỗi theo tệp, dòng, cột."""
    from ..authoring.validation import validate_paths

    for line in validate_paths(paths or [], lang.value, limit or ()):
        typer.echo(line)


class Document(str, Enum):
    table = "table"
    md = "md"
    html = "html"


@app.command()
@handled
def render(
    policy: str = typer.Argument(..., help="Mã chính sách cài sẵn (laocai/nq12-2025) hoặc đường dẫn tệp YAML."),
    format: Document | None = typer.Option(
        None, "--format", "-f", help="table (chữ, mặc định), md, html; mặc định theo đuôi tệp -o."
    ),
    output: list[Path] | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp .html, .md hoặc .txt."),
    lang: Lang = LANG,
):
    """Chính sách thành văn bản để đối chiếu với nguồn: điều kiện thành câu, tham số, cách hiểu, trích dẫn."""
    from ..reports.output import document_text, targets, write_document

    files = targets("render", output, format and format.value)
    document = api.render(policy, lang.value)
    if not files:
        sys.stdout.write(document_text(document, (format or Document.table).value))
    for path in write_document(document, files):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}", err=True)


@app.command()
@handled
def lint(
    targets: list[str] | None = typer.Argument(
        None, help="Mã chính sách, tệp hoặc thư mục chính sách; mặc định: mọi chính sách cài sẵn."
    ),
    cases: Path | None = typer.Option(
        None, "--cases", help="Thư mục ca kiểm thử: quy tắc, bậc, điều kiện nào chưa có ca làm nó đạt và không đạt."
    ),
    strict: bool = typer.Option(False, "--strict", help="Thoát với mã 1 cả khi chỉ có cảnh báo."),
    lang: Lang = LANG,
):
    """Soát chính sách: bậc không ai đến được, điều kiện luôn đúng/sai, tham số, trích dẫn; mỗi phát hiện một dòng."""
    from ..authoring.lint import failing, render

    findings, files = api.lint(targets or (), cases)
    for line in render(findings, files, lang.value):
        typer.echo(line)
    if failing(findings, strict):
        raise typer.Exit(1)


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
    from ..authoring.cases import run_files

    report = None
    if coverage or fail_under is not None:
        from ..authoring.coverage import below, measure
        from ..authoring.coverage_text import coverage_text

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
    from ..authoring.diff import diff_policies
    from ..authoring.diff_text import diff_json, diff_text

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


# --- authoring: editor schemas, new files ----------------------------------------------------------


class SchemaName(str, Enum):
    policy = "policy"
    dataset = "dataset"
    results = "results"
    case = "case"
    reform = "reform"


@app.command()
@handled
def schema(
    name: SchemaName = typer.Argument(..., help="policy, dataset, results, case hoặc reform."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Ghi ra tệp (mặc định: màn hình)."),
    lang: Lang = LANG,
):
    """JSON Schema cho trình soạn thảo (VS Code, tiện ích YAML): mô tả tiếng Việt, các mã, loại quy tắc của plugin."""
    from ..authoring.schemas import export_text
    from ..reports.files import whole_or_nothing

    text = export_text(name.value)
    if output is None:
        sys.stdout.write(text)
        return
    with whole_or_nothing(output, f"-o {output}") as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    typer.echo(f"đã ghi {output}" if lang == Lang.vi else f"wrote {output}", err=True)


new_app = typer.Typer(no_args_is_help=True, help="Viết khung một chính sách hoặc một plugin để bắt đầu.")
app.add_typer(new_app, name="new")


@new_app.command("policy")
@handled
def new_policy(
    policy_id: str = typer.Argument(..., metavar="PROVINCE/ID", help="Mã chính sách, ví dụ laocai/nq15-2026."),
    into: Path | None = typer.Option(None, "--into", help="Thư mục (mặc định: của plugin nhận tỉnh đó)."),
    lang: Lang = LANG,
):
    """Khung chính sách (kiểm tra được ngay) và ca kiểm thử, trong thư mục của plugin nhận tỉnh đó hoặc --into."""
    from ..authoring.scaffold import new_policy as write

    for path in write(policy_id, into):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}")


@new_app.command("plugin")
@handled
def new_plugin(
    name: str = typer.Argument(..., help="Tên plugin (chữ thường, số, _), thường là mã tỉnh, ví dụ hagiang."),
    into: Path | None = typer.Option(None, "--into", help="Tạo vnpolicy-NAME/ trong thư mục này (mặc định: .)."),
    province: str | None = typer.Option(None, "--province", help="Mã tỉnh của chính sách đầu (mặc định: NAME)."),
    lang: Lang = LANG,
):
    """Gói plugin cài được (pip install): pyproject, plugin, một chính sách, ca kiểm thử, README, lược đồ."""
    from ..authoring.scaffold import new_plugin as write

    for path in write(name, into, province):
        typer.echo(f"đã ghi {path}" if lang == Lang.vi else f"wrote {path}")


# --- the offices' fill-in workbook -------------------------------------------------------------------


@app.command()
@handled
def template(
    output: Path = typer.Option(..., "--output", "-o", help="Tệp .xlsx sẽ ghi."),
    policy: list[str] | None = POLICY,
    prefill: Path | None = typer.Option(None, "--prefill", help="Điền sẵn các dòng của một bộ dữ liệu có sẵn."),
    lang: Lang = LANG,
    limit: list[str] | None = LIMIT,
    dictionary: bool = typer.Option(
        False, "--dictionary", help="Ghi từ điển dữ liệu (tiếng Việt, Markdown) thay cho mẫu Excel: -o tệp .md."
    ),
):
    """Mẫu Excel để cơ quan nhập dữ liệu: danh sách chọn, hướng dẫn từng cột, cột các chính sách (-p) đọc."""
    if dictionary:
        if output.suffix.lower() != ".md":
            raise UsageError(f"-o {output}: --dictionary cần tệp .md / --dictionary writes a .md file")
        api.dictionary(output)
    elif output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {output}: cần tệp .xlsx / expected an .xlsx file")
    else:
        api.template(output, policy or (), prefill, lang.value, limit or ())
    typer.echo(f"đã ghi {output}" if lang == Lang.vi else f"wrote {output}", err=True)
