"""Libraries imported when a command first needs them, a Ctrl-C held until the import is done: DuckDB's
extension module aborts the whole process when a Ctrl-C interrupts its import (nanobind: "Critical nanobind
error", exit -6), where at any other moment the command stops as for any Ctrl-C."""

import importlib
import signal
import sys
import threading


def duckdb():
    """The ``duckdb`` module; a Ctrl-C during its first import is raised once it is in (the main thread's:
    only there does Python run signal handlers)."""
    if "duckdb" in sys.modules or threading.current_thread() is not threading.main_thread():
        return importlib.import_module("duckdb")
    held = []
    previous = signal.signal(signal.SIGINT, lambda *_: held.append(True))
    try:
        module = importlib.import_module("duckdb")
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt
    return module
