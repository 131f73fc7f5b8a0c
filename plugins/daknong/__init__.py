"""Đắk Nông (inside Lâm Đồng since 2025-07-01): QĐ 02/2017 and QĐ 1965/2016. Policies come next."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("daknong"))
