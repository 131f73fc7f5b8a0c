"""The dataset: reading it in any of its forms (CSV, Excel, YAML/JSON) with the YAML loader that keeps
lines, within limits (``limits``), its own schema (fields, codes, dates, the words offices type for a
code: ``aliases``), checking and normalising it into typed polars tables, the territory and the 2025
mergers, and writing or generating datasets.

Imports only :mod:`vnpolicy.errors` and :mod:`vnpolicy.i18n` from the rest of vnpolicy."""
