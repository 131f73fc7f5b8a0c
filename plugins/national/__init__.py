"""The national layer, in every province: the policies in ``policies/national/`` — ``national/nd179-2025``
(Nghị định 179/2025/NĐ-CP, 5,000,000 đ a month for full-time IT posts)."""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("national"))
