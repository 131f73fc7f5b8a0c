"""A mistyped command line is one line, Vietnamese first, like every other mistake: an unknown option (with
the closest one), a value not among an option's choices (with the closest choice), a missing argument —
not the three lines of English usage text typer prints by itself."""

import difflib
import re
import sys

import typer
from typer.core import TyperGroup

CLICK_USAGE = typer.BadParameter.__mro__[1]  # click's UsageError, which typer raises for all of these
CHOICES = re.compile(r"'(?P<found>.*?)' is not one of (?P<choices>.*?)\.?$")


class OneLineGroup(TyperGroup):
    """The app's group: runs the command line as typer does, saying a usage mistake in one line (exit 2)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except CLICK_USAGE as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # ``vnpolicy`` alone: the help, as before
                exc.show()
                sys.exit(exc.exit_code)
            typer.echo(f"lỗi: {said(exc)}", err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("đã dừng / aborted", err=True)
            sys.exit(1)
        except Exception as exc:  # click's other errors (a file option it could not open) keep their text
            if hasattr(exc, "show") and hasattr(exc, "exit_code"):
                exc.show()
                sys.exit(exc.exit_code)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def said(exc):
    """The mistake in one line: what was found, what was expected, the closest, where to read more."""
    below = exc.ctx.command_path.split(" ")[1:] if exc.ctx is not None else []
    command = " ".join(["vnpolicy", *below])  # the program by its name, however it was started
    more = f"; xem {command} --help"
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        known = [o for p in (exc.ctx.command.params if exc.ctx else []) for o in p.opts + p.secondary_opts]
        return (
            f"{command}: không có tuỳ chọn {exc.option_name}{_closest(exc.option_name, known)}{more} / no such option"
        )
    if kind == "MissingParameter":
        name = getattr(exc.param, "name", None) or "?"
        return f"{command}: thiếu {name.upper()}{more} / missing {name.upper()}"
    message = " ".join(str(exc.message).replace("Value error, ", "").split())
    unknown = re.match(r"No such command '([^']*)'", message)
    if unknown and exc.ctx is not None:
        known = exc.ctx.command.list_commands(exc.ctx)
        return f"{command}: không có lệnh {unknown[1]!r}{_closest(unknown[1], known)}{more} / no such command"
    if kind == "BadParameter" and exc.param is not None:
        option = "/".join(exc.param.opts)
        match = CHOICES.search(message)
        if match:
            choices = re.findall(r"'(.*?)'", match["choices"])
            hint = _closest(match["found"], choices)
            return (
                f"{option}: gặp {match['found']!r}, cần một trong: {', '.join(choices)}{hint} / not one of the choices"
            )
        return f"{option}: giá trị không hợp lệ: {message}{more} / invalid value"
    return f"{command}: dòng lệnh không hợp lệ: {message}{more} / usage error"


def _closest(found, known):
    close = difflib.get_close_matches(found, sorted(set(known)), n=1)
    return f" (có phải {close[0]}?)" if close else ""
