"""Synthetic datasets of any size (fictional people), for tests and benchmarks.

Built with numpy on whole columns, so a million staff take seconds. The mix follows the sample:
three provinces, their merged neighbours, every employment type, role, education and rating.
"""

import numpy as np
import polars as pl

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Giàng"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Ngọc", "Hữu", "Thanh", "A"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Em",
    "Giang",
    "Hà",
    "Hùng",
    "Khánh",
    "Lan",
    "Minh",
    "Ngọc",
    "Phúc",
    "Quỳnh",
    "Sơn",
    "Trang",
    "Tuấn",
    "Uyên",
    "Vinh",
    "Xuân",
    "Páo",
    "Mỷ",
]
# (province, former_province, share of units)
TERRITORIES = [
    ("laocai", None, 0.40),
    ("laocai", "yenbai", 0.15),
    ("lamdong", "daknong", 0.12),
    ("lamdong", None, 0.08),
    ("phutho", "vinhphuc", 0.15),
    ("phutho", None, 0.10),
]


RATINGS = ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh", None]
RATING_SHARES = [0.15, 0.55, 0.2, 0.03, 0.07]


def _pick(rng, values, n, p=None):
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)]


def _texts(values):
    """Texts or nulls (a numpy array of objects) as a text column: polars takes an array of objects whose
    first is None for Python objects, which it cannot write (an internal error for some seeds)."""
    return pl.Series(values.tolist(), dtype=pl.Utf8)


def generate(n_staff, seed=1):
    """A dict of polars frames (units, staff, systems, assignments) with ``n_staff`` staff."""
    rng = np.random.default_rng(seed)
    n_units = max(12, n_staff // 40)
    n_systems = max(10, n_staff // 15)

    t = rng.choice(len(TERRITORIES), size=n_units, p=[x[2] for x in TERRITORIES])
    kind = _pick(rng, ["nha_nuoc", "ubnd", "su_nghiep", "dang", "mat_tran"], n_units, [0.3, 0.35, 0.25, 0.05, 0.05])
    units = pl.DataFrame(
        {
            "id": [f"U{i:06d}" for i in range(n_units)],
            "name": [f"Đơn vị {i}" for i in range(n_units)],
            "province": [TERRITORIES[i][0] for i in t],
            "former_province": [TERRITORIES[i][1] for i in t],
            "level": _pick(rng, ["tinh", "xa"], n_units, [0.4, 0.6]),
            "kind": kind,
            "sector": np.where(kind == "su_nghiep", _pick(rng, ["giao_duc", "y_te", "khac"], n_units), "khac"),
            "is_it_unit": rng.random(n_units) < 0.03,
            "locality": _pick(rng, ["tp_laocai", "tx_sapa", "bat_xat", "bac_ha", "van_ban"], n_units),
        }
    )

    systems = pl.DataFrame(
        {
            "id": [f"HT{i:06d}" for i in range(n_systems)],
            "name": [f"Hệ thống {i}" for i in range(n_systems)],
            "owner_unit_id": units["id"].gather(rng.integers(0, n_units, n_systems)),
            "security_level": rng.choice([1, 2, 3, 4], size=n_systems, p=[0.45, 0.3, 0.2, 0.05]),
            "level_approved": rng.random(n_systems) < 0.85,
        }
    )

    n = n_staff
    role = _pick(rng, ["chuyen_trach", "kiem_nhiem", "khong"], n, [0.3, 0.4, 0.3])
    start = np.datetime64("2005-01-01") + rng.integers(0, 7000, n).astype("timedelta64[D]")
    ended = rng.random(n) < 0.03
    names = (
        pl.Series(_pick(rng, FAMILY, n))
        + " "
        + pl.Series(_pick(rng, MIDDLE, n))
        + " "
        + pl.Series(_pick(rng, GIVEN, n))
    )
    staff = pl.DataFrame(
        {
            "id": [f"NV{i:07d}" for i in range(n)],
            "full_name": names,
            "unit_id": units["id"].gather(rng.integers(0, n_units, n)),
            "employment": _pick(rng, ["cong_chuc", "vien_chuc", "hop_dong", "can_bo"], n, [0.45, 0.43, 0.07, 0.05]),
            "is_leader": rng.random(n) < 0.12,
            "it_leader": rng.random(n) < 0.05,
            "it_role": role,
            "other_titles": rng.random(n) < 0.3,
            "infosec_duty": rng.random(n) < 0.1,
            "job_position_ok": rng.random(n) < 0.9,
            "it_trainer": rng.random(n) < 0.03,
            "education": _pick(
                rng, ["trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"], n, [0.05, 0.15, 0.6, 0.18, 0.02]
            ),
            "major": _pick(rng, ["cntt", "tin_hoc", "attt", "dtvt", "khac"], n, [0.4, 0.15, 0.1, 0.1, 0.25]),
            "english": _pick(rng, ["a", "b", "c", "a2", "b1", "b2"], n),
            "rating_2024": _texts(_pick(rng, RATINGS, n, RATING_SHARES)),
            "rating_2025": _texts(_pick(rng, RATINGS, n, RATING_SHARES)),
            "receives_nd179": rng.random(n) < 0.08,
            "it_upskilled": rng.random(n) < 0.6,
            "start_date": pl.Series(start),
            "end_date": pl.Series(np.where(ended, np.datetime64("2025-03-31"), np.datetime64("NaT"))).cast(pl.Date),
            "years_experience": rng.integers(0, 30, n),
        }
    )

    it = np.flatnonzero(role != "khong")
    first = it[rng.random(len(it)) < 0.75]
    second = first[rng.random(len(first)) < 0.2]
    who = np.concatenate([first, second])
    assignments = pl.DataFrame(
        {
            "staff_id": staff["id"].gather(who),
            "system_id": systems["id"].gather(rng.integers(0, n_systems, len(who))),
            "start_date": pl.Series(
                np.datetime64("2020-01-01") + rng.integers(0, 2000, len(who)).astype("timedelta64[D]")
            ),
            "decision": _texts(np.where(rng.random(len(who)) < 0.9, "QĐ", None)),
        }
    ).unique(["staff_id", "system_id"], keep="first", maintain_order=True)
    return {"units": units, "staff": staff, "systems": systems, "assignments": assignments}
