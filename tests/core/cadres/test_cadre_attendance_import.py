"""A town's messy monthly sign-in sheet: title with the month, merged name cells over 上午/下午
rows, ✓/√/○/半 marks, blank days inside an approved leave — imported all-or-nothing."""

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from fpr_desktop.cadres import attendance as att
from fpr_desktop.cadres import leave as lv
from fpr_desktop.submissions.importer import run_import

HEADER = ["序号", "村", "姓名", "职务", "时段", *range(1, 31), "在村天数"]


def sheet(path: Path, people: list[tuple[str, str, str, list[list[str]]]], title: str) -> Path:
    """people: (village, name, role, [marks per row]); two rows → 上午/下午 with merged cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "9月考勤"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(
        [
            "填报单位：固关镇党委（盖章）",
            None,
            None,
            None,
            None,
            "说明：√在村 ○缺勤 半 半天 假 请假",
        ]
    )
    ws.append(HEADER)
    for n, (village, name, role, rows) in enumerate(people, 1):
        top = ws.max_row + 1
        for i, marks in enumerate(rows):
            half = ("上午", "下午")[i] if len(rows) == 2 else ""
            first = [n, village, name, role] if i == 0 else [None, None, None, None]
            ws.append([*first, half, *marks, None])
        if len(rows) == 2:
            for col in range(1, 5):
                ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    ws.append([])
    ws.append(["制表人：张三", None, None, None, None, "审核人：李四"])
    wb.save(path)
    return path


def month(pattern: str, days: int = 30) -> list[str]:
    return [pattern[i % len(pattern)] for i in range(days)]


def test_messy_sheet_is_imported_into_the_month(database, admin, teams, tmp_path) -> None:  # type: ignore[no-untyped-def]
    li = teams.cadres["李红梅"]
    with database.transaction(admin.audit()) as s:
        req = lv.request_leave(
            s, admin, lv.LeaveInput(li, "事假", date(2021, 9, 27), date(2021, 9, 30), reason="家事")
        )
        lv.decide_leave(
            s,
            admin,
            req.id,
            req.version,
            approve=True,
            opinion="同意",
            decided_on=date(2021, 9, 26),
        )
    wang_am = month("✓✓✓✓✓○✓")  # 26 mornings
    wang_pm = month("√√半√√○ ")  # afternoons: 21 present (半 counts), 4 ○, 5 blank
    li_row = ["√"] * 26 + [""] * 4  # the last four days are the approved leave
    zhao = ["√"] * 18 + ["○"] * 2 + ["假"] * 10
    path = sheet(
        tmp_path / "固关镇9月考勤.xlsx",
        [
            ("上岔村", "王建国", "第一书记", [wang_am, wang_pm]),
            ("上岔村", "李红梅", "工作队队长", [li_row]),
            ("上岔村", "赵小军", "队员", [zhao, zhao]),
        ],
        "固关镇2021年9月驻村干部考勤表",
    )
    out = run_import(database, admin, path, "attendance")
    assert out.ok, out.lines()
    assert out.committed and (out.created, out.year, out.month) == (3, 2021, 9)
    with database.read() as s:
        rows = {r.name: r for r in att.month_summary(s, admin, 2021, 9)}
        li_marks = att.month_marks(s, li, 2021, 9)
    wang = rows["王建国"]
    # a day counts whole when both halves are present, half when one is
    both = sum(a in "✓" and b in "√半" for a, b in zip(wang_am, wang_pm, strict=True))
    one = sum((a == "✓") != (b in "√半") for a, b in zip(wang_am, wang_pm, strict=True))
    assert wang.in_village_halves == both * 2 + one
    assert (wang.in_village, wang.absent_days, wang.below_minimum) == ("24", 4, False)
    assert rows["赵小军"].in_village == "18" and rows["赵小军"].absent_days == 2
    assert rows["赵小军"].below_minimum
    assert li_marks.endswith("LLLL") and rows["李红梅"].leave == "4"
    # the same file again changes nothing; a corrected one updates
    again = run_import(database, admin, path, "attendance")
    assert again.duplicate_of is not None


def test_bad_marks_and_strangers_reject_the_whole_sheet(database, admin, teams, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = ["√"] * 29 + ["?"]
    path = sheet(
        tmp_path / "bad.xlsx",
        [
            ("上岔村", "王建国", "第一书记", [["√"] * 30]),
            ("上岔村", "李红梅", "工作队队长", [bad]),
            ("上岔村", "张无名", "队员", [["√"] * 30]),
        ],
        "固关镇2021年9月驻村干部考勤表",
    )
    out = run_import(database, admin, path, "attendance")
    assert not out.ok and not out.committed
    messages = [(i.location.row, i.location.header, i.reason, i.found) for i in out.result.problems]
    assert (5, "30", "考勤标记无法识别", "?") in messages
    assert any(
        row == 6 and "“张无名”不是本月在本镇驻村的干部" in reason for row, _, reason, _ in messages
    )
    with database.read() as s:
        assert att.month_summary(s, admin, 2021, 9)[0].recorded == 0


def test_a_sheet_without_a_month_is_refused(database, admin, teams, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sheet(
        tmp_path / "nomonth.xlsx",
        [("上岔村", "王建国", "第一书记", [["√"] * 30])],
        "驻村干部考勤表",
    )
    out = run_import(database, admin, path, "attendance")
    assert not out.ok and any("未找到考勤月份" in i.reason for i in out.result.problems)
