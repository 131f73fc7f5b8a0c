"""The core plugin, registered as ``vnpolicy.builtin``: DATA.md's dataset contract (the fields of units, staff,
systems, assignments, trainings and indicators, with vnpolicy's additions), the expression functions
``known`` and ``has_any``, and the derived fields ``max_security_level``, ``operates_system``,
``rating_prev_year``, ``rating_last_known`` and ``english_cefr``."""

import polars as pl

from .. import hookimpl
from ..data.aliases import aliases, codes
from ..rules.derived import DerivedField
from ..rules.expr import BOOL, INT, ExprError, Function, Type

# The closed code lists, and the words offices type for each code: one table, vnpolicy.data.aliases.
PROVINCES = codes("province")
EDUCATION = codes("education")
RATINGS = codes("rating")
ENGLISH = codes("english")
CEFR = ("a1", "a2", "b1", "b2", "c1", "c2")
OLD_ENGLISH_TO_CEFR = {"a": "a1", "b": "a2", "c": "b1"}
YEAR = {"min": 1900, "max": 2100}


def _code(name):
    """allowed= and aliases= of a closed code list."""
    return {"allowed": codes(name), "aliases": aliases(name)}


@hookimpl
def vnpolicy_dataset_fields(register):
    u = "units"
    register(u, "id", "text", required=True, unique=True)
    register(u, "name", "text", required=True)
    register(u, "province", "code", required=True, **_code("province"))
    register(u, "former_province", "code", **_code("province"))
    register(u, "level", "code", required=True, **_code("level"))
    register(u, "kind", "code", required=True, **_code("kind"))
    register(u, "sector", "code", default="khac", **_code("sector"))
    register(u, "is_it_unit", "bool")
    register(u, "it_centre", "bool")  # the province's IT Centre (a subset of is_it_unit)
    register(u, "locality", "code")
    register(u, "parent_id", "text", references="units.id")
    # vnpolicy's addition to the contract: when a unit was set up or dissolved (a district People's
    # Committee ended on 30/06/2025), so one dataset can be assessed on dates before and after
    register(u, "start_date", "date")
    register(u, "end_date", "date", not_before="start_date")

    s = "staff"
    register(s, "id", "text", required=True, unique=True)
    register(s, "full_name", "text", required=True)
    register(s, "unit_id", "text", required=True, references="units.id")
    register(s, "employment", "code", required=True, **_code("employment"))
    register(s, "is_leader", "bool")
    register(s, "it_leader", "bool")
    register(s, "it_role", "code", default="khong", **_code("it_role"))
    register(s, "other_titles", "bool")
    register(s, "infosec_duty", "bool")
    register(s, "job_position_ok", "bool")
    register(s, "it_trainer", "bool")
    register(s, "education", "code", ordered=True, **_code("education"))
    register(s, "major", "code", **_code("major"))
    register(s, "english", "code", **_code("english"))
    register(s, "certificates", "codes")
    # ratings: one column per year, rating_2024, rating_2025 ... (YAML/JSON: a map year -> rating)
    register(s, "ratings", "code", ordered=True, **_code("rating"))
    register(s, "receives_nd179", "bool")
    register(s, "it_upskilled", "bool")
    register(s, "start_date", "date")
    register(s, "end_date", "date", not_before="start_date")
    register(s, "years_experience", "int", rules={"min": 0, "max": 70})
    # vnpolicy's addition: an IT expert hired under a hiring policy (Lào Cai's four monthly tiers)
    register(s, "hired_expert", "bool")

    y = "systems"
    register(y, "id", "text", required=True, unique=True)
    register(y, "name", "text", required=True)
    register(y, "owner_unit_id", "text", required=True, references="units.id")
    register(y, "security_level", "int", required=True, rules={"min": 1, "max": 5})
    register(y, "level_approved", "bool")

    a = "assignments"
    register(a, "staff_id", "text", required=True, references="staff.id")
    register(a, "system_id", "text", required=True, references="systems.id")
    register(a, "start_date", "date")
    register(a, "end_date", "date", not_before="start_date")
    register(a, "decision", "text")

    t = "trainings"
    register(t, "id", "text", required=True, unique=True)
    register(t, "province", "code", required=True, **_code("province"))
    register(t, "year", "int", required=True, rules=YEAR)
    register(t, "topic", "code", required=True, **_code("topic"))
    register(t, "classes", "int", rules={"min": 0})
    register(t, "participants", "int", rules={"min": 0})

    i = "indicators"
    register(i, "province", "code", required=True, **_code("province"))
    register(i, "year", "int", required=True, rules=YEAR)
    register(i, "indicator", "code", required=True, unique_with=("province", "year"))
    register(i, "value", "number", required=True, rules={"min": 0})


