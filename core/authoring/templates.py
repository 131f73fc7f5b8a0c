"""The files ``vnpolicy new`` writes, as :class:`string.Template` texts (``${name}`` is filled in; ``$$`` is a
dollar sign). Comments are for policy staff, in Vietnamese; every key is one the schema knows, every
parameter is used and every rule cites its source, so that a new file validates and tests clean at once."""

from string import Template

POLICY = Template("""\
# yaml-language-server: $$schema=${schema}
# Chính sách ${policy_id}: bản khung do "vnpolicy new policy" viết. Thay từng chỗ bằng nội dung văn bản
# (số hiệu, ngày, điều khoản, mức tiền, điều kiện), rồi kiểm tra và chạy các ca kiểm thử của nó:
#   vnpolicy validate ${policy_path}
#   vnpolicy test ${case_path}
# Trong VS Code (tiện ích YAML của Red Hat), di chuột lên một khoá để đọc giải thích, Ctrl+Space để xem các
# khoá và mã được phép; khoá viết sai được gạch đỏ ngay khi gõ.

id: ${policy_id}
title:
  vi: Hỗ trợ người làm chuyên trách công nghệ thông tin (bản khung)
  en: Support for full-time IT staff (draft)
document:
  number: null                    # số hiệu văn bản, ví dụ 12/NQ-HĐND; null khi nguồn không nêu
  type: nghi_quyet                # nghi_quyet, quyet_dinh, nghi_dinh, ke_hoach, huong_dan, thong_tu, bai_bao, khac
  issuer: ${issuer}  # cơ quan ban hành
  date: null                      # ngày ban hành, yyyy-mm-dd; null khi nguồn không nêu
  source: Chưa ghi nguồn          # nơi đọc được văn bản: công báo, đường dẫn, tên tệp
jurisdiction:
  province: ${province}           # mã tỉnh; national: mọi đơn vị của mọi tỉnh
in_force:
  from: ${start}                  # ngày có hiệu lực, yyyy-mm-dd
  to: null                        # ngày hết hiệu lực; null: còn hiệu lực

# Chính sách nói về ai. Những người khác trong địa bàn không có kết quả.
applies_to:
  when: it_role != 'khong'
  citation: Văn bản nguồn, Điều 1 (đối tượng áp dụng)
  message: Làm công nghệ thông tin, chuyển đổi số (chuyên trách hoặc kiêm nhiệm)

# Tham số: giá trị theo ngày có hiệu lực, mỗi tham số với đơn vị và trích dẫn. Biểu thức gọi tham số theo tên.
parameters:
  muc_ho_tro:
    description: Mức hỗ trợ hằng tháng
    unit: vnd_per_month           # vnd_per_month (hằng tháng), vnd_once (một lần), code, codes, count, bool ...
    citation: Văn bản nguồn, Điều 2 (mức hỗ trợ)
    values:
      ${start}: 1000000           # từ ngày này; mức thay đổi thì thêm một dòng với ngày mới

  # Chỗ văn bản còn để ngỏ: khai báo một cách hiểu (readings), đừng tự quyết một cách im lặng. Ví dụ (bỏ dấu #
  # của cả tham số này và khối readings bên dưới, rồi dùng tham số trong một điều kiện:
  # when: it_role == 'chuyen_trach' or kiem_nhiem_duoc_ho_tro):
  # kiem_nhiem_duoc_ho_tro:
  #   description: Người làm CNTT kiêm nhiệm cũng được hỗ trợ
  #   unit: bool
  #   citation: Văn bản nguồn, Điều 1
  #   reading: Xem cách hiểu kiem_nhiem.
  #   values:
  #     ${start}: false

# readings:
#   kiem_nhiem:
#     question: Người làm CNTT kiêm nhiệm có được hỗ trợ không?
#     citation: Văn bản nguồn, Điều 1
#     alternatives:
#       chi_chuyen_trach:
#         label: Chỉ người chuyên trách
#         parameters: {kiem_nhiem_duoc_ho_tro: false}
#       ca_kiem_nhiem:
#         label: Cả người kiêm nhiệm
#         parameters: {kiem_nhiem_duoc_ho_tro: true}
#     chosen: chi_chuyen_trach
#     why: Văn bản viết "chuyên trách".

# Quy tắc. Loại (kind): exclusion, tiers, requirements, cap, dossier, coverage, flags, targets, figures.
rules:
  - id: ho_tro
    kind: tiers                   # các nhóm hỗ trợ, xét từ trên xuống; mỗi nhóm có điều kiện và mức tiền
    citation: Văn bản nguồn, Điều 2
    tiers:
      - group: chuyen_trach
        amount: muc_ho_tro
        conditions:
          - id: lam_chuyen_trach
            when: it_role == 'chuyen_trach'
            citation: Văn bản nguồn, Điều 1
            message: Làm chuyên trách công nghệ thông tin, chuyển đổi số
""")

