"""Writers: one module per format — terminal table and Markdown, JSON and CSV (for ``assess`` and
``compare``), Excel and HTML (``compare`` so far); files are written whole or not at all.

Imports the results (:mod:`vnpolicy.rules.results`, :mod:`vnpolicy.compare`) and :mod:`vnpolicy.i18n`;
never rule kinds' internals or the CLI."""
