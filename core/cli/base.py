"""What every command shares: the typer app, the one-line error handling, the options and choices."""

import functools
import os
import re
import sys
from enum import Enum

import typer

from ..errors import UsageError, VnpolicyError
from ..i18n import speaking
from .usage import OneLineGroup

app = typer.Typer(
    cls=OneLineGroup,
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
    parquet = "parquet"


class _Api:
    """:mod:`vnpolicy.api`, imported on a command's first use of it: ``vnpolicy --help`` (and every command
    that never reads a policy or a dataset) starts without polars, jsonschema or cerberus."""

    def __getattr__(self, name):
        from .. import api as module

        return getattr(module, name)


api = _Api()


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
        except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as Python's docs advise
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):  # no file behind stdout (a test's runner): nothing left to flush
                pass
            raise typer.Exit(1) from None
        except Exception as exc:  # a bug: one line saying so; VNPOLICY_DEBUG=1 shows the traceback
            _fault(exc)
        except BaseException as exc:  # a panic in polars' Rust code is pyo3's PanicException, no Exception
            if type(exc).__name__ != "PanicException":
                raise
            _fault(exc)

    return wrapper


def _fault(exc):
    """A bug, said in one line (exit 2); a Ctrl-C that a library met, or an error it came of, raised as one."""
    if _interrupted(exc):  # stop as for any Ctrl-C
        raise KeyboardInterrupt from None
    if os.environ.get("VNPOLICY_DEBUG"):
        raise exc
    text = " ".join(str(exc).split())[:200]
    typer.echo(
        f"lỗi nội bộ của vnpolicy ({type(exc).__name__}: {text}); chạy lại với VNPOLICY_DEBUG=1 để xem chi tiết"
        f" / internal error: run again with VNPOLICY_DEBUG=1 for the traceback",
        err=True,
    )
    raise typer.Exit(2) from None


def _interrupted(exc):
    """Whether ``exc`` is a library's word for a Ctrl-C (SIGINT) it met, or came of one, not a fault: polars'
    "Query interrupted"; the panic of polars calling back into Python as the Ctrl-C came (a KeyboardInterrupt
    its Rust code unwrapped); DuckDB's "... failed: KeyboardInterrupt" (reading a frame's Arrow stream as it
    came); or any error raised while a Ctrl-C was on its way out (a DuckDB connection closed under the call it
    interrupted: "connection is busy")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        name, text = type(exc).__name__, str(exc)
        if isinstance(exc, KeyboardInterrupt) or (type(exc) is RuntimeError and text == "Query interrupted"):
            return True
        if name == "PanicException":  # its type is not always printable: "value: KeyboardInterrupt(''),"
            if re.search(r"type: <class 'KeyboardInterrupt'>|value: KeyboardInterrupt\(", text):
                return True
        if type(exc).__module__.lstrip("_") == "duckdb" and "failed: KeyboardInterrupt" in text:
            return True
        exc = exc.__context__
    return False


def _date(value, option="--on"):
    if value is None:
        return None
    from ..data.schema import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise UsageError(f"{option} {value!r}: cần ngày yyyy-mm-dd hoặc dd/mm/yyyy / expected a date") from None


ON = typer.Option(None, "--on", help="Ngày đánh giá, yyyy-mm-dd hoặc dd/mm/yyyy (mặc định: hôm nay).")
POLICY = typer.Option(None, "--policy", "-p", help="Mã chính sách (lặp lại được); mặc định: tất cả.")
POLICY_FILE = typer.Option(None, "--policy-file", help="Thêm một tệp chính sách YAML ngoài các chính sách cài sẵn.")
ALL = typer.Option(False, "--all", help="Bảng: in mọi dòng (mặc định: 200 dòng đầu mỗi phần; các tổng luôn đủ).")
LANG = typer.Option(Lang.vi, "--lang", help="Ngôn ngữ: vi (mặc định) hoặc en.")
READING = typer.Option(
    None,
    "--reading",
    help="CHÍNH_SÁCH.CÁCH_HIỂU=PHƯƠNG_ÁN: đọc theo một phương án khác (lặp lại được; xem vnpolicy readings).",
)
LIMIT = typer.Option(
    None,
    "--limit",
    help="KHOÁ=SỐ: nâng một giới hạn khi đọc bộ dữ liệu (lặp lại được): rows, csv_mb, xlsx_mb, xlsx_ratio, "
    "yaml_mb, yaml_nodes, json_mb, depth (docs/dataset.md).",
)


def main():
    app()
