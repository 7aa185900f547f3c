"""Quarterly inspections (督查检查): plan, findings, rectification with evidence, the flags and
the printed report; every refusal through the service."""

from __future__ import annotations

from datetime import date

import pytest
from funds_support import make_project

from fpr_desktop.base.errors import PermissionDenied, ValidationError
from fpr_desktop.funds.oversight import inspections as ins
from fpr_desktop.funds.oversight.inspection_report import inspection_report, write_inspection_pdf

TODAY = date(2021, 11, 20)


def plan(**kw) -> ins.InspectionInput:  # type: ignore[no-untyped-def]
    values = {
        "year": 2021,
        "quarter": 3,
        "title": "第三季度衔接资金使用督查",
        "planned_on": date(2021, 8, 10),
        "items": "资金拨付进度\n项目实施进度\n\n报账凭证",
        "inspectors": "县乡村振兴局 张三、县财政局 李四",
        "scope": "固关镇、河北镇",
        "done_on": date(2021, 8, 12),
        **kw,
    }
    return ins.InspectionInput(**values)


def create(database, actor, **kw) -> int:  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return ins.create_inspection(s, actor, plan(**kw), today=TODAY)


def refused(database, actor, fn) -> str:  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s, pytest.raises(ValidationError) as err:
        fn(s)
    return str(err.value)


def test_inspection_problems_are_listed_at_once(database, admin) -> None:  # type: ignore[no-untyped-def]
    text = refused(
        database,
        admin,
        lambda s: ins.create_inspection(
            s,
            admin,
            plan(
                title=" ",
                planned_on=date(2021, 10, 2),
                done_on=date(2021, 12, 1),
                items=" \n",
                inspectors="",
            ),
            today=TODAY,
        ),
    )
    assert "检查名称不能为空" in text
    assert "计划检查日期 2021-10-02 不在2021年第三季度（2021-07-01～2021-09-30）内" in text
    assert "实际检查日期 2021-12-01 不在2021年第三季度内" in text
    assert "晚于今天" in text and "至少填写一项检查事项" in text and "必须填写检查人员" in text
    text = refused(
        database, admin, lambda s: ins.create_inspection(s, admin, plan(quarter=5), today=TODAY)
    )
    assert "季度“5”应为 1～4" in text


def test_quarters_without_an_inspection_are_flagged(database, admin) -> None:  # type: ignore[no-untyped-def]
    create(database, admin)  # Q3 carried out
    create(  # Q4 only planned
        database,
        admin,
        quarter=4,
        planned_on=date(2021, 12, 5),
        done_on=None,
        title="第四季度督查",
    )
    create(  # Q1 planned but never carried out: still missing
        database, admin, quarter=1, planned_on=date(2021, 3, 5), done_on=None, title="一季度"
    )
    with database.read() as s:
        states = ins.quarter_states(s, admin, 2021, TODAY)
    assert [(q.quarter, q.done, q.planned, q.missing) for q in states] == [
        (1, 0, 1, True),
        (2, 0, 0, True),
        (3, 1, 0, False),
        (4, 0, 1, False),  # the quarter is not over yet
    ]
    assert states[1].text == "第二季度：未开展督查检查（应至少 1 次，实际 0 次）"
    assert states[3].text == "第四季度：计划 1 次，已开展 0 次"


