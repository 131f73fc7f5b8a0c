"""The national layer: Nghị định 179/2025/NĐ-CP, in every province. Policies in ``policies/national/``."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("national"))
