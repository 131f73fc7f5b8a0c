"""What produced a report, as plain data every writer is given: the dataset (the path as given and its
sha256), the date or the period, the policies with their versions (id, document number, the policy file's
sha256 in short), the vnpolicy version, and the readings and overrides in effect. No timestamp: the same
inputs give the same bytes."""

from importlib import metadata

from ..data.hashing import sha256

SHORT = 12  # a policy file's sha256 in short


def version():
    try:
        return metadata.version("vnpolicy")
    except metadata.PackageNotFoundError:  # a source tree not installed
        return "0+unknown"


def provenance(dataset_path, policies, as_of, period=None, readings=(), sets=(), reform=None):
    """``policies`` the policies used (their objects), ``as_of`` a date, ``period`` (first month, last
    month) as ``yyyy-mm`` or None, ``readings`` the ``--reading`` options, ``sets`` compare's ``--set``,
    ``reform`` the path of compare's ``--reform`` or None. Dates ISO: the writers word them."""
    return {
        "dataset": {"path": str(dataset_path), "sha256": sha256(dataset_path)},
        "as_of": as_of.isoformat(),
        "period": {"from": period[0], "to": period[1]} if period else None,
        "policies": [
            {
                "id": p.id,
                "document": p.data["document"].get("number"),
                "sha256": (sha256(p.path) or "")[:SHORT] or None,
            }
            for p in policies
        ],
        "vnpolicy": version(),
        "readings": list(readings),
        "sets": list(sets),
        "reform": {"path": str(reform), "sha256": sha256(reform)} if reform else None,
    }


def changes_provenance(datasets, policies, on, vs=None, readings=()):
    """``vnpolicy changes``: as :func:`provenance`, with ``datasets`` (last month's, this month's; or one)
    each path and sha256, and ``vs`` the later date when one dataset is seen on two dates."""
    made = provenance(datasets[0], policies, on, None, readings)
    del made["dataset"]
    return {
        "datasets": [{"path": str(d), "sha256": sha256(d)} for d in datasets],
        **made,
        "vs": vs.isoformat() if vs else None,
    }
