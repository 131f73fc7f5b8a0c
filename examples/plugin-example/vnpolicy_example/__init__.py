"""An example vnpolicy plugin, complete: install it with ``pip install examples/plugin-example`` and
``vnpolicy plugins`` lists it, ``vnpolicy policies`` shows its policy.

It adds a staff field (``union_member``), a derived field (``systems_count``: how many systems a person
operates on the date), an expression function (``at_least(list, n)``) and a policy file that uses them.
"""

from pathlib import Path

import polars as pl

import vnpolicy
from vnpolicy import BOOL, INT, DerivedField, ExprError, Function  # what plugins import: the package root


@vnpolicy.hookimpl
def vnpolicy_dataset_fields(register):
    register("staff", "union_member", "bool", description="đoàn viên công đoàn")


def _systems_count(context):
    # a join over whole tables, never a loop over records
    return (
        context.active_assignments()
        .group_by("staff_id")
        .len()
        .select(pl.col("staff_id").alias("id"), pl.col("len").cast(pl.Int64).alias("systems_count"))
    )


@vnpolicy.hookimpl
def vnpolicy_derived_fields(register):
    register(
        DerivedField(
            "systems_count",
            INT,
            _systems_count,
            "số hệ thống trực tiếp vận hành vào ngày đánh giá",
            "number of systems operated on the date",
            default=0,
        )
    )


def _at_least_check(types, args):
    if len(types) != 2 or types[0].kind != "list" or types[1].kind != "int":
        raise ExprError("cần at_least(danh_sách, số)")
    return BOOL


@vnpolicy.hookimpl
def vnpolicy_expression_functions(register):
    register(
        "at_least",
        Function(
            "at_least",
            _at_least_check,
            lambda args: args[0].expr.list.len() >= args[1].expr,
            "danh sách có ít nhất n phần tử",
        ),
    )


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(Path(__file__).parent / "example-2026.yaml")
