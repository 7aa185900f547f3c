"""A project's status, defined once: its code (stored), its Chinese label and its place in the list.

`Status` is a `StrEnum`, so a member equals the code stored in `projects.status` ("draft" ==
Status.DRAFT) and can be used wherever that string is. Groups of statuses that rules refer to are
named here too, so no file keeps its own list of codes.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a project stands in its life cycle, in life-cycle order (side exits last)."""

    label: str

    def __new__(cls, code: str, label: str) -> Status:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    DRAFT = "draft", "村级申报"
    VILLAGE_PUBLICITY = "village_publicity", "村级公示"
    TOWN_REVIEW = "town_review", "乡镇审核"
    TOWN_PUBLICITY = "town_publicity", "乡镇公示"
    COUNTY_REVIEW = "county_review", "县级论证"
    COUNTY_APPROVAL = "county_approval", "县级审定"
    IN_LIBRARY = "in_library", "已入库"
    IN_PLAN = "in_plan", "列入年度计划"
    PRE_PUBLICITY = "pre_publicity", "实施前公示"
    IMPLEMENTING = "implementing", "实施中"
    COMPLETED = "completed", "已竣工"
    ACCEPTED = "accepted", "已验收"
    SETTLED = "settled", "已报账"
    COMPLETION_NOTICE = "completion_notice", "实施完成公告"
    HANDED_OVER = "handed_over", "已移交资产"
    RETURNED = "returned", "退回修改"
    REMOVED = "removed", "调整出库"
    TERMINATED = "terminated", "已终止"

    @property
    def order(self) -> int:
        """Position in the life cycle (list sorting, filter menus)."""
        return _ORDER[self]

    @classmethod
    def parse(cls, code: str) -> Status:
        """The status stored as `code`; ValueError for a code no version of the program wrote."""
        try:
            return _BY_CODE[code]
        except KeyError:
            raise ValueError(f"unknown project status {code!r}") from None


_ORDER = {s: i for i, s in enumerate(Status)}
_BY_CODE = {s.value: s for s in Status}


def label_of(code: str) -> str:
    """The Chinese label of a stored status code (the code itself if unknown, e.g. in old audit)."""
    found = _BY_CODE.get(code)
    return found.label if found is not None else code


S = Status
#: the proposal may still be edited (and replaced by an import)
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
#: nothing follows
FINAL = frozenset({S.HANDED_OVER, S.REMOVED, S.TERMINATED})
#: between submission and county approval (a reviewer may return it)
REVIEW_STAGES = (
    S.VILLAGE_PUBLICITY,
    S.TOWN_REVIEW,
    S.TOWN_PUBLICITY,
    S.COUNTY_REVIEW,
    S.COUNTY_APPROVAL,
)
#: approved into the library and not taken out (in library, planned, built, accepted…)
IN_LIBRARY_OR_LATER = (
    S.IN_LIBRARY,
    S.IN_PLAN,
    S.PRE_PUBLICITY,
    S.IMPLEMENTING,
    S.COMPLETED,
    S.ACCEPTED,
    S.SETTLED,
    S.COMPLETION_NOTICE,
    S.HANDED_OVER,
)
#: built and past final acceptance
ACCEPTED_OR_LATER = (S.ACCEPTED, S.SETTLED, S.COMPLETION_NOTICE, S.HANDED_OVER)
#: built (completed) or later
DONE = (S.COMPLETED, *ACCEPTED_OR_LATER)
#: in an annual plan or later
PLANNED = (S.IN_PLAN, S.PRE_PUBLICITY, S.IMPLEMENTING, *DONE)
#: taken out of the library or the plan
OUT_OF_PLAN = (S.REMOVED, S.TERMINATED)
#: still in this year's plan but not started: carried over to the next year's plan
CARRY_OVER = frozenset({S.IN_PLAN, S.PRE_PUBLICITY})
#: code → label, in life-cycle order (for menus and lookups by stored code)
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in Status}
