"""What the library's gates ask of tests that walk projects through steps: a complete decision
record for review/approval steps, and the reason for a back-dated publicity start."""

from __future__ import annotations

from datetime import date

from fpr_desktop.projects import flow

#: a paper notice posted earlier and registered now (tests use past windows that have ended)
BACKDATED = "纸质公示已按期张贴，补登"
#: 列入年度计划 by the county's leading group
PLAN_DECISION = flow.Decision("县委农村工作领导小组", "陇农领发〔2022〕3号", date(2022, 3, 1))


def decision_for(code: str) -> flow.Decision | None:
    """A complete decision record for a review or approval step (None for other steps)."""
    body = flow.STEPS[code].decided_by
    return flow.Decision(body, "陇农领发〔2022〕3号", date(2022, 3, 1)) if body else None
