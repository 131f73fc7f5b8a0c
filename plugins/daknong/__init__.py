"""Đắk Nông (inside Lâm Đồng since 2025-07-01), applied in its former territory: the policies in
``policies/daknong/`` — ``daknong/qd02-2017`` (Quyết định 02/2017/QĐ-UBND, standards for full-time IT staff)
and ``daknong/qd1965-2016`` (Quyết định 1965/QĐ-UBND, the IT workforce programme's targets)."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("daknong"))
