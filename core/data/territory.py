"""Where and when: which units a policy covers on a date, and who is in post on it (DATA.md, Jurisdictions).

On 2025-07-01 provinces were merged (Nghị quyết 202/2025/QH15) and the district level ended. A unit's
``province`` is the province it belongs to now; ``former_province`` the one it belonged to before the
merger. So on a date before the merger a unit was in ``former_province`` when that is given, else in
``province``; after it, a policy of a merged province (``former_territory: true``) follows the units whose
``former_province`` is that province (a unit without one stayed in its province), and any other policy
the units whose ``province`` is its province. A ``national`` policy covers every unit.
"""

import datetime as dt

import polars as pl

MERGER = dt.date(2025, 7, 1)
NATIONAL = "national"


def province_for(policy, on, prefix="unit_"):
    """The province a unit counts in for this policy on this date (an expression over its columns)."""
    province = pl.col(f"{prefix}province").cast(pl.Utf8)
    former = pl.col(f"{prefix}former_province").cast(pl.Utf8)
    if on < MERGER or policy.former_territory:
        return pl.coalesce([former, province])
    return province


def territory(policy, on, prefix="unit_"):
    """The units a policy covers on a date."""
    if policy.province == NATIONAL:
        return pl.lit(True)
    return province_for(policy, on, prefix) == policy.province


def exists(on, prefix="unit_"):
    """The unit exists on the date (its optional start and end dates allow it)."""
    start, end = pl.col(f"{prefix}start_date"), pl.col(f"{prefix}end_date")
    return (start.is_null() | (start <= on)) & (end.is_null() | (end >= on))


def in_post(on):
    """A staff member holds the post on the date, in a unit that exists on it."""
    return (
        (pl.col("start_date").is_null() | (pl.col("start_date") <= on))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= on))
        & exists(on)
    )
