"""Which towns' monthly figures are in (报送情况): the submission register's town view for the
payments workbook (`fund_payments`) of a month, due on the report day of the next month."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.funds import exchange_kinds  # noqa: F401  (registers the fund_payments kind)
from fpr_desktop.submissions.register import TownStatus, town_status

KIND = "fund_payments"


def town_submissions(
    session: Session, actor: Actor, period: int, *, today: date | None = None
) -> list[TownStatus]:
    """Per town: 已报送 / 逾期报送 / 逾期未报 / 未报送 of the month's payment figures."""
    year, month = divmod(period, 100)
    return town_status(session, actor, KIND, year, month, today=today)
