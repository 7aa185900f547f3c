"""Notice kinds: every kind builds from plain data; texts come from the TOML templates."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.documents import Complaint, Orientation, Table, Window, pdf_bytes
from fpr_desktop.documents.notice_templates import (
    NoticeKind,
    load_template,
    notices_dir,
    parse_template,
)
from fpr_desktop.documents.notices import NoticeParams, make_notice
from fpr_desktop.documents.samples import sample_data, sample_notice, sample_params

TITLES = {
    NoticeKind.FUND_ALLOCATION: "关于2021年度财政衔接推进乡村振兴补助资金分配情况的公告",
    NoticeKind.PROJECT_LIBRARY_PUBLICITY: "项目库拟入库项目的公示",
    NoticeKind.PROJECT_LIBRARY_ANNOUNCEMENT: "项目库入库项目的公告",
    NoticeKind.ANNUAL_PLAN: "项目实施计划的公告",
    NoticeKind.PRE_IMPLEMENTATION: "关于示例一村产业路硬化项目实施前的公示",
    NoticeKind.COMPLETION: "项目实施完成情况的公告",
    NoticeKind.ACCEPTANCE: "项目验收结果的公示",
    NoticeKind.ASSET_HANDOVER: "项目资产确权移交情况的公示",
    NoticeKind.INCOME_DISTRIBUTION: "示例二村2021年度项目资产收益分配方案公示",
    NoticeKind.CADRE_ASSESSMENT: "驻村第一书记和工作队员年度考核结果的公示",
}


def all_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)


def test_every_kind_has_a_template_file() -> None:
    assert {p.stem for p in notices_dir().glob("*.toml")} == {k.value for k in NoticeKind}


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_notice_kind_builds(kind: NoticeKind) -> None:
    doc = sample_notice(kind)
    assert doc.kind == kind.value
    text = all_text(pdf_bytes(doc))
    assert TITLES[kind] in text
    assert "2021年7月22日至2021年7月31日" in text
    assert "12317" in text
    pages = len(PdfReader(io.BytesIO(pdf_bytes(doc))).pages)
    assert f"第1页共{pages}页" in text and f"第{pages}页共{pages}页" in text
    for issuer in doc.issuers:
        assert issuer in text


def test_fund_allocation_structure_and_totals() -> None:
    doc = sample_notice(NoticeKind.FUND_ALLOCATION)
    assert [s.heading for s in doc.sections] == ["资金来源", "分配原则", "分配情况表"]
    text = all_text(pdf_bytes(doc))
    assert "其中：中央资金180.00万元，省级资金90.00万元，县级资金48.36万元。" in text
    assert "序号项目名称建设地点建设内容金额（万元）责任单位" in text
    assert "本次共安排项目4个，分配资金318.36万元" in text


def test_income_distribution_is_in_yuan_and_adds_up() -> None:
    text = all_text(pdf_bytes(sample_notice(NoticeKind.INCOME_DISTRIBUTION)))
    assert "共取得收益105321.50元" in text  # prose: no thousands separators
    assert "拟分配收益93200.00元，留存12121.50元" in text
    assert "分配金额（元）" in text


def test_cadre_assessment_has_no_total_row() -> None:
    doc = sample_notice(NoticeKind.CADRE_ASSESSMENT)
    text = all_text(pdf_bytes(doc))
    assert "合计" not in text and "单位：" not in text
    assert "李建国" in text and "基本称职" in text


def test_landscape_kinds_are_landscape() -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(sample_notice(NoticeKind.ANNUAL_PLAN))))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert load_template(NoticeKind.FUND_ALLOCATION).orientation == Orientation.PORTRAIT


@dataclass
class ProjectRow:
    project_name: str
    location: str
    content: str
    amount: Decimal
    responsible_unit: str


def test_rows_may_be_dataclasses_and_decimals_configurable() -> None:
    rows = [ProjectRow("甲项目", "甲村", "建设内容", Decimal("298625.88"), "农业农村局")]
    sources = [{"level": "中央资金", "amount": Decimal("298625.88")}]  # document is optional
    params = NoticeParams(
        window=Window(date(2021, 7, 22), date(2021, 7, 31)),
        issuers=["示例县乡村振兴局"],
        date=date(2021, 7, 22),
        decimals=6,
    )
    doc = make_notice(
        NoticeKind.FUND_ALLOCATION, rows, params, fields={"year": 2021}, tables={"sources": sources}
    )
    text = all_text(pdf_bytes(doc))
    assert "29.862588" in text
    # No local phone and no complaint unit: only the national hotline line is printed.
    assert "监督举报电话：全国防止返贫监测和乡村振兴咨询服务平台12317。" in text
    assert "（本地）" not in text and "反映" not in text


def test_missing_placeholder_is_a_clear_error() -> None:
    rows, _, tables = sample_data(NoticeKind.FUND_ALLOCATION)
    with pytest.raises(ValidationError, match=r"资金分配公告.*year"):
        make_notice(NoticeKind.FUND_ALLOCATION, rows, NoticeParams(), tables=tables)


def test_row_without_a_column_key_is_refused() -> None:
    rows = [{"project_name": "甲", "location": "甲村", "content": "", "amount": Decimal(1)}]
    with pytest.raises(ValidationError, match="第 1 行缺少“责任单位”（responsible_unit）"):
        make_notice(NoticeKind.FUND_ALLOCATION, rows, NoticeParams(), fields={"year": 2021})


def test_float_amount_is_refused() -> None:
    rows, fields, tables = sample_data(NoticeKind.FUND_ALLOCATION)
    rows[0]["amount"] = 161.5
    with pytest.raises(ValidationError, match="浮点数"):
        make_notice(NoticeKind.FUND_ALLOCATION, rows, NoticeParams(), fields=fields, tables=tables)


def test_bad_decimals_and_unknown_kind_are_refused() -> None:
    with pytest.raises(ValidationError, match="小数位数"):
        make_notice(NoticeKind.CADRE_ASSESSMENT, [], NoticeParams(decimals=7), fields={"year": 1})
    with pytest.raises(ValidationError, match="未知的公告类型"):
        make_notice("no_such_kind", [], NoticeParams())


def test_caller_fields_override_template_defaults() -> None:
    rows, fields, tables = sample_data(NoticeKind.FUND_ALLOCATION)
    doc = make_notice(
        NoticeKind.FUND_ALLOCATION,
        rows,
        sample_params(NoticeKind.FUND_ALLOCATION),
        fields={**fields, "principles": "按因素法分配。", "fund_name": "以工代赈资金"},
        tables=tables,
    )
    assert doc.title == "关于2021年度以工代赈资金分配情况的公告"
    assert doc.sections[1].blocks[0].text == "按因素法分配。"  # type: ignore[union-attr]


def test_edited_template_text_is_used() -> None:
    source = (notices_dir() / "cadre_assessment.toml").read_text(encoding="utf-8")
    edited = parse_template(source.replace("予以公示", "予以公布"))
    rows, fields, _ = sample_data(NoticeKind.CADRE_ASSESSMENT)
    doc = make_notice(edited, rows, sample_params(NoticeKind.CADRE_ASSESSMENT), fields=fields)
    assert "予以公布" in doc.preamble[0].text  # type: ignore[union-attr]


def test_broken_template_is_reported_in_chinese() -> None:
    with pytest.raises(ValidationError, match="格式错误"):
        parse_template("title = ")
    with pytest.raises(ValidationError, match="未定义的表格“nope”"):
        parse_template('kind = "x"\nname = "x"\ntitle = "x"\npreamble = [{ table = "nope" }]\n')


def test_notice_keeps_window_and_complaint_for_the_register() -> None:
    doc = sample_notice(NoticeKind.ACCEPTANCE)
    assert doc.window == Window(date(2021, 7, 22), date(2021, 7, 31))
    assert doc.window.days == 10
    assert isinstance(doc.complaint, Complaint) and doc.complaint.hotline == "12317"
    tables = [b for b in doc.preamble if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].total_label == "合计"


def test_phone_line_and_signature_always_share_a_page() -> None:
    """However long the table, the complaint lines and the signature end up on one page."""
    rows, fields, tables = sample_data(NoticeKind.PROJECT_LIBRARY_PUBLICITY)
    params = NoticeParams(
        window=Window(date(2021, 7, 22), date(2021, 7, 31)),
        complaint=Complaint(unit="陇县乡村振兴局", address="陇县东大街1号", phone="0917-4621318"),
        issuers=["陇县乡村振兴局"],
        date=date(2021, 7, 22),
    )
    for count in range(1, 13):
        doc = make_notice(
            NoticeKind.PROJECT_LIBRARY_PUBLICITY,
            (rows * 12)[:count],
            params,
            fields=fields,
            tables=tables,
        )
        pages = [
            re.sub(r"\s+", "", p.extract_text())
            for p in PdfReader(io.BytesIO(pdf_bytes(doc))).pages
        ]
        [phone_page] = [i for i, t in enumerate(pages) if "监督举报电话" in t]
        assert "2021年7月22日" in pages[phone_page].split("监督举报电话")[1], count
        assert "陇县乡村振兴局0917-4621318" in pages[phone_page]
        # … and never without the lines before them (window, where to object)
        assert "公示期：" in pages[phone_page] and "联系地址：" in pages[phone_page], count
