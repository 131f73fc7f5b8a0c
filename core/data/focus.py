"""One person's part of a dataset, for ``vnpolicy explain``: the rows their results can depend on, cut from
the tables as read, before any checking — so that explaining one person of a million reads the files once and
checks and assesses a few rows.

A person's result depends on their own rows, their units (every unit is kept), the systems they operate (every
system is kept) and, through a cap on a system ("at most 2 people per level-3 system", ranked by assignment
date), on everyone else operating one of those systems — and on whoever shares a system with those, where a
later cap counts someone moved to a lower group through another system. How many systems away a policy can
reach is the policies' to say (:func:`vnpolicy.rules.part.depth`: as many as it has caps, two for NQ 12; unknown
where a plugin's kind, function or derived field may read other people's rows, and the whole dataset is then
read): the staff kept are those within that many shared systems of the person. Nothing else of other people is
read: the core's derived fields read a person's own rows. Units, systems, trainings and indicators are kept
whole."""

from dataclasses import replace

import polars as pl

STAFF, ASSIGNMENTS = "staff", "assignments"


def _ids(column):
    """A linking column's ids as the check reads a text field: as text (a Parquet file's or a database's may be
    whole numbers), without surrounding spaces."""
    return pl.col(column).cast(pl.Utf8).str.strip_chars()


SHARE, AT_LEAST = 0.2, 1000  # beyond this share of the staff (and this many people), the whole dataset is read


def focus(raw, staff_id, depth=None):
    """``raw`` (table name -> RawTable) with ``staff`` and ``assignments`` cut to what ``staff_id``'s results
    depend on, up to ``depth`` shared systems away (None: any number); ``raw`` unchanged when it has no staff
    table or no such person (the check then says so), or when what they depend on is a large part of the staff
    anyway (one large web of shared systems)."""
    staff = raw.get(STAFF)
    if staff is None or "id" not in staff.frame.columns:
        return raw
    kept = kept_ids(staff.frame.select("id"), _links(raw.get(ASSIGNMENTS)), staff_id, depth)
    if kept is None:
        return raw
    out = dict(raw)
    out[STAFF] = replace(staff, frame=staff.frame.filter(_ids("id").is_in(kept)))
    if ASSIGNMENTS in raw and _links(raw[ASSIGNMENTS]) is not None:
        table = raw[ASSIGNMENTS]
        out[ASSIGNMENTS] = replace(table, frame=table.frame.filter(_ids("staff_id").is_in(kept)))
    return out


def kept_ids(staff, links, staff_id, depth=None):
    """The ids (as an imploded list) of the staff ``staff_id``'s results depend on, from the staff's ``id`` and
    the assignments' ``links`` (:func:`_links`, or None) as read, up to ``depth`` shared systems away; None when
    that is the whole dataset: no such person, or a large part of the staff."""
    ids = staff.select(_ids("id").alias("id"))
    if not ids.filter(pl.col("id") == staff_id).height:
        return None
    people = sharing(links, staff_id, most(ids.height), depth)
    return None if people is None else people["id"].implode()


def most(rows):
    """The most people a part is cut for, of ``rows`` staff (beyond it the whole dataset is read)."""
    return max(AT_LEAST, int(rows * SHARE))


def sharing(links, staff_id, largest, depth=None):
    """A frame (id) of ``staff_id`` and everyone within ``depth`` shared systems of them (None: any number)
    through the assignments' ``links`` (:func:`link_frame`, or None); None when that is more than ``largest``
    people."""
    people, away = pl.DataFrame({"id": [staff_id]}), 0
    while links is not None and (depth is None or away < depth):
        away += 1
        systems = links.join(people, on="id", how="semi").select("system_id").unique()
        reached = links.join(systems, on="system_id", how="semi").select("id")
        grown = pl.concat([people, reached]).unique()
        if grown.height == people.height:
            break
        people = grown
        if people.height > largest:
            return None
    return people


def _links(table):
    """(id: the staff id, system_id) of the assignments as read; None without them."""
    if table is None or not {"staff_id", "system_id"} <= set(table.frame.columns):
        return None
    return link_frame(table.frame)


def link_frame(frame):
    """(id, system_id) of assignments' ``staff_id`` and ``system_id`` as read, each link once filled."""
    return frame.select(_ids("staff_id").alias("id"), _ids("system_id").alias("system_id")).drop_nulls()
