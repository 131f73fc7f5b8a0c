"""A CSV folder is read with the columns polars can type read typed (codes of a closed list, yes/no, whole
numbers; :mod:`vnpolicy.data.typedcsv`). Whatever a cell holds, the dataset loaded so is the one the text
reading gives, and a bad cell is named in the same words: by table, row and column, found and expected,
whether the cell is among the first lines (its column then read as text) or further on (the typed reading
then fails and the file is read again)."""

import polars as pl
import pytest

from vnpolicy.data import typedcsv
from vnpolicy.data.dataset import TABLES, load_dataset, validate
from vnpolicy.data.readers import read_raw
from vnpolicy.errors import DatasetError
from vnpolicy.hooks.manager import registry

UNITS = "id,name,province,level,kind,is_it_unit\nU1,Sở,laocai,tinh,nha_nuoc,true\nU2,Trung tâm,laocai,tinh,su_nghiep,\n"
HEADER = "id,full_name,unit_id,employment,is_leader,education,rating_2024,years_experience,start_date"
PLAIN = "{id},Người {id},U1,cong_chuc,false,dai_hoc,tot,5,2020-01-15"
ROWS = 60  # the cell changed is on line 31 (the 30th person), within the file's first 2 KB, the file is 3 KB
CELLS = {
    "is_leader": ["TRUE", "True", "fAlse", "có", " true", "true ", '""', "", "x", "1", "yes", "maybe"],
    "years_experience": ["007", "+5", " 5", "\t5", "75", "-1", "5.0", "1_000", '""', "99999999999999999999", "٣"],
    "education": ["thac_si", "Đại học", " dai_hoc", "DAI_HOC", "dh", '""', "xyz"],
    "rating_2024": ["xuat_sac", "Tốt", "giỏi", ""],
    "employment": ["vien_chuc", "", "Công chức", "nhan_vien"],
    "start_date": ["2024-01-05", "05/01/2024", "2024/01/05", "+2024-01-05", "2024-1-5", "2024-02-30", "0999-01-05"],
    "unit_id": ["U2", "U9", " U2", ""],
}


def _dataset(folder, changed=None, cell=None, extra=""):
    """units.csv and staff.csv of :data:`ROWS` plain people, one cell changed on line 31."""
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    lines = [HEADER] + [PLAIN.format(id=f"N{i:03}") for i in range(ROWS)]
    if changed:
        cells = lines[30].split(",")
        cells[HEADER.split(",").index(changed)] = cell
        lines[30] = ",".join(cells)
    (folder / "staff.csv").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return folder


def _as_text(folder):
    """What the text reading gives: the tables, or the lines of its error."""
    try:
        data = validate(read_raw(folder), registry())
    except DatasetError as exc:
        return exc.lines
    return data.tables


def _loaded(folder):
    try:
        data = load_dataset(folder, registry())
    except DatasetError as exc:
        return exc.lines
    return data.tables


def _same(folder):
    text, loaded = _as_text(folder), _loaded(folder)
    if isinstance(text, list):
        assert loaded == text
        return text
    assert isinstance(loaded, dict), loaded
    for name in TABLES:
        assert loaded[name].schema == text[name].schema, name
        assert loaded[name].equals(text[name]), name
    return None


def test_plain_columns_are_read_typed(tmp_path, monkeypatch):
    monkeypatch.setattr(typedcsv, "HEAD", 200)  # a file larger than this is read typed
    folder = _dataset(tmp_path / "d")
    raw = read_raw(folder, None, {t: registry().table_fields(t) for t in TABLES})
    staff = raw["staff"]
    assert staff.typed
    assert staff.frame.schema["is_leader"] == pl.Boolean
    assert staff.frame.schema["years_experience"] == pl.Int64
    assert isinstance(staff.frame.schema["education"], pl.Enum)
    assert isinstance(staff.frame.schema["rating_2024"], pl.Enum)
    assert staff.frame.schema["start_date"] == pl.String  # dates stay text
    assert _same(folder) is None


@pytest.mark.parametrize("head", [2048, 200], ids=["in-the-first-lines", "further-on"])
@pytest.mark.parametrize("column, cell", [(c, v) for c, cells in CELLS.items() for v in cells])
def test_any_cell_loads_as_the_text_reading_loads_it(tmp_path, monkeypatch, head, column, cell):
    monkeypatch.setattr(typedcsv, "HEAD", head)
    _same(_dataset(tmp_path / "d", column, cell))


def test_a_bad_cell_further_on_is_named_by_row_and_column(tmp_path, monkeypatch):
    monkeypatch.setattr(typedcsv, "HEAD", 200)  # the header and the first lines: the columns are read typed
    folder = _dataset(tmp_path / "d", "years_experience", "075")
    assert _same(folder) == [
        "staff.csv, dòng 31, cột years_experience: gặp '075', cần số nguyên từ 0 đến 70",
    ]
    folder = _dataset(tmp_path / "e", "education", "tiensy")
    assert _same(folder) == [
        "staff.csv, dòng 31, cột education: gặp 'tiensy', cần một trong: so_cap, trung_cap, cao_dang, dai_hoc,"
        " thac_si, tien_si; có phải 'tien_si'?"
    ]


@pytest.mark.parametrize("line", ["", ",,,,,,,,", ',,,,"",,,,', ',,,,,,,"",'])
def test_blank_lines_and_lines_of_empty_quotes(tmp_path, monkeypatch, line):
    monkeypatch.setattr(typedcsv, "HEAD", 200)
    _same(_dataset(tmp_path / "d", extra=line + "\n" + PLAIN.format(id="N999") + "\n"))


@pytest.mark.parametrize(
    "cell, read",
    [
        ("2024-01-05", "2024-01-05"),
        ("05/01/2024", "2024-01-05"),
        ("2024-1-5", "2024-01-05"),
        (" 2024-01-05", "2024-01-05"),
        ("0999-01-05", "0999-01-05"),
        ("+2024-01-05", None),  # polars reads these as dates; the rules do not
        ("2024- 1-05", None),
        ("2024/01/05", None),
        ("0000-01-05", None),
        ("2024-02-30", None),
    ],
)
def test_a_date_is_read_as_the_rules_read_it(tmp_path, monkeypatch, cell, read):
    monkeypatch.setattr(typedcsv, "HEAD", 200)
    loaded = _loaded(_dataset(tmp_path / "d", "start_date", f'"{cell}"'))
    if read is None:
        assert loaded == [f"staff.csv, dòng 31, cột start_date: gặp {cell!r}, cần ngày dd/mm/yyyy hoặc yyyy-mm-dd"]
    else:
        assert loaded["staff"]["start_date"][29].isoformat() == read


def test_a_small_file_is_read_as_text(tmp_path):
    raw = read_raw(_dataset(tmp_path / "d"), None, {t: registry().table_fields(t) for t in TABLES})
    assert not raw["staff"].typed and raw["staff"].frame.schema["is_leader"] == pl.String
