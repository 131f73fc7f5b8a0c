"""The record of what was decided: ``vnpolicy runs DB`` (the runs), ``show RUN`` (one), ``verify RUN`` (do its
files still have their hashes, does re-running it give the stored results). ``--record DB`` on assess,
compare and changes writes them (:mod:`.assessing`)."""

import json
from pathlib import Path

import typer

from .base import LANG, Lang, api, app, handled

runs_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=True,
    context_settings={"allow_interspersed_args": True},  # runs DB show 1 --lang en: --lang is the group's
    help="Các lần chạy đã ghi (--record DB): danh sách; show RUN: một lần; verify RUN: còn đúng không.",
)
app.add_typer(runs_app, name="runs")

DB = typer.Argument(..., metavar="DB", help="Tệp SQLite mà assess/compare/changes --record đã ghi.")
RECORD = typer.Option(
    None, "--record", help="Ghi lần chạy vào tệp SQLite này: đầu vào, mã băm, kết quả (xem vnpolicy runs)."
)


def recorded(db, run_id, lang):
    """The line saying a run was recorded (assess, compare --record)."""
    typer.echo(_say(lang, f"đã ghi lần chạy {run_id} vào {db}", f"recorded run {run_id} in {db}"), err=True)


def _say(lang, vi, en):
    return vi if lang == Lang.vi else en


def _when(run):
    if run["period_from"]:
        return f"{run['period_from']}..{run['period_to']}"
    return run["as_of"] or ""


@runs_app.callback()
def runs(ctx: typer.Context, db: Path = DB, lang: Lang = LANG):
    """Các lần chạy đã ghi: mã, lúc, lệnh, ngày hoặc kỳ, bộ dữ liệu, số chính sách và kết quả."""
    ctx.obj = (db, lang)
    if ctx.invoked_subcommand is None:
        _list(db=db, lang=lang)


@handled
def _list(db, lang):
    found = api.recorded_runs(db)
    if not found:
        typer.echo(_say(lang, "chưa có lần chạy nào", "no runs yet"))
    for r in found:
        counts = _say(
            lang,
            f"{r['policy_count']} chính sách, {r['result_count']} kết quả",
            f"{r['policy_count']} policies, {r['result_count']} results",
        )
        typer.echo(f"{r['id']}\t{r['recorded_at']}\t{r['command']}\t{_when(r)}\t{r['dataset_path']}\t{counts}")


RUN = typer.Argument(..., metavar="RUN", help="Mã lần chạy (cột đầu của vnpolicy runs DB).")


@runs_app.command("show")
def show(ctx: typer.Context, run_id: str = RUN):
    """Một lần chạy: đầu vào (tệp, mã băm, cách hiểu, tham số thay đổi) và tổng số theo chính sách."""
    db, lang = ctx.obj
    _show(db=db, run_id=run_id, lang=lang)


@handled
def _show(db, run_id, lang):
    run, used = api.recorded_run(db, run_id)
    label = {
        "command": _say(lang, "lệnh", "command"),
        "recorded_at": _say(lang, "lúc", "recorded at"),
        "vnpolicy_version": "vnpolicy",
        "as_of": _say(lang, "ngày", "on"),
        "period_from": _say(lang, "từ tháng", "from"),
        "period_to": _say(lang, "đến tháng", "to"),
        "dataset_path": _say(lang, "bộ dữ liệu", "dataset"),
        "dataset_sha256": "  sha256",
        "readings": _say(lang, "cách hiểu (--reading)", "readings (--reading)"),
        "overrides": "--set",
        "reform_path": "--reform",
        "reform_sha256": "  sha256",
        "result_count": _say(lang, "số kết quả", "results"),
    }
    typer.echo(f"{_say(lang, 'lần chạy', 'run')} {run['id']}")
    for key, name in label.items():
        if run[key] not in (None, "[]"):
            typer.echo(f"{name}: {run[key]}")
    typer.echo(f"{_say(lang, 'tham số lệnh', 'arguments')}: {json.dumps(run['arguments'], ensure_ascii=False)}")
    for p in used:
        live = p["in_force"]
        in_force = _say(lang, "có hiệu lực", "in force") if live else _say(lang, "không hiệu lực", "not in force")
        typer.echo(f"- {p['policy']} ({in_force}) {p['path']}")
        typer.echo(f"  sha256: {p['sha256']}")
        if p["readings"] not in ("{}", None):
            typer.echo(f"  {_say(lang, 'cách hiểu', 'readings')}: {p['readings']}")
        if p["totals"] not in ("null", None):
            typer.echo(f"  {_say(lang, 'tổng', 'totals')}: {p['totals']}")


@runs_app.command("verify")
def verify(ctx: typer.Context, run_id: str = RUN):
    """Còn đúng không: mỗi tệp chính sách, bộ dữ liệu còn mã băm đã ghi; chạy lại cho cùng kết quả (mã 1 nếu khác)."""
    db, lang = ctx.obj
    _verify(db=db, run_id=run_id, lang=lang)


@handled
def _verify(db, run_id, lang):
    checks, rerun = api.verify_run(db, run_id)
    for what, ok, then, now in checks:
        if ok:
            typer.echo(f"{_say(lang, 'khớp', 'same')}: {what}")
        elif now is None:
            typer.echo(f"{_say(lang, 'không còn', 'missing')}: {what}")
        else:
            typer.echo(f"{_say(lang, 'đã đổi', 'changed')}: {what} (sha256 {then[:12]}… → {now[:12]}…)")
    if rerun is None:
        typer.echo(_say(lang, "không chạy lại: đầu vào đã đổi", "not re-run: the inputs changed"))
        raise typer.Exit(1)
    stored, now, differ = rerun
    if differ:
        typer.echo(
            _say(
                lang,
                f"chạy lại: {differ} kết quả khác ({stored} đã ghi, {now} bây giờ)",
                f"re-run: {differ} results differ ({stored} recorded, {now} now)",
            )
        )
        raise typer.Exit(1)
    typer.echo(_say(lang, f"chạy lại: cùng {stored} kết quả", f"re-run: the same {stored} results"))
