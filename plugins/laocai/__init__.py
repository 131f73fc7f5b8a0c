"""Lào Cai: Nghị quyết 12/NQ-HĐND (08/7/2025), allowances for IT and digital-transformation staff.

Everything Nghị quyết 12 says fits the YAML in ``policies/laocai/``; this plugin contributes it.
"""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("laocai"))
