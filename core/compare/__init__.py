"""Cross-province comparison: every province's policies applied to the same people (scenarios, periods,
reforms), the rules side by side from the YAML, the differences in words, and the comparison as plain data
for the reports; what changed since last month (``changes``: two datasets, or one on two dates).

Imports :mod:`vnpolicy.rules`, :mod:`vnpolicy.data` and :mod:`vnpolicy.i18n`; never reports or the CLI."""
