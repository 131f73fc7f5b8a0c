"""The data dictionary in Vietnamese, as a Markdown document shipped with the project
(``docs/tu-dien-du-lieu.md``, written by ``vnpolicy template --dictionary``): every table with its Vietnamese
names, every column with its office header, meaning, whether it is required and what it accepts — the same
words as the template's instructions sheet, from the same columns."""

from ..data.aliases import TABLE_NAMES
from ..data.schema import TABLES
from .template_columns import allowed_text, columns, readers

INTRO = """# Từ điển dữ liệu của vnpolicy

Bộ dữ liệu gồm các bảng dưới đây, ở một trong ba dạng: thư mục các tệp CSV (mỗi bảng một tệp), một sổ
Excel (.xlsx, .xls, .ods; mỗi bảng một trang tính), hoặc một tệp YAML/JSON (mỗi bảng một khoá). Bảng và cột
được gọi bằng mã (`staff`, `full_name`) hoặc bằng tên tiếng Việt (`Cán bộ`, `Họ và tên`); chỉ bắt buộc hai
bảng đơn vị và cán bộ. Mẫu Excel để điền: `vnpolicy template -o mau.xlsx` (trang "Hướng dẫn" là từ điển
này). Tài liệu này do `vnpolicy template --dictionary -o docs/tu-dien-du-lieu.md` viết ra; một bài kiểm thử
giữ nó khớp với mã nguồn.
"""


def dictionary_md(registry):
    """The dictionary as Markdown (Vietnamese). Rating columns are shown once, as ``Xếp loại năm YYYY``."""
    who = readers(registry, [])
    out = [INTRO]
    for table in TABLES:
        names = TABLE_NAMES[table]
        out.append(f"\n## {names[0]} (`{table}`)\n")
        if len(names) > 1:
            out.append(f"Cũng gọi là: {', '.join(names[1:])}.\n")
        out.append("\n| cột | mã | bắt buộc | ý nghĩa | giá trị |\n|---|---|---|---|---|\n")
        for col in columns(registry, table, who, [2024]):
            header = col.header.replace("2024", "YYYY")
            name = col.name.replace("2024", "YYYY")
            cells = (header, f"`{name}`", "có" if col.required else "", col.meaning, allowed_text(col))
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    return "".join(out)


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")
