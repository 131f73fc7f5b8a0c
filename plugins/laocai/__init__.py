"""Lào Cai: the policies in ``policies/laocai/`` — ``laocai/nq12-2025`` (Nghị quyết 12/NQ-HĐND, 08/7/2025:
monthly allowances for IT and digital-transformation staff in three groups), and from source 001
``laocai/thu-hut-cntt`` (attraction support), ``laocai/thue-chuyen-gia`` (hiring IT experts) and
``laocai/ho-tro-dao-tao`` (training support). Everything they say fits the YAML; this plugin contributes it.
"""

import vnpolicy
from vnpolicy.plugins import policy_folder


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(policy_folder("laocai"))
