"""The lazy table model over a 100,000-row ledger: blocks, far rows, bounded cache, formatting."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    select,
    update,
)
from sqlalchemy import Column as SAColumn
from sqlalchemy.orm import Session, sessionmaker

from fpr_desktop.base.money import MoneyUnit, fen_to_yuan
from fpr_desktop.base.paging import Column, IdPage, Totals
from ui.common.money import MoneyFormat
from ui.common.ops import OpRunner
from ui.common.table_model import RAW_VALUE_ROLE, LazyTableModel

pytestmark = pytest.mark.timeout(60)

N_ROWS = 100_000
TOWNS = ("甲镇", "乙镇", "丙镇")
FIRST_CREATED = datetime(2021, 7, 22, 6, 3)  # UTC, stored naive as SQLite does
BIG_ID, NEGATIVE_ID, EMPTY_ID = 4, 5, 6

metadata = MetaData()
ledger = Table(
    "ledger",
    metadata,
    SAColumn("id", Integer, primary_key=True),
    SAColumn("payee", String, nullable=False),
    SAColumn("town", String, nullable=False),
    SAColumn("amount_fen", BigInteger),
    SAColumn("paid_on", Date, nullable=False),
    SAColumn("created_at", DateTime, nullable=False),
    SAColumn("settled", Boolean, nullable=False),
    Index("ix_ledger_town_id", "town", "id"),
)


def amount_fen(row_id: int) -> int | None:
    return {BIG_ID: 123_456_789_012, NEGATIVE_ID: -123_450, EMPTY_ID: None}.get(
        row_id, row_id * 12_345
    )


class LedgerSource:
    """A RowSource as services will write them: keyset on id, optional town filter."""

    columns: Sequence[Column] = (
        Column("payee", "收款人"),
        Column("town", "乡镇"),
        Column("amount", "金额", "money"),
        Column("paid_on", "支付日期", "date"),
        Column("created_at", "录入时间", "datetime"),
        Column("settled", "已结算", "bool"),
    )

    def __init__(self, town: str | None = None, descending: bool = False) -> None:
        self.town = town
        self.descending = descending

    def _filtered(self, query: Any) -> Any:
        return query.where(ledger.c.town == self.town) if self.town else query

    def fetch_ids(self, session: Session, after: tuple[Any, ...] | None, limit: int) -> IdPage:
        query = self._filtered(select(ledger.c.id))
        if after is not None:
            query = query.where(
                ledger.c.id < after[0] if self.descending else ledger.c.id > after[0]
            )
        order = ledger.c.id.desc() if self.descending else ledger.c.id.asc()
        ids = list(session.scalars(query.order_by(order).limit(limit)))
        return IdPage(ids, (ids[-1],) if len(ids) == limit else None)

    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        result = session.execute(select(ledger).where(ledger.c.id.in_(ids)))
        return {
            r.id: (
                r.payee,
                r.town,
                None if r.amount_fen is None else fen_to_yuan(r.amount_fen),
                r.paid_on,
                r.created_at.replace(tzinfo=UTC),
                r.settled,
            )
            for r in result
        }

    def totals(self, session: Session) -> Totals:
        query = self._filtered(select(func.count(), func.sum(ledger.c.amount_fen)))
        count, total_fen = session.execute(query.select_from(ledger)).one()
        return Totals(count, {"amount": fen_to_yuan(total_fen or 0)})


class BrokenRowsSource(LedgerSource):
    def fetch_rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        raise OSError("网络连接已断开")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("ledger") / "ledger.sqlite"
    eng = create_engine(f"sqlite:///{path}")
    metadata.create_all(eng)
    rows = [
        {
            "id": i,
            "payee": f"收款人{i}",
            "town": TOWNS[i % 3],
            "amount_fen": amount_fen(i),
            "paid_on": date(2021, 1, 1) + timedelta(days=i % 365),
            "created_at": FIRST_CREATED + timedelta(minutes=i - 1),
            "settled": i % 2 == 0,
        }
        for i in range(1, N_ROWS + 1)
    ]
    with eng.begin() as conn:
        conn.execute(ledger.insert(), rows)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine)


@pytest.fixture
def model(qtbot: QtBot, session_factory: sessionmaker[Session]) -> LazyTableModel:
    return LazyTableModel(session_factory, LedgerSource())


@pytest.fixture
def shanghai_time() -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    mp.undo()
    time.tzset()


def text(model: LazyTableModel, row: int, column: int) -> str:
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def load_rows(model: LazyTableModel, at_least: int) -> None:
    while model.rowCount() < at_least and model.canFetchMore():
        model.fetchMore()


def test_opens_with_first_block_and_chinese_titles(model: LazyTableModel) -> None:
    assert model.rowCount() == 500
    assert model.canFetchMore()
    assert model.columnCount() == 6
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert titles == ["收款人", "乡镇", "金额（万元）", "支付日期", "录入时间", "已结算"]
    assert text(model, 0, 0) == "收款人1"
    assert model.row_id(499) == 500


def test_fetch_more_appends_the_next_block(model: LazyTableModel) -> None:
    model.fetchMore()
    assert model.rowCount() == 1000
    assert text(model, 999, 0) == "收款人1000"
    assert model.row_id(500) == 501


def test_view_fetches_more_when_scrolled_to_the_bottom(qtbot: QtBot, model: LazyTableModel) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 500, timeout=3000)
    assert text(model, model.rowCount() - 1, 0) == f"收款人{model.rowCount()}"


def test_far_rows_are_right_and_the_cache_stays_bounded(model: LazyTableModel) -> None:
    load_rows(model, 50_001)
    assert model.rowCount() >= 50_001
    largest = 0
    for row in range(0, 50_001, 7):
        assert text(model, row, 0) == f"收款人{row + 1}"
        largest = max(largest, model.cache_size)
    assert 0 < largest <= model.cache_capacity == 2000
    assert text(model, 0, 0) == "收款人1"  # evicted long ago, read again correctly
    assert text(model, 50_000, 1) == TOWNS[50_001 % 3]

    load_rows(model, N_ROWS + 1)
    assert model.rowCount() == N_ROWS
    assert not model.canFetchMore()
    assert model.all_loaded
    assert text(model, N_ROWS - 1, 0) == f"收款人{N_ROWS}"


def test_short_last_block_is_reread_after_more_ids_arrive(
    session_factory: sessionmaker[Session],
) -> None:
    model = LazyTableModel(session_factory, LedgerSource(), id_block=150, row_block=100)
    assert text(model, 149, 0) == "收款人150"  # caches rows 100..149 only
    model.fetchMore()
    assert text(model, 150, 0) == "收款人151"
    assert text(model, 199, 0) == "收款人200"


def test_display_formats(model: LazyTableModel, shanghai_time: None) -> None:
    big, negative, empty = BIG_ID - 1, NEGATIVE_ID - 1, EMPTY_ID - 1
    assert text(model, big, 2) == "123,456.79"  # 万元, the default, rounded to 2 decimals
    assert model.headerData(2, Qt.Orientation.Horizontal) == "金额（万元）"
    MoneyFormat.use(MoneyFormat(MoneyUnit.YUAN))
    assert text(model, big, 2) == "1,234,567,890.12"
    assert text(model, negative, 2) == "-1,234.50"
    assert text(model, empty, 2) == ""
    assert text(model, 0, 2) == "123.45"
    assert model.data(model.index(0, 2), RAW_VALUE_ROLE) == Decimal("123.45")
    assert text(model, 0, 3) == "2021-01-02"
    assert text(model, 0, 4) == "2021-07-22 14:03"  # 06:03 UTC is 14:03 in Beijing
    assert text(model, 0, 5) == "否"
    assert text(model, 1, 5) == "是"

    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) == left
    align = model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
    assert align == right


def test_reset_with_a_filtered_sorted_source(qtbot: QtBot, model: LazyTableModel) -> None:
    load_rows(model, 2000)
    text(model, 1500, 0)
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.reset(LedgerSource(town="乙镇", descending=True))

    newest_in_town = max(i for i in range(N_ROWS - 2, N_ROWS + 1) if TOWNS[i % 3] == "乙镇")
    assert model.rowCount() == 500
    assert model.row_id(0) == newest_in_town
    assert text(model, 0, 0) == f"收款人{newest_in_town}"
    assert {text(model, row, 1) for row in range(model.rowCount())} == {"乙镇"}
    assert model.row_id(1) == newest_in_town - 3
    assert model.cache_size <= model.cache_capacity


def test_totals_cover_the_whole_filtered_list_and_run_in_an_op(
    qtbot: QtBot, model: LazyTableModel
) -> None:
    runner = OpRunner()
    try:
        received: list[Totals] = []
        runner.run(lambda ctx: model.totals(), on_success=received.append)
        assert runner.wait_idle(10_000)
    finally:
        assert runner.shutdown()
    expected_fen = sum(amount_fen(i) or 0 for i in range(1, N_ROWS + 1))
    assert received == [Totals(N_ROWS, {"amount": fen_to_yuan(expected_fen)})]
    assert model.rowCount() == 500  # totals do not load the list

    model.reset(LedgerSource(town="甲镇"))
    assert model.totals().count == sum(1 for i in range(1, N_ROWS + 1) if i % 3 == 0)


def test_refresh_rows_shows_an_edit(qtbot: QtBot, model: LazyTableModel, engine: Engine) -> None:
    assert text(model, 9, 0) == "收款人10"
    with engine.begin() as conn:
        conn.execute(update(ledger).where(ledger.c.id == 10).values(payee="改名后的收款人"))
    try:
        assert text(model, 9, 0) == "收款人10"  # cached until told
        with qtbot.waitSignal(model.dataChanged, timeout=1000):
            model.refresh_rows()
        assert text(model, 9, 0) == "改名后的收款人"
        assert model.row_of_id(10) == 9
    finally:
        with engine.begin() as conn:
            conn.execute(update(ledger).where(ledger.c.id == 10).values(payee="收款人10"))


def test_read_failure_is_reported_not_raised(
    qtbot: QtBot, session_factory: sessionmaker[Session]
) -> None:
    model = LazyTableModel(session_factory, BrokenRowsSource())
    assert model.rowCount() == 500  # ids still load
    with qtbot.waitSignal(model.load_failed, timeout=1000) as failed:
        assert text(model, 0, 0) == ""
    assert isinstance(failed.args[0], OSError)
    with qtbot.assertNotEmitted(model.load_failed):
        assert text(model, 1, 0) == ""  # same block: no second report on repaint
