"""The PDF engine: Chinese text and exact amounts in the file, embedded fonts, long tables."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.documents import (
    Column,
    ColumnKind,
    Document,
    Orientation,
    Record,
    Section,
    Table,
    Text,
    build_pdf,
    make_ledger,
    pdf_bytes,
)
from fpr_desktop.documents.linebreak import chinese_split
from fpr_desktop.documents.notice_templates import NoticeKind, load_template
from fpr_desktop.documents.notices import make_notice
from fpr_desktop.documents.samples import sample_data, sample_notice, sample_params, sample_projects
from fpr_desktop.documents.textfmt import chinese_numeral, cn_date

LONG_TABLE_ROWS = 194  # 12 pages with the fund-allocation columns (185–200 rows give 12)


def page_texts(data: bytes) -> list[str]:
    """Text of each page with all white space removed (table cells wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def fund_rows_columns() -> list[Column]:
    return list(load_template(NoticeKind.FUND_ALLOCATION).tables["rows"].columns)


def test_fund_notice_text_has_title_names_and_exact_amounts() -> None:
    text = "".join(page_texts(pdf_bytes(sample_notice(NoticeKind.FUND_ALLOCATION))))
    assert "关于2021年度财政衔接推进乡村振兴补助资金分配情况的公告" in text
    for expected in (
        "一、资金来源",
        "二、分配原则",
        "三、分配情况表",
        "示例一村产业路硬化项目",
        "示例县交通运输局",
        "161.50",  # 1,615,000 元 in 万元
        "29.86",  # 298,625.88 元, 2 decimals, half up
        "合计",
        "318.36",  # exact total, 3,183,625.88 元
        "示例县乡村振兴局示例县财政局2021年7月22日",  # issuers then date
        "2021年7月22日至2021年7月31日（共10天）",
        "0871-6123456",
        "12317",
    ):
        assert expected in text, expected


def test_six_decimals_in_wan_are_exact() -> None:
    rows, fields, tables = sample_data(NoticeKind.FUND_ALLOCATION)
    params = sample_params(NoticeKind.FUND_ALLOCATION)
    from dataclasses import replace

    doc = make_notice(
        NoticeKind.FUND_ALLOCATION, rows, replace(params, decimals=6), fields=fields, tables=tables
    )
    text = "".join(page_texts(pdf_bytes(doc)))
    assert "29.862588" in text
    assert "161.500000" in text
    assert "318.362588" in text  # the 合计, summed in Decimal, not float
    assert "29.86" + "2588" in text and "29.863" not in text


def test_amounts_in_yuan() -> None:
    doc = Document(
        title="测试",
        sections=[
            Section(
                "金额",
                [
                    Table(
                        [
                            Column("名称", "name"),
                            Column("金额（{unit}）", "amount", ColumnKind.AMOUNT, total=True),
                        ],
                        [
                            {"name": "甲", "amount": Decimal("1234.5")},
                            {"name": "乙", "amount": Decimal("0.01")},
                        ],
                        unit=MoneyUnit.YUAN,
                    )
                ],
            )
        ],
    )
    text = "".join(page_texts(pdf_bytes(doc)))
    assert "金额（元）" in text and "1,234.50" in text and "1,234.51" in text


def _pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def test_pdffonts_lists_only_embedded_subset_fonts(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    build_pdf(sample_notice(NoticeKind.FUND_ALLOCATION), path)
    fonts = _pdffonts(path)
    assert fonts, "no fonts listed"
    names = {f[0] for f in fonts}
    for row in fonts:
        name, emb, sub = row[0], row[-5], row[-4]
        assert re.fullmatch(r"[A-Z]{6}\+\S+", name), row
        assert (emb, sub) == ("yes", "yes"), row
    # Regular and Bold are two different embedded fonts (bold must not print thin).
    assert any(n.endswith("+NotoSansSC-Regular") for n in names)
    assert any(n.endswith("+NotoSansSC-Bold") for n in names)


def test_every_font_in_the_file_is_an_embedded_truetype_subset() -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(sample_notice(NoticeKind.ANNUAL_PLAN))))
    seen = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+\S+", name), name
            assert "/FontFile2" in font["/FontDescriptor"], name
            seen.add(name)
    assert not any("Helvetica" in n or "STSong" in n for n in seen)


