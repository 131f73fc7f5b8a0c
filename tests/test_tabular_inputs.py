"""Datasets kept as tables (issue 16, item 2): a folder of Parquet files, a DuckDB or a SQLite database file
load to the same dataset as the CSV form, with the same one-line errors naming table, row and column; and the
column-speed validation (item 5) types every value as cerberus does, value by value."""

import re
import sqlite3

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from test_dataset import _results_json
from vnpolicy import api
from vnpolicy.data.columns import _cerberus, normalise
from vnpolicy.data.rawtable import RawTable
from vnpolicy.data.writers import write_dataset
from vnpolicy.hooks.manager import registry

VIETNAMESE = {"staff": "Cán bộ", "units": "Đơn vị"}  # tables named as DATA.md names them in Vietnamese


def _sqlite(path, names=None):
    """The sample's CSV files as SQLite tables of text, as an office's export holds them."""
    db = sqlite3.connect(path)
    for file in sorted(SAMPLE.glob("*.csv")):
        frame = pl.read_csv(file, infer_schema=False)
        table = '"' + (names or {}).get(file.stem, file.stem) + '"'
        db.execute(f"CREATE TABLE {table} ({', '.join(frame.columns)})")
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * frame.width)})", frame.rows())
    db.commit()
    db.close()
    return path


def _duckdb(path, names=None):
    """The sample's CSV files as DuckDB tables typed by DuckDB's own CSV reader (dates, yes/no, numbers)."""
    with duckdb.connect(str(path)) as db:
        for file in sorted(SAMPLE.glob("*.csv")):
            table = '"' + (names or {}).get(file.stem, file.stem) + '"'
            db.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{file}')")
    return path


def test_parquet_duckdb_and_sqlite_assess_as_the_csv_folder(tmp_path):
    data = api.dataset(SAMPLE)
    write_dataset(data, tmp_path / "pq", "parquet")
    assert sorted(p.name for p in (tmp_path / "pq").iterdir())[:2] == ["assignments.parquet", "indicators.parquet"]
    forms = [tmp_path / "pq", _duckdb(tmp_path / "s.duckdb"), _sqlite(tmp_path / "s.sqlite", VIETNAMESE)]
    forms.append(_sqlite(tmp_path / "s.db"))  # tables named in Vietnamese above, in English here
    for path in forms:
        other = api.dataset(path)
        for table in ("units", "staff", "systems", "assignments", "trainings", "indicators"):
            assert other.table(table).equals(data.table(table), null_equal=True), (path.name, table)
    assert _results_json(tmp_path / "s.duckdb") == _results_json(SAMPLE)  # typed by DuckDB, assessed the same


