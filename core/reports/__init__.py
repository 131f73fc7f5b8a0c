"""Writers: one module per format — terminal table and Markdown, JSON and CSV (for ``assess`` and
``compare``), Excel and HTML (``compare`` so far), and a rendered policy's plain document as HTML, Markdown
or text (``document``, for ``vnpolicy render``); files are written whole or not at all, and text from
the data is never live in them (``safe``).

Imports the results (:mod:`vnpolicy.rules.results`, :mod:`vnpolicy.compare`), :mod:`vnpolicy.data.cells`
(spreadsheet cells kept inert, shared with the dataset writers), :mod:`vnpolicy.i18n` and
:mod:`vnpolicy.errors`; never rule kinds' internals or the CLI."""