def test_long_table_repeats_header_on_each_of_12_pages() -> None:
    doc = Document(
        title="分配情况表",
        orientation=Orientation.PORTRAIT,
        sections=[
            Section("分配情况表", [Table(fund_rows_columns(), sample_projects(LONG_TABLE_ROWS))])
        ],
        issuers=["示例县乡村振兴局"],
        date=date(2021, 7, 22),
    )
    data = pdf_bytes(doc)
    pages = page_texts(data)
    assert len(pages) == 12
    for n, text in enumerate(pages, start=1):
        assert "序号项目名称建设地点建设内容金额" in text, f"page {n} lacks the header"
        assert f"第{n}页共12页" in text
    assert "合计" in pages[-1] and "合计" not in "".join(pages[:-1])
    total = Decimal(0)
    for row in sample_projects(LONG_TABLE_ROWS):
        total += row["amount"]
    assert f"{total / 10000:,.2f}" in pages[-1]
    # pypdf removes spaces; the label itself is "第 1 页 共 12 页".
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "第 1 页 共 12 页" in raw


def test_record_layout_shows_label_and_value_with_unit() -> None:
    doc = Document(
        title="项目情况",
        preamble=[
            Record(
                [Column("项目名称", "name"), Column("资金规模", "amount", ColumnKind.AMOUNT)],
                {"name": "示例四村人饮巩固提升项目", "amount": Decimal("420000")},
            )
        ],
    )
    text = "".join(page_texts(pdf_bytes(doc)))
    assert "项目名称示例四村人饮巩固提升项目" in text
    assert "资金规模42.00万元" in text


def test_text_is_escaped_not_markup() -> None:
    doc = Document(title="A&B <公司>", preamble=[Text("1 < 2 & 3 > 2")])
    text = "".join(page_texts(pdf_bytes(doc)))
    assert "A&B<公司>" in text and "1<2&3>2" in text


def test_build_to_stream_and_path_give_page_count(tmp_path: Path) -> None:
    doc = sample_notice(NoticeKind.CADRE_ASSESSMENT)
    assert build_pdf(doc, tmp_path / "a.pdf") == 1
    buf = io.BytesIO()
    assert build_pdf(doc, buf) == 1
    assert buf.getvalue().startswith(b"%PDF")


def test_chinese_line_breaking_rules() -> None:
    text = "资金分配坚持“精准扶持”，聚焦巩固拓展成果，共计161.50万元"
    lines = [str(line[1]) for line in chinese_split(text, [10.0] * len(text), 60.0)]
    assert "".join(lines) == text
    for line in lines:
        assert line[0] not in "，。、；：）”", lines
        assert line[-1] not in "（“", lines
    assert any("161.50" in line for line in lines)  # numbers are not cut


def test_chinese_numerals_and_dates() -> None:
    assert [chinese_numeral(n) for n in (1, 3, 10, 11, 20, 21, 99, 105)] == [
        "一",
        "三",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "一百零五",
    ]
    assert cn_date(date(2021, 7, 2)) == "2021年7月2日"


def test_importing_the_package_loads_no_reportlab_and_no_font() -> None:
    code = (
        "import sys, fpr_desktop.documents, fpr_desktop.documents.samples\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PySide6'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ledger_has_caption_total_and_landscape_pages() -> None:
    columns = [
        Column("序号", kind=ColumnKind.INDEX),
        Column("项目名称", "project_name", width=3),
        Column("金额（{unit}）", "amount", ColumnKind.AMOUNT, total=True),
    ]
    doc = make_ledger("资金台账", columns, sample_projects(4), unit=MoneyUnit.YUAN)
    reader = PdfReader(io.BytesIO(pdf_bytes(doc)))
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert "单位：元" in text and "金额（元）" in text
    assert "合计3,183,625.88" in text
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)


def test_total_row_never_stands_alone_on_a_page() -> None:
    """Whatever the row count, the 合计 row shares its page with at least one project row."""
    alone = []
    for n in range(12, 40):
        rows = sample_projects(n)
        doc = Document(
            title="分配情况表",
            orientation=Orientation.PORTRAIT,
            sections=[Section("分配情况表", [Table(fund_rows_columns(), rows)])],
            issuers=["示例县乡村振兴局"],
            date=date(2021, 7, 22),
        )
        last = next(p for p in reversed(page_texts(pdf_bytes(doc))) if "合计" in p)
        if f"（{n}）" not in last:  # the last project, e.g. 示例一村产业路硬化项目（17）
            alone.append(n)
    assert alone == []