CASES = Template("""\
# yaml-language-server: $$schema=${schema}
# Ca kiểm thử của ${policy_id} (bản khung do "vnpolicy new policy" viết): mỗi điều kiện theo cả hai chiều.
# Sửa chính sách thì sửa cả các ca này. Chạy: vnpolicy test ${case_path}

policy: ${policy_id}
${policy_file}as_of: ${start}
base:                             # các bảng mọi ca đều có
  units: [{id: DV, name: Đơn vị thử, province: ${unit_province}, level: tinh, kind: nha_nuoc}]
defaults:                         # các trường mọi cán bộ có, trừ khi ca ghi khác
  staff: {full_name: Người thử, unit_id: DV, employment: cong_chuc}
cases:
  - name: người chuyên trách CNTT được hỗ trợ
    staff: [{id: A, it_role: chuyen_trach}]
    expect:
      A: {outcome: eligible, group: chuyen_trach, amount_vnd: 1000000, passed: [ho_tro.chuyen_trach.lam_chuyen_trach]}
  - name: người kiêm nhiệm không đủ điều kiện
    staff: [{id: B, it_role: kiem_nhiem}]
    expect:
      B: {outcome: not_eligible, failed: [ho_tro.chuyen_trach.lam_chuyen_trach]}
  - name: người không làm CNTT không thuộc đối tượng
    staff: [{id: C, it_role: khong}]
    expect:
      C: absent
""")

INDEX = Template("""\
# Chính sách của ${province} (plugin ${name}). Mỗi tệp .yaml khác trong thư mục này là một chính sách.
province: ${province}
title: ${province}
""")

PYPROJECT = Template("""\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "${dist}"
version = "0.1.0"
description = "Plugin vnpolicy: chính sách nhân lực CNTT của ${province}"
requires-python = ">=3.11"
dependencies = ["vnpolicy"]

# vnpolicy tìm plugin qua nhóm entry point "vnpolicy"; tên bên trái là tên plugin (vnpolicy plugins,
# VNPOLICY_LOAD_PLUGINS).
[project.entry-points.vnpolicy]
${name} = "${package}"

[tool.setuptools]
packages = ["${package}"]

[tool.setuptools.package-data]
${package} = ["policies/*.yaml"]
""")

PLUGIN = Template('''\
"""Plugin vnpolicy ${name}: các chính sách trong thư mục ``policies/`` (tỉnh ${province}).

Một plugin chỉ góp chính sách thì chỉ cần hàm dưới đây. Trường dữ liệu, hàm, trường dẫn xuất, loại quy tắc
riêng: xem docs/plugins.md của vnpolicy và examples/plugin-example.
"""

from pathlib import Path

import vnpolicy


@vnpolicy.hookimpl
def vnpolicy_policy_files(register):
    register(Path(__file__).parent / "policies")
''')

README = Template("""\
# ${dist}

Plugin của vnpolicy: chính sách nhân lực công nghệ thông tin, chuyển đổi số của tỉnh `${province}`, viết
bằng YAML để cán bộ chính sách tự đọc, tự sửa, tự kiểm tra.

| tệp | là gì |
|---|---|
| `${package}/policies/*.yaml` | mỗi tệp một chính sách (`index.yaml` mô tả thư mục, không phải chính sách) |
| `${package}/__init__.py` | plugin: khai báo thư mục chính sách với vnpolicy |
| `tests/cases/${province}/*.yaml` | ca kiểm thử: bộ dữ liệu nhỏ và kết quả mong đợi |
| `schemas/*.schema.json` | lược đồ cho trình soạn thảo (di chuột lên một khoá để đọc giải thích) |
| `pyproject.toml` | cài đặt; entry point `${name}` trong nhóm `vnpolicy` |

## Cài và kiểm tra

```sh
pip install -e .                 # -e: tệp đang sửa chính là tệp được đánh giá
vnpolicy plugins                 # ... ${name} 0.1.0: vnpolicy_policy_files
vnpolicy policies                # ... ${policy_id}
vnpolicy validate                # mọi chính sách đã cài: lược đồ, biểu thức
vnpolicy test tests/cases        # các ca kiểm thử
```

## Thêm một chính sách

```sh
vnpolicy new policy ${province}/ma-van-ban
```

viết khung chính sách vào `${package}/policies/` và ca kiểm thử vào `tests/cases/${province}/`.

## Soạn trong VS Code

1. Cài tiện ích YAML của Red Hat (`redhat.vscode-yaml`).
2. Mở thư mục này trong VS Code.
3. Mở một tệp chính sách hoặc ca kiểm thử: dòng đầu `# yaml-language-server: $$schema=...` trỏ tới lược đồ trong
   `schemas/`; di chuột lên một khoá để đọc giải thích, Ctrl+Space để xem các khoá và mã được phép.

Plugin thêm loại quy tắc hay trường dữ liệu riêng thì viết lại lược đồ sau khi cài:
`vnpolicy schema policy -o schemas/policy.schema.json` (và `case`, `dataset`).
""")