def test_findings_rectification_evidence_and_overdue(database, admin) -> None:  # type: ignore[no-untyped-def]
    pid = make_project(database, admin, "上岔村核桃园", "固关镇", "上岔村")
    planned = create(database, admin, quarter=4, planned_on=date(2021, 12, 5), done_on=None)
    text = refused(
        database,
        admin,
        lambda s: ins.add_finding(
            s, admin, ins.FindingInput(planned, "资金拨付滞后", date(2021, 12, 30))
        ),
    )
    assert "尚未开展（没有实际检查日期），不能登记发现问题" in text
    iid = create(database, admin)
    text = refused(
        database,
        admin,
        lambda s: ins.add_finding(s, admin, ins.FindingInput(iid, " ", date(2021, 8, 1))),
    )
    assert "问题描述不能为空" in text and "整改期限不能早于检查日期 2021-08-12" in text
    with database.transaction(admin.audit()) as s:
        late = ins.add_finding(
            s, admin, ins.FindingInput(iid, "报账凭证不全", date(2021, 9, 30), project_id=pid)
        )
        ontime = ins.add_finding(s, admin, ins.FindingInput(iid, "公示不及时", date(2021, 12, 31)))
    # 已整改 needs a day, what was done, and evidence
    text = refused(
        database,
        admin,
        lambda s: ins.update_rectification(
            s, admin, late, 1, ins.RectificationInput("done"), today=TODAY
        ),
    )
    assert "必须填写整改完成日期" in text and "必须写明整改情况" in text
    assert "必须先上传整改佐证材料" in text
    text = refused(
        database, admin, lambda s: ins.add_evidence(s, admin, late, "C:\\扫描\\空.pdf", b"")
    )
    assert "文件“空.pdf”是空的" in text
    big = b"x" * (ins.MAX_EVIDENCE_BYTES + 1)
    assert "超过上限 20 MB" in refused(
        database, admin, lambda s: ins.add_evidence(s, admin, late, "大.pdf", big)
    )
    with database.transaction(admin.audit()) as s:
        ins.add_evidence(s, admin, late, "C:\\扫描\\整改报告.pdf", b"%PDF-1.4 evidence")
    text = refused(
        database,
        admin,
        lambda s: ins.update_rectification(
            s,
            admin,
            late,
            1,
            ins.RectificationInput("done", "已补齐凭证", date(2021, 12, 1)),
            today=TODAY,
        ),
    )
    assert "整改完成日期 2021-12-01 晚于今天" in text
    with database.read() as s:
        rows = {f.id: f for f in ins.list_findings(s, admin, year=2021, today=TODAY)}
        assert rows[late].flag == "整改逾期 51 天" and rows[late].town == "固关镇"
        assert rows[late].evidence[0][1:] == ("整改报告.pdf", 17)
        assert rows[ontime].flag == ""
        assert [f.id for f in ins.overdue_rectifications(s, admin, TODAY)] == [late]
        assert ins.evidence_file(s, admin, rows[late].evidence[0][0]) == (
            "整改报告.pdf",
            b"%PDF-1.4 evidence",
        )
        (row,) = [i for i in ins.list_inspections(s, admin, 2021, today=TODAY) if i.id == iid]
        assert (row.findings, row.open_findings, row.overdue_findings) == (2, 2, 1)
        assert row.items == ("资金拨付进度", "项目实施进度", "报账凭证")
    with database.transaction(admin.audit()) as s:
        ins.update_rectification(
            s,
            admin,
            late,
            1,
            ins.RectificationInput("done", "已补齐凭证", date(2021, 10, 15)),
            today=TODAY,
        )
    with database.read() as s:
        f = next(f for f in ins.list_findings(s, admin, today=TODAY) if f.id == late)
        assert f.status_label == "已整改" and f.flag == "逾期 15 天完成整改"
        assert ins.overdue_rectifications(s, admin, TODAY) == []
    # an inspection with findings is neither deleted nor un-done
    assert "已登记发现问题，不能删除" in refused(
        database, admin, lambda s: ins.delete_inspection(s, admin, iid)
    )
    assert "不能取消实际检查日期" in refused(
        database,
        admin,
        lambda s: ins.update_inspection(s, admin, iid, 1, plan(done_on=None), today=TODAY),
    )


def test_only_fund_editors_inspect(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    iid = create(database, admin)
    auditor = user_factory("sj", "auditor")
    with database.transaction(auditor.audit()) as s, pytest.raises(PermissionDenied):
        ins.create_inspection(s, auditor, plan(), today=TODAY)
    with database.transaction(auditor.audit()) as s, pytest.raises(PermissionDenied):
        ins.add_finding(s, auditor, ins.FindingInput(iid, "问题", date(2021, 9, 1)))
    with database.read() as s:
        assert len(ins.list_inspections(s, auditor, 2021)) == 1  # reading is fine


def test_the_inspection_report_prints(database, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    iid = create(database, admin, summary="资金拨付总体规范，个别项目报账滞后。")
    with database.transaction(admin.audit()) as s:
        ins.add_finding(s, admin, ins.FindingInput(iid, "报账凭证不全", date(2021, 9, 30)))
    with database.read() as s:
        report = inspection_report(s, admin, iid, year=2021, today=TODAY)
    path = write_inspection_pdf(report, tmp_path / "督查检查报告.pdf", "陇县乡村振兴局")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
    from pypdf import PdfReader

    text = "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert "2021年第三季度衔接资金督查检查报告" in text
    assert "报账凭证不全" in text and "整改逾期51天" in text and "第2页共2页" in text
