"""An expression in words (vnpolicy.authoring.words): every construct the expression language allows, in both
languages; what it does not understand shown as written, never a crash."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnpolicy.authoring.words import Speaker, plain_text
from vnpolicy.hooks.manager import registry
from vnpolicy.rules.expr import Type
from vnpolicy.rules.parameters import Parameter
from vnpolicy.rules.policy import staff_columns

D = dt.date(2025, 7, 1)


def param(name, unit, *values, description=None):
    """A parameter with dated values: each a value, or (value, unknown)."""
    entries = [
        (D + dt.timedelta(days=200 * i), *(v if isinstance(v, tuple) else (v, False)), None)
        for i, v in enumerate(values)
    ]
    return Parameter(name, description or f"Mô tả {name}", unit, values=entries)


PARAMS = {
    p.name: p
    for p in (
        param("min_education", "code", "dai_hoc"),
        param("accepted_majors", "codes", ["cntt", "tin_hoc"]),
        param("assumed_education", "code", ("dai_hoc", True)),
        param("missing_level", "level", (None, True)),
        param("level_3_min", "level", 3),
        param("level_3_max", "level", 5),
        param("since", "date", dt.date(2017, 2, 10)),
        param("leaders_too", "bool", False, description="Lãnh đạo cũng thuộc nhóm 1"),
        param("min_years", "years", 5, 7),
        param("network_certificates", "codes", ["ccna", "mcsa"]),
    )
}


@pytest.fixture(scope="module")
def speak():
    reg = registry()
    columns = {
        **staff_columns(reg),
        "security_level": Type("int"),
        "level_approved": Type("bool"),
        "outcome": Type(
            "code", ("eligible", "not_eligible", "compliant", "non_compliant", "not_applicable", "unknown")
        ),
    }

    def said(text, lang="vi"):
        return Speaker(lang, columns, PARAMS, reg).say(text)

    return said


def words(speak, text, lang="vi"):
    return plain_text(speak(text, lang).spans)


@pytest.mark.parametrize(
    "text, vi, en",
    [
        ("education >= min_education", "trình độ từ đại học trở lên", "education is university or higher"),
        ("education > 'cao_dang'", "trình độ cao hơn cao đẳng", "education is higher than college"),
        ("education <= 'dai_hoc'", "trình độ từ đại học trở xuống", "education is university or lower"),
        ("rating_prev_year < 'tot'", "xếp loại năm trước liền kề thấp hơn hoàn thành tốt nhiệm vụ", None),
        ("education == 'thac_si'", "trình độ là thạc sĩ", "education is master's"),
        ("it_role == 'chuyen_trach'", "vai trò CNTT là chuyên trách", "IT role is full-time"),
        ("'chuyen_trach' == it_role", "vai trò CNTT là chuyên trách", None),
        ("it_role != 'khong'", "vai trò CNTT là một trong: chuyên trách, kiêm nhiệm", None),
        ("major != 'cntt'", "chuyên ngành không phải là công nghệ thông tin", "major is not information technology"),
        ("outcome == 'compliant'", "kết quả theo chính sách này là đáp ứng", "this policy's outcome is compliant"),
        (
            "major in accepted_majors",
            "chuyên ngành là một trong: công nghệ thông tin, tin học",
            "major is one of: information technology, informatics",
        ),
        ("it_role in ['chuyen_trach', 'kiem_nhiem']", "vai trò CNTT là một trong: chuyên trách, kiêm nhiệm", None),
        (
            "unit_level not in ['tinh']",
            "cấp của đơn vị không thuộc: cấp tỉnh",
            "the unit's level is none of: provincial",
        ),
        ("'ccna' in certificates", "chứng chỉ có CCNA", "certificates include CCNA"),
        ("security_level > 2", "cấp độ an toàn của hệ thống trên 2", "the system's security level is more than 2"),
        ("security_level <= 4", "cấp độ an toàn của hệ thống không quá 4", "the system's security level is at most 4"),
        ("security_level == 1", "cấp độ an toàn của hệ thống bằng 1", "the system's security level is 1"),
        ("3 <= security_level", "cấp độ an toàn của hệ thống từ 3 trở lên", None),
        (
            "1 <= security_level <= 3",
            "cấp độ an toàn của hệ thống từ 1 đến 3",
            "the system's security level is from 1 to 3",
        ),
        (
            "security_level >= level_3_min and security_level <= level_3_max",
            "cấp độ an toàn của hệ thống từ 3 đến 5",
            None,
        ),
        ("1 < security_level < 4", "cấp độ an toàn của hệ thống trên 1 và cấp độ an toàn của hệ thống dưới 4", None),
        (
            "start_date >= since",
            "ngày bắt đầu ở vị trí từ ngày 10/02/2017 trở đi",
            "start date in post is on or after 10/02/2017",
        ),
        ("start_date < since", "ngày bắt đầu ở vị trí trước ngày 10/02/2017", None),
        (
            "years_experience >= min_years",
            "số năm kinh nghiệm từ [5 năm từ 01/07/2025; 7 năm từ 17/01/2026] trở lên",
            None,
        ),
        ("is_leader", "là lãnh đạo, quản lý", "is a leader"),
        ("not other_titles", "không kiêm nhiệm chức danh nào khác", "holds no other title"),
        ("receives_nd179 == false", "chưa hưởng hỗ trợ theo Nghị định 179/2025/NĐ-CP", None),
        ("receives_nd179 != false", "đang hưởng hỗ trợ theo Nghị định 179/2025/NĐ-CP", None),
        ("level_approved == true", "cấp độ của hệ thống đã được phê duyệt", "the system's level is approved"),
        ("true", "luôn đúng", "always"),
        ("not false", "luôn đúng", None),
        ("not not is_leader", "là lãnh đạo, quản lý", None),
        ("not education >= min_education", "trình độ thấp hơn đại học", "education is lower than university"),
        ("not major in accepted_majors", "chuyên ngành không thuộc: công nghệ thông tin, tin học", None),
        ("leaders_too", "«Lãnh đạo cũng thuộc nhóm 1» (hiện: không)", "“Lãnh đạo cũng thuộc nhóm 1” (now: no)"),
        ("not leaders_too", "không phải «Lãnh đạo cũng thuộc nhóm 1» (hiện: không)", None),
        ("known(rating_prev_year)", "có dữ liệu về xếp loại năm trước liền kề", "rating of the year before is known"),
        ("not known(start_date)", "không có dữ liệu về ngày bắt đầu ở vị trí", "start date in post is not known"),
        (
            "has_any(certificates, network_certificates)",
            "chứng chỉ có ít nhất một trong: CCNA, MCSA",
            "certificates include at least one of: CCNA, MCSA",
        ),
        ("not has_any(certificates, ['ccna'])", "chứng chỉ không có mã nào trong: CCNA", None),
        (
            "is_leader and (it_role == 'chuyen_trach' or it_trainer)",
            "là lãnh đạo, quản lý và (vai trò CNTT là chuyên trách hoặc làm nhiệm vụ đào tạo, bồi dưỡng CNTT)",
            "is a leader and (IT role is full-time or trains staff in IT)",
        ),
        (
            "(is_leader and it_trainer) or hired_expert",
            "(là lãnh đạo, quản lý và làm nhiệm vụ đào tạo, bồi dưỡng CNTT) hoặc "
            "là chuyên gia, nhân lực CNTT được thuê",
            None,
        ),
        (
            "is_leader and (it_trainer and hired_expert)",
            None,
            "is a leader and trains staff in IT and is a hired IT expert",
        ),
        (
            "not (is_leader and it_trainer)",
            "không phải (là lãnh đạo, quản lý và làm nhiệm vụ đào tạo, bồi dưỡng CNTT)",
            "not (is a leader and trains staff in IT)",
        ),
    ],
)
def test_each_construct_in_words(speak, text, vi, en):
    said = speak(text)
    assert not said.verbatim
    if vi is not None:
        assert plain_text(said.spans) == vi
    if en is not None:
        assert words(speak, text, "en") == en


def test_parameters_are_named_and_values_the_source_does_not_give_are_marked(speak):
    said = speak("education >= assumed_education and major in accepted_majors and security_level >= missing_level")
    assert said.params == ["assumed_education", "accepted_majors", "missing_level"]
    marked = [s["text"] for s in said.spans if isinstance(s, dict) and s["mark"] == "unknown"]
    assert marked == ["đại học (giả định, nguồn chưa quy định)", "chưa biết, nguồn không cho giá trị"]
    assert speak("education >= min_education").params == ["min_education"]
    assert speak("is_leader").params == []


@pytest.mark.parametrize(
    "text, shown",
    [
        ("lookup(education)", "lookup(education)"),  # a function this module does not know
        ("is_leader and mystery_flag", "mystery_flag"),  # a name nobody declared
        ("education >= ", "education >="),  # does not parse: the whole text
        ("x" * 3000, "x" * 3000),  # over the language's limits
        ("education.upper()", "education.upper()"),  # outside the whitelist
        ("__import__('os').system('true')", "__import__('os').system('true')"),
    ],
)
def test_what_it_does_not_know_is_shown_as_written(speak, text, shown):
    said = speak(text)
    code = [s["text"] for s in said.spans if isinstance(s, dict) and s["mark"] == "code"]
    assert shown in code


def test_not_a_text_is_shown_as_written_too(speak):
    for value in (None, 3, ["a"]):
        said = speak(value)
        assert said.verbatim and said.spans[0]["mark"] == "code"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_words_or_the_text_never_an_error(speak, text):
    said = speak(text)
    assert isinstance(said.spans, list) and all(isinstance(s, (str, dict)) for s in said.spans)