# --- functions ------------------------------------------------------------------------------------


def _known_check(types, args):
    if len(types) != 1:
        raise ExprError("cần đúng 1 tham số")
    return BOOL


def _has_any_check(types, args):
    if len(types) != 2 or types[0].kind != "list" or types[1].kind != "list":
        raise ExprError("cần 2 danh sách: has_any(certificates, network_certificates)")
    return BOOL


def _has_any_build(args):
    have, wanted = args
    if wanted.is_literal:
        return have.expr.list.eval(pl.element().is_in(list(wanted.literal))).list.any()
    return have.expr.list.set_intersection(wanted.expr).list.len() > 0


@hookimpl
def vnpolicy_expression_functions(register):
    register(
        "known",
        Function("known", _known_check, lambda args: args[0].expr.is_not_null(), "có dữ liệu: known(rating_prev_year)"),
    )
    register(
        "has_any",
        Function(
            "has_any",
            _has_any_check,
            _has_any_build,
            "có ít nhất một mã của danh sách thứ hai: has_any(certificates, ['ccna'])",
        ),
    )


# --- derived fields -------------------------------------------------------------------------------


def _max_security_level(ctx):
    a = ctx.active_assignments()
    return (
        a.group_by("staff_id")
        .agg(pl.col("security_level").max().alias("max_security_level"))
        .rename({"staff_id": "id"})
    )


def _operates_system(ctx):
    a = ctx.active_assignments()
    return a.select(pl.col("staff_id").unique().alias("id")).with_columns(operates_system=pl.lit(True))


def _rating_prev_year(ctx):
    column = f"rating_{ctx.as_of.year - 1}"
    if column in ctx.dataset.table("staff").columns:
        return pl.col(column)
    return pl.lit(None, dtype=pl.Enum(list(RATINGS)))


def _rating_last_known(ctx):
    """The latest rating of a year before the assessment date's year: a rating not yet given for last year
    falls back to the year before it, and so on."""
    columns = ctx.dataset.table("staff").columns
    years = sorted((int(c[7:]) for c in columns if c[7:].isdigit() and c.startswith("rating_")), reverse=True)
    earlier = [pl.col(f"rating_{y}") for y in years if y < ctx.as_of.year]
    if not earlier:
        return pl.lit(None, dtype=pl.Enum(list(RATINGS)))
    return pl.coalesce(earlier)


def _english_cefr(ctx):
    english = pl.col("english").cast(pl.Utf8)
    return english.replace(OLD_ENGLISH_TO_CEFR).cast(pl.Enum(list(CEFR)))


@hookimpl
def vnpolicy_derived_fields(register):
    register(
        DerivedField(
            "max_security_level",
            INT,
            _max_security_level,
            "cấp độ an toàn cao nhất trong các hệ thống người đó trực tiếp quản lý, vận hành vào ngày đánh giá "
            "(0 nếu không vận hành hệ thống nào)",
            "highest security level among the systems the person operates on the date (0 if none)",
            default=0,
        )
    )
    register(
        DerivedField(
            "operates_system",
            BOOL,
            _operates_system,
            "trực tiếp quản lý, vận hành ít nhất một hệ thống vào ngày đánh giá",
            "operates at least one system on the date",
            default=False,
        )
    )
    register(
        DerivedField(
            "rating_prev_year",
            Type("code", RATINGS, ordered=True, label="rating_prev_year"),
            _rating_prev_year,
            "xếp loại năm trước liền kề (năm dương lịch trước ngày đánh giá)",
            "rating of the calendar year before the assessment date",
        )
    )
    register(
        DerivedField(
            "rating_last_known",
            Type("code", RATINGS, ordered=True, label="rating_last_known"),
            _rating_last_known,
            "xếp loại gần nhất trước năm của ngày đánh giá (năm trước chưa xếp loại thì lấy năm trước nữa)",
            "latest rating of a year before the assessment date's year (last year's if given, else the one before)",
        )
    )
    register(
        DerivedField(
            "english_cefr",
            Type("code", CEFR, ordered=True, label="english_cefr"),
            _english_cefr,
            "trình độ tiếng Anh theo khung 6 bậc (A→A1, B→A2, C→B1)",
            "English on the six-level framework (A→A1, B→A2, C→B1)",
        )
    )
