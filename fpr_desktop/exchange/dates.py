"""Date and period normalisers: Excel serials, date cells and the ways people type dates.

Accepted: date/datetime cells, serial numbers (1900 system), `2021-07-22`, `2021.7.22`,
`2021/7/22`, `2021年7月22日`, `20210722`, month-only `2021年7月` (first of the month, with a
warning) and periods such as `2021.3-2021.10`, `2021年3月至10月`, `2021.3.5~2021.10.20`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import Normalized, NormalizeError, display, is_blank_marker, squeeze

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug absorbed)
MIN_YEAR = 1949
MAX_YEAR = 2100
DATE_EXPECTED = "日期，如 2021-07-22、2021.7.22、2021/7/22 或 2021年7月22日"
PERIOD_EXPECTED = "起止时间，如 2021.3-2021.10 或 2021年3月1日至2021年10月31日"

_TIME_SUFFIX = re.compile(r"[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_FULL = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$"
    r"|^(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})[-./年](\d{1,2})月?(?:份)?$")
_YEAR = re.compile(r"^(\d{4})年?(?:度)?$")
_PART = r"\d{4}(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}[日号]?|月份?)?)?年?"
_TAIL = r"(?:\d{1,2}(?:[-./月]\d{1,2}[日号]?|月份?)?|\d{1,2}[日号])"
_PERIOD = re.compile(rf"^(?P<a>{_PART})(?:-|—|–|~|至|到|－|——)+(?P<b>{_PART}|{_TAIL})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A time span with day precision; month-only ends are widened to the whole month."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}至{self.end.isoformat()}"


def _make_date(y: int, m: int, d: int, raw: object) -> dt.date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise NormalizeError(f"“{display(raw)}”的年份 {y} 不在合理范围内", DATE_EXPECTED)
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise NormalizeError(f"“{display(raw)}”这一天不存在", DATE_EXPECTED) from None


def from_serial(serial: float, raw: object = None) -> dt.date:
    """An Excel serial number (1900 date system) → date; the time-of-day fraction is dropped."""
    if serial != serial or not 1 <= serial < 2958466:
        raise NormalizeError(
            f"“{display(raw if raw is not None else serial)}”不是日期", DATE_EXPECTED
        )
    day = EXCEL_EPOCH + dt.timedelta(days=int(serial))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise NormalizeError(
            f"“{display(raw if raw is not None else serial)}”不像日期（按 Excel 日期序号是 "
            f"{day.isoformat()}）",
            DATE_EXPECTED,
        )
    return day


def _from_number(raw: float | int) -> dt.date:
    if isinstance(raw, float) and raw != raw:
        raise NormalizeError("不是有效的数字", DATE_EXPECTED)
    if raw == int(raw) and 19000101 <= raw <= 21001231:
        n = int(raw)
        return _make_date(n // 10000, n // 100 % 100, n % 100, raw)
    if raw == int(raw) and MIN_YEAR <= raw <= MAX_YEAR:
        raise NormalizeError(f"只填写了年份“{int(raw)}”", DATE_EXPECTED)
    return from_serial(raw, raw)


def _full_date(t: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a complete date written with one kind of separator, or None."""
    m = _FULL.match(t)
    if m:
        y, mo, d = (
            (m.group("y"), m.group("m"), m.group("d"))
            if m.group("y")
            else m.group("y2", "m2", "d2")
        )
        return int(y), int(mo), int(d)
    m = _COMPACT.match(t)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


@lru_cache(maxsize=4096)  # real sheets repeat the same few dates; errors are not cached
def _parse_text_date(text: str, raw: object, *, allow_month: bool) -> Normalized[dt.date]:
    t = squeeze(_TIME_SUFFIX.sub("", text.strip()))
    ymd = _full_date(t)
    if ymd:
        return Normalized(_make_date(*ymd, raw))
    m = _MONTH.match(t)
    if m:
        day = _make_date(int(m.group(1)), int(m.group(2)), 1, raw)
        if not allow_month:
            raise NormalizeError(f"“{text}”只填写到月份", DATE_EXPECTED)
        return Normalized(day, (f"“{text}”只填写到月份，按 {day.isoformat()} 记录",))
    if re.fullmatch(r"\d+(?:\.\d+)?", t) and not t.startswith("0"):
        return Normalized(_from_number(float(t)))
    if _YEAR.match(t):
        raise NormalizeError(f"只填写了年份“{text}”", DATE_EXPECTED)
    raise NormalizeError(f"“{text}”不是可识别的日期", DATE_EXPECTED)


