"""What each alternative of a policy's readings changes on a dataset: the people whose outcome, group,
amount or payment would differ, and the money, against the policy as it is (``vnpolicy readings POLICY
--data DATASET --on DATE``)."""

from .changes import cost_difference, who_changes
from .derived import Context
from .engine import assess_policy
from .readings import readings, variant


def alternatives_on(policy, dataset, on, lang="vi"):
    """For every reading of ``policy`` and every alternative not in effect: a dict with the reading, the
    alternative, the people who change (a frame, before and after) and the cost difference."""
    context = Context(dataset, on)
    if not policy.in_force(on):
        return []
    base = assess_policy(policy, context, lang).outcomes
    out = []
    for rid, reading in readings(policy).items():
        current = policy.in_effect.get(rid, reading.chosen)
        for aid in reading.alternatives:
            if aid == current:
                continue
            other = assess_policy(variant(policy, rid, aid), context, lang).outcomes
            out.append(
                {
                    "reading": rid,
                    "in_effect": current,
                    "alternative": aid,
                    "changes": who_changes(base, other),
                    "cost": cost_difference(base, other),
                }
            )
    return out
