"""What was decided, kept: a run of ``assess`` or ``compare`` (``--record DB``) stored in an SQLite file
any office tool can open — when, which vnpolicy, the hash of every policy file, the dataset and the reform,
the readings and overrides, the totals and every result with its decision — listed, shown and verified
(``vnpolicy runs``).

Beside :mod:`vnpolicy.reports`: imports the results (:mod:`vnpolicy.rules.results`), :mod:`vnpolicy.i18n`
and :mod:`vnpolicy.errors`; never the rule kinds, the engine, the CLI or the API (re-running a run for
``verify`` is the API's job)."""
