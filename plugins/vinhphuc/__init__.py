"""Vĩnh Phúc (inside Phú Thọ since 2025-07-01), applied in its former territory: the policies in
``policies/vinhphuc/`` — ``vinhphuc/cds-2025`` (the digital-transformation workforce plan to 2025 and the
plan for Quyết định 204-QĐ/TW)."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("vinhphuc"))