def normalize_date(raw: object, *, allow_month: bool = True) -> Normalized[dt.date]:
    """A cell → date. Month-only text gives the first of the month plus a warning."""
    if is_blank_marker(raw):
        return Normalized(None)
    if isinstance(raw, dt.datetime):
        return Normalized(raw.date())
    if isinstance(raw, dt.date):
        return Normalized(raw)
    if isinstance(raw, (bool, dt.time, dt.timedelta)):
        raise NormalizeError(f"“{display(raw)}”不是日期", DATE_EXPECTED)
    if isinstance(raw, (int, float)):
        return Normalized(_from_number(raw))
    if isinstance(raw, str):
        return _parse_text_date(raw, raw, allow_month=allow_month)
    raise NormalizeError(f"“{display(raw)}”不是日期", DATE_EXPECTED)


def _bound(part: str, raw: object, *, end: bool, year: int | None = None) -> tuple[dt.date, str]:
    """One side of a period → (date, precision 'day'|'month'|'year')."""
    p = part.rstrip("年")
    nums = [int(n) for n in re.findall(r"\d+", p)]
    if year is not None and (len(nums) == 1 or (len(nums) == 2 and not p.endswith("月"))):
        if re.fullmatch(r"\d{1,2}[日号]", p):  # “2021.3.1-20日”: only a day was written
            raise NormalizeError(f"“{display(raw)}”的结束时间不完整", PERIOD_EXPECTED)
        nums = [year, *nums]
    if len(nums) == 1:
        y = nums[0]
        day = _make_date(y, 12 if end else 1, 31 if end else 1, raw)
        return day, "year"
    if len(nums) == 2:
        y, m = nums
        last = calendar.monthrange(y, m)[1] if 1 <= m <= 12 else 1
        return _make_date(y, m, last if end else 1, raw), "month"
    return _make_date(nums[0], nums[1], nums[2], raw), "day"


def normalize_period(raw: object) -> Normalized[Period]:
    """A cell → Period. A single date or month is accepted as a one-day/one-month period."""
    if is_blank_marker(raw):
        return Normalized(None)
    if isinstance(raw, (dt.date, int, float)) and not isinstance(raw, bool):
        day = normalize_date(raw).value
        assert day is not None
        return Normalized(Period(day, day), (f"只填写了一个日期 {day.isoformat()}，按当天记录",))
    if not isinstance(raw, str):
        raise NormalizeError(f"“{display(raw)}”不是起止时间", PERIOD_EXPECTED)
    return _parse_period(raw)


@lru_cache(maxsize=4096)
def _parse_period(raw: str) -> Normalized[Period]:
    t = squeeze(_TIME_SUFFIX.sub("", raw.strip()))
    m = None if _full_date(t) or _MONTH.match(t) else _PERIOD.match(t)
    if not m:
        try:
            single = normalize_date(raw, allow_month=True)
        except NormalizeError:
            raise NormalizeError(f"“{raw}”不是可识别的起止时间", PERIOD_EXPECTED) from None
        assert single.value is not None
        start = single.value
        end = start
        if single.warnings:  # month only: the whole month
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        return Normalized(Period(start, end), (f"“{raw}”只有一个时间，按 {start}至{end} 记录",))
    start, _ = _bound(m.group("a"), raw, end=False)
    tail = m.group("b")
    end, _ = _bound(tail, raw, end=True, year=None if re.match(r"\d{4}", tail) else start.year)
    if end < start:
        raise NormalizeError(f"“{raw}”的结束时间早于开始时间", PERIOD_EXPECTED)
    return Normalized(Period(start, end))
