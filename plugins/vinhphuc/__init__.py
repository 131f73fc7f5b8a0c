"""Vĩnh Phúc (inside Phú Thọ since 2025-07-01): the digital-transformation workforce plan. Policies come next."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("vinhphuc"))
