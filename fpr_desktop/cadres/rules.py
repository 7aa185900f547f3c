"""Pure rules of the cadres module: choices, ID masking, term and leave arithmetic, grade caps."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case
from sqlalchemy.orm import Session

from fpr_desktop.base.settings import get_value

ROLES = ("第一书记", "工作队队长", "队员")
FIRST_SECRETARY = "第一书记"
UNIT_LEVELS = ("中央", "省", "市", "县", "镇")
KEY_VILLAGE_REASONS = ("脱贫村", "易地搬迁安置村", "乡村振兴任务重", "软弱涣散村")
END_REASONS = ("召回", "轮换", "期满")
LEAVE_TYPES = ("病假", "事假", "公假", "休假")
LEAVE_TIERS = {"town": "镇党委", "county": "县委组织部"}
LEAVE_STATUSES = ("待审批", "已批准", "未批准")
SPOT_RESULTS = ("在岗", "请假外出", "公出", "无故缺勤")
UNEXCUSED = "无故缺勤"
ROUND_KINDS = ("年度考核", "期满考核")
TRAINING_LEVELS = UNIT_LEVELS
COUNTY_OR_ABOVE = ("中央", "省", "市", "县")
WORK_KINDS = ("月度工作记录", "季度总结", "半年总结", "派出单位听取汇报")
CARE_KINDS = ("走访慰问", "体检", "意外保险", "补贴", "工作经费")
CARE_OCCASIONS = ("日常", "生病住院", "家庭变故", "思想异常")
VISIT_ITEMS = ("义务教育", "基本医疗", "住房安全", "饮水安全", "收入支出")
#: attendance marks: code → (label, half days in the village)
MARKS = {"P": ("在村", 2), "H": ("半天", 1), "A": ("缺勤", 0), "L": ("请假", 0), "D": ("公出", 0)}


def round_title(year: int, kind: str) -> str:
    """'2022年度考核' for an annual round, '2023年期满考核' for a term-end one."""
    return f"{year}年度考核" if kind == "年度考核" else f"{year}年{kind}"


def role_order(column: Any) -> Any:
    """An SQL sort key putting 第一书记 before 工作队队长 before 队员."""
    return case({r: i for i, r in enumerate(ROLES)}, value=column, else_=len(ROLES))


def mask_id_number(value: str) -> str:
    """'610327199001011234' → '6103**********1234': every list, export and PDF shows this."""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


_ID_RE = re.compile(r"^\d{17}[\dX]$")


def check_id_number(value: str) -> str:
    """'' or the problem with an 18-digit resident ID number (format and check digit)."""
    v = value.strip().upper()
    if not v:
        return ""
    if not _ID_RE.match(v):
        return "身份证号应为18位（最后一位可为X）。"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(v[:17], weights, strict=True))
    if "10X98765432"[total % 11] != v[17]:
        return "身份证号校验位不正确。"
    return ""


def add_years(d: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def leave_halves(start: date, start_pm: bool, end: date, end_am: bool) -> int:
    """Half days a leave covers: whole days, less the morning of a start in the afternoon and
    the afternoon of an end in the morning."""
    return ((end - start).days + 1) * 2 - int(start_pm) - int(end_am)


def leave_slots(start: date, start_pm: bool, end: date, end_am: bool) -> tuple[int, int]:
    """The leave as a half-open range of half-day slots (day ordinal × 2 + 0 am / 1 pm)."""
    return start.toordinal() * 2 + int(start_pm), end.toordinal() * 2 + 2 - int(end_am)


def halves_in(slots: tuple[int, int], first: date, last: date) -> int:
    """How many of the leave's half days fall between `first` and `last` (inclusive)."""
    lo = max(slots[0], first.toordinal() * 2)
    hi = min(slots[1], last.toordinal() * 2 + 2)
    return max(0, hi - lo)


def leave_tier(session: Session, halves: int) -> str:
    """town (镇党委) up to the threshold in days, county (县委组织部) beyond it."""
    threshold = int(get_value(session, "cadres.leave_county_threshold_days"))
    return "town" if halves <= threshold * 2 else "county"


def grades(session: Session) -> tuple[str, ...]:
    """The configured grade set, best first (default 优秀/称职/基本称职/不称职)."""
    text = str(get_value(session, "cadres.grades"))
    found = tuple(g.strip() for g in re.split(r"[；;、,，/\s]+", text) if g.strip())
    return found if len(found) >= 2 else ("优秀", "称职", "基本称职", "不称职")


def allowed_grades(grade_set: Sequence[str], unexcused: int) -> tuple[str, ...]:
    """Grades open to a cadre with `unexcused` absences found by spot checks (task 48 practice):
    once bars the best grade, twice caps at the second-lowest, three times means the lowest."""
    if unexcused <= 0:
        return tuple(grade_set)
    if unexcused == 1:
        return tuple(grade_set[1:])
    if unexcused == 2:
        return tuple(grade_set[-2:])
    return (grade_set[-1],)


def cap_reason(unexcused: int) -> str:
    return f"抽查发现无故缺勤{unexcused}次" if unexcused else ""


def excellent_quota(total: int, percent: int) -> int:
    """At most this many of `total` cadres may be graded best (rounded down)."""
    return total * percent // 100


def days_text(halves: int) -> str:
    """Half days as a day count: 7 → '3.5', 6 → '3'."""
    return f"{halves // 2}.5" if halves % 2 else str(halves // 2)


def day_after(d: date) -> date:
    return d + timedelta(days=1)
