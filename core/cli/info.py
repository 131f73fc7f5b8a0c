"""Commands that list what is installed, and the synthetic dataset generator: policies, plugins, generate."""

from pathlib import Path

import typer

from ..i18n import word
from .base import LANG, Form, Format, Lang, api, app, handled


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
    from ..hooks.manager import hooks_by_plugin, registry

    loaded = registry(strict=False)  # a broken plugin is left out and named: the others are still listed
    for name, hooks, version in hooks_by_plugin(loaded.manager):
        typer.echo(f"{name}{' ' + version if version else ''}: {', '.join(hooks) or '-'}")
    for _, line in loaded.broken:
        typer.echo(f"{'cảnh báo' if lang == Lang.vi else 'warning'}: {line}", err=True)


@app.command()
@handled
def generate(
    output: Path = typer.Argument(..., help="Thư mục (csv, parquet) hoặc tệp (.xlsx, .yaml, .json) sẽ ghi."),
    staff: int = typer.Option(1000, "--staff", help="Số cán bộ."),
    seed: int = typer.Option(1, "--seed"),
    form: Form = typer.Option(Form.csv, "--form"),
    lang: Lang = LANG,
):
    """Sinh bộ dữ liệu tổng hợp (hư cấu) cỡ tuỳ ý cho kiểm thử và đo hiệu năng."""
    from ..data.synth import generate as make
    from ..data.writers import write_dataset

    write_dataset(make(staff, seed), output, form.value)
    typer.echo(f"đã ghi {output} ({staff} cán bộ)" if lang == Lang.vi else f"wrote {output} ({staff} staff)")
