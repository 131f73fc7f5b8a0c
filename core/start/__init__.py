"""The ``vnpolicy`` command's entry (``[project.scripts]``): the command loads and is built here, inside a hold
on Ctrl-C, so that one coming before the command runs (its first ~60 ms) ends it as one coming later does —
exit 130, nothing on the screen — rather than with Python's traceback. Nothing is imported at this module's
top, and it imports only the CLI (:mod:`vnpolicy.cli`), inside :func:`main`; what Python does before it (its
own start, ~10 ms) is Python's."""

import sys


def main():
    try:
        from ..cli import main as run

        run()
    except KeyboardInterrupt:  # once the command runs, typer says a Ctrl-C the same way
        sys.exit(130)