def test_a_bad_cell_of_a_database_names_table_rowid_and_column(tmp_path, cli):
    path = _sqlite(tmp_path / "s.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE staff SET education = 'daihoc' WHERE rowid = 3")
        db.execute("UPDATE units SET province = 'laokai' WHERE rowid = 2")
    result = cli("assess", path, "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert "error: s.sqlite3:staff, rowid 3, column education: found 'daihoc', expected one of: " in lines[-1]
    assert lines[-1].endswith("did you mean 'dai_hoc'?")
    assert any(line.startswith("error: s.sqlite3:units, rowid 2, column province: found 'laokai'") for line in lines)
    path = _duckdb(tmp_path / "s.duckdb")
    with duckdb.connect(str(path)) as db:
        db.execute("UPDATE systems SET security_level = 9 WHERE id = (SELECT min(id) FROM systems)")
        db.execute("UPDATE staff SET end_date = DATE '2000-01-02' WHERE rowid = 4")  # typed dates, named as text
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "s.duckdb:staff, rowid 4, cột end_date: gặp '2000-01-02', trước start_date '20" in result.stderr
    assert "lỗi: s.duckdb:systems, rowid 0, cột security_level: gặp '9', cần số nguyên từ 1 đến 5" in result.stderr


def test_unknown_tables_and_columns_are_errors_with_a_suggestion(tmp_path, cli):
    path = _sqlite(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE asignments (x)")
        db.execute("CREATE TABLE _ghi_chu (x)")  # an office's notes: read and ignored
    result = cli("validate", path, "--lang", "en")
    assert result.exit_code == 1
    assert "s.sqlite:asignments: bảng 'asignments' không có trong hợp đồng dữ liệu" in result.stderr
    assert result.stderr.rstrip().endswith("did you mean 'assignments'?")
    folder = tmp_path / "pq"
    write_dataset(api.dataset(SAMPLE), folder, "parquet")
    pl.read_parquet(folder / "staff.parquet").rename({"education": "educaton"}).write_parquet(folder / "staff.parquet")
    result = cli("validate", folder, "--lang", "en")
    assert result.exit_code == 1
    assert "error: staff.parquet, column educaton: not a column of table staff" in result.stderr
    assert "did you mean 'education'?" in result.stderr
    (folder / "units.csv").write_text((SAMPLE / "units.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("validate", folder, "--lang", "en")
    assert "bảng units đã có ở units.csv / table units is given twice" in result.stderr
    (tmp_path / "x.db").write_text("not a database", encoding="utf-8")
    result = cli("assess", tmp_path / "x.db")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "lỗi: x.db: không phải cơ sở dữ liệu SQLite hay DuckDB / not a SQLite or DuckDB database file\n"
    )


def test_a_parquet_folder_from_generate_and_office_headers(tmp_path, cli):
    assert cli("generate", tmp_path / "g", "--staff", 300, "--form", "parquet").exit_code == 0
    assert api.dataset(tmp_path / "g").table("staff").height == 300
    frame = pl.read_parquet(tmp_path / "g" / "staff.parquet").rename({"full_name": "Họ và tên"})
    frame.write_parquet(tmp_path / "g" / "staff.parquet")
    result = cli("validate", tmp_path / "g")
    assert result.exit_code == 0, result.output
    assert "staff.parquet: cột 'Họ và tên' → full_name" in result.output


CELLS = {  # what people type, the plain forms polars reads and the forms only cerberus does
    "date": [
        "2024-01-05",
        "05/01/2024",
        "5/1/2024",
        "05/03/24",
        "45658",
        "45658.5",
        "2024-02-30",
        " 2024-01-05 ",
        "2024-1-5",
        "+2024-01-05",
        "24-01-05",
        "0999-01-01",
        "2020",
        "05.01.2024",
        "2024-01-05T08:00",
        "",
    ],
    "int": ["12", "+12", "-3", "007", "12.0", "1,0", "1e3", " 4 ", "1_000", "71", "inf", "9" * 20, "x", "1.5"],
    "bool": ["true", "TRUE", "x", "X", "có", "Không", "1", "0", "yes", "n", "maybe", " true", ""],
    "code": ["dai_hoc", "Đại học", "DAI_HOC", "Thạc sĩ", "ThS", "daihoc", "dai hoc", "tien_si", " cao_dang"],
}
FIELDS = {
    "date": ("staff", "start_date"),
    "int": ("staff", "years_experience"),
    "bool": ("staff", "is_leader"),
    "code": ("staff", "education"),
}


@pytest.mark.parametrize("kind", sorted(CELLS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_column_path_types_each_value_as_cerberus_does(kind, data):
    cells = data.draw(st.lists(st.sampled_from(CELLS[kind]), min_size=1, max_size=30))
    table, name = FIELDS[kind]
    spec = registry().table_fields(table)[name]
    frame = pl.DataFrame({"_row": range(2, len(cells) + 2), name: cells}, schema={"_row": pl.Int64, name: pl.Utf8})
    problems = []
    typed = normalise(RawTable(table, frame, "t.csv", "dòng"), frame[name], spec, name, problems, "vi").to_list()
    stripped = [c.strip() or None for c in cells]
    mapping, bad = _cerberus([c for c in set(stripped) if c is not None], spec, name)
    expected = [spec.default if c is None else mapping.get(c, spec.default if c in bad else None) for c in stripped]
    assert typed == expected
    named = [re.search(r": gặp ('.*?'), cần ", p).group(1) for p in problems]
    first_bad = list(dict.fromkeys(c for c in stripped if c in bad))[:3]
    assert named == [repr(c) for c in first_bad]


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D", "Z", ""])), max_size=12),
    valid=st.lists(st.sampled_from(["B", "C", "D", "Ä"]), max_size=5),
    sort=st.booleans(),
)
def test_references_found_by_binary_search_as_by_lookup(values, valid, sort):
    from vnpolicy.data import lookup

    valid = pl.Series(sorted(valid) if sort else valid, dtype=pl.Utf8)
    values = pl.Series(values, dtype=pl.Utf8)
    expected = [v is not None and v not in valid.to_list() for v in values]
    searched = lookup.SEARCHED
    try:
        for lookup.SEARCHED in (0, searched):  # by binary search on a sorted list of any length, and by lookup
            assert lookup.dangling(values, valid).to_list() == expected
            if valid.n_unique() == valid.len():  # the row of each reference, where the ids are unique
                at = lookup.rows_of(values, valid)
                assert [valid[i] if i is not None else None for i in at] == [
                    None if e else v for v, e in zip(values, expected)
                ]
    finally:
        lookup.SEARCHED = searched


def test_a_table_with_only_its_header_loads_in_every_column(tmp_path):
    """Every field's column path on no rows at all (a list of codes, left to cerberus, too)."""
    (tmp_path / "units.csv").write_text("id,name,province,level,kind\nU1,Sở,laocai,tinh,nha_nuoc\n", encoding="utf-8")
    names = [n for n in registry().table_fields("staff") if n != "ratings"]
    (tmp_path / "staff.csv").write_text(",".join(names) + ",rating_2024\n", encoding="utf-8")
    staff = api.dataset(tmp_path).table("staff")
    assert staff.height == 0 and "certificates" in staff.columns


@pytest.mark.parametrize("shuffled", [False, True])
def test_staff_rows_found_by_binary_search_as_by_a_join(shuffled):
    """Assignments find their staff row by binary search among many sorted ids, as the join finds it."""
    from vnpolicy.data import dataset, lookup

    data = api.dataset(SAMPLE)
    tables = dict(data.tables)
    tables["staff"] = (
        tables["staff"].sample(fraction=1.0, shuffle=True, seed=3) if shuffled else tables["staff"].sort("id")
    )
    extra = pl.DataFrame({"staff_id": ["NOBODY"], "system_id": [tables["systems"]["id"][0]]})
    tables["assignments"] = pl.concat([tables["assignments"], extra], how="diagonal_relaxed")  # no such person
    joined = dataset.Dataset(tables, data.specs).assignment_view()
    searched = lookup.SEARCHED
    try:
        lookup.SEARCHED = 0
        assert (lookup.positions(tables["assignments"]["staff_id"], tables["staff"]["id"]) is None) == shuffled
        found = dataset.Dataset(tables, data.specs).assignment_view()
        refs = [
            ("assignments", "staff_id", "staff"),
            ("assignments", "system_id", "systems"),
            ("staff", "unit_id", "units"),
        ]
        rows = {(t, f): lookup.rows_of(tables[t][f], tables[o]["id"]) for t, f, o in refs}
        beside = dataset.Dataset(tables, data.specs, rows=rows)  # the rows found when references are checked
    finally:
        lookup.SEARCHED = searched
    assert found.height == joined.height == beside.assignment_view().height == data.assignment_view().height
    assert found.sort(pl.all()).equals(joined.sort(pl.all()).select(found.columns), null_equal=True)
    by_side = beside.assignment_view()
    assert by_side.sort(pl.all()).equals(joined.sort(pl.all()).select(by_side.columns), null_equal=True)
    assert by_side.columns == joined.columns
    assert beside.staff_view().equals(dataset.Dataset(tables, data.specs).staff_view(), null_equal=True)


def test_sqlite_tables_read_as_columns_are_the_rows_read_one_by_one(tmp_path, monkeypatch):
    """A SQLite table is put into columns by SQLite (a JSON array per column and slice) and polars: the same
    text, rows and rowids as reading its rows one by one — quotes, line breaks, NUL, emoji, bytes that are not
    UTF-8, a blob, numbers, nulls, deleted rows, a negative rowid, slices of two rows; a view, which has no
    rowid, is read row by row as before."""
    from vnpolicy.data import tabular
    from vnpolicy.data.limits import DEFAULT

    path = _sqlite(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE staff ADD COLUMN ghi_chu")
        cells = ['Nguyễn "Văn" An\nxuống', "tab\there \\ back", "\x00nul 😀 ☃", b"\xff\xfeblob", 2.5, 1e20, 2**62, None]
        for rowid, cell in enumerate(cells, 1):
            db.execute("UPDATE staff SET ghi_chu = ? WHERE rowid = ?", (cell, rowid))
        db.execute("UPDATE staff SET ghi_chu = CAST(x'c328206b686f6e672075746638' AS TEXT) WHERE rowid = 9")
        db.execute("DELETE FROM staff WHERE rowid IN (4, 11)")
        db.execute("UPDATE staff SET rowid = -7 WHERE rowid = 12")
        db.execute("ALTER TABLE units RENAME TO ghi_chu_nguon")  # a table named ghi_chu... is a note
        db.execute("CREATE VIEW units AS SELECT * FROM ghi_chu_nguon")
    monkeypatch.setattr(tabular, "SLICE", 2)
    columnar, as_columns = {}, tabular._sqlite_columns

    def spied(db, name, *args):
        columnar[name] = frame = as_columns(db, name, *args)
        return frame

    monkeypatch.setattr(tabular, "_sqlite_columns", spied)
    columns = tabular.read_database(path, DEFAULT)
    assert columnar["units"] is None and all(f is not None for n, f in columnar.items() if n != "units")
    called = []
    monkeypatch.setattr(tabular, "_sqlite_columns", lambda *args: called.append(args[1]))
    rows = tabular.read_database(path, DEFAULT)
    assert sorted(called) == sorted(columns) and set(columns) == set(rows)
    for name, table in columns.items():
        assert table.frame.equals(rows[name].frame) and table.row_word == rows[name].row_word, name
    staff = columns["staff"].frame
    assert staff["_row"].to_list()[:3] == [-7, 1, 2] and 4 not in staff["_row"].to_list()
    assert staff.filter(pl.col("_row") == 1)["ghi_chu"][0] == 'Nguyễn "Văn" An\nxuống'


def test_a_sqlite_column_named_as_the_readers_own_is_read_row_by_row(tmp_path):
    """A column named as the reader's row number (a note, ``__vnpolicy_row``) does not take its place: the
    table is read row by row, its rowids as SQLite has them."""
    from vnpolicy.data import tabular
    from vnpolicy.data.limits import DEFAULT

    path = _sqlite(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        db.execute(f"ALTER TABLE staff ADD COLUMN {tabular.ROW}")
        db.execute(f"UPDATE staff SET {tabular.ROW} = 'ghi chú'")
        db.execute("DELETE FROM staff WHERE rowid = 1")
        columns = [row[1] for row in db.execute("PRAGMA table_info(staff)")]
        assert tabular._sqlite_columns(db, "staff", columns, 10, "rowid") is None
    staff = tabular.read_database(path, DEFAULT)["staff"].frame
    assert staff["_row"].to_list()[:2] == [2, 3]


@pytest.mark.parametrize("taken", [["rowid"], ["RowId", "_rowid_", "oid"]])
def test_a_column_named_rowid_is_a_column_not_the_row_number(tmp_path, cli, taken):
    """A column named as a database's row number reads as itself (it stopped the run with an internal error,
    its text taken for the numbers): the rows keep SQLite's numbers through a name no column takes (counted
    from 1 when the columns take all three), DuckDB's counted; the column is then an unknown column."""
    from vnpolicy.data import tabular
    from vnpolicy.data.limits import DEFAULT

    path = _sqlite(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        for name in taken:
            db.execute(f"ALTER TABLE staff ADD COLUMN {name}")
        db.execute(f"UPDATE staff SET {taken[0]} = 'ghi chú'")
        db.execute("DELETE FROM staff WHERE _rowid_ = 1")  # the first row, unless a column takes the name too
    staff = tabular.read_database(path, DEFAULT)["staff"]
    assert staff.frame["_row"].to_list()[:2] == ([2, 3] if len(taken) == 1 else [1, 2])
    result = cli("assess", path)
    assert result.exit_code == 1 and "nội bộ" not in result.output, result.output
    assert f"s.sqlite:staff, cột {taken[0]}: cột không có trong hợp đồng dữ liệu của bảng staff" in result.stderr
    path = _duckdb(tmp_path / "s.duckdb")
    with duckdb.connect(str(path)) as db:
        db.execute(f"ALTER TABLE staff ADD COLUMN {taken[0]} VARCHAR DEFAULT 'ghi chú'")
    result = cli("assess", path)
    assert result.exit_code == 1 and "nội bộ" not in result.output, result.output
    assert f"s.duckdb:staff, cột {taken[0]}: cột không có" in result.stderr


def test_long_or_escaped_sqlite_cells_and_utf16_databases_are_read_row_by_row(tmp_path, monkeypatch):
    """Memory stays bounded: a column's slice whose JSON would pass ``JSON_BYTES`` (control characters are
    six each) is read row by row; so is a UTF-16 database, whose faults SQLite's JSON words otherwise."""
    from vnpolicy.data import tabular

    monkeypatch.setattr(tabular, "JSON_BYTES", 4_000)
    path = _sqlite(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(staff)")]
        count = db.execute("SELECT count(*) FROM staff").fetchone()[0]
        assert tabular._sqlite_columns(db, "staff", columns, count, "rowid") is not None
        db.execute("UPDATE staff SET full_name = ? WHERE rowid = 1", ("\x01" * 1_000,))
        assert tabular._sqlite_columns(db, "staff", columns, count, "rowid") is None
        assert db.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) > 4_000  # given back
    wide = sqlite3.connect(tmp_path / "u16.sqlite")
    wide.execute("PRAGMA encoding = 'UTF-16le'")
    wide.execute("CREATE TABLE staff (id)")
    wide.execute("INSERT INTO staff VALUES ('A')")
    assert tabular._sqlite_columns(wide, "staff", ["id"], 1, "rowid") is None
    wide.close()
