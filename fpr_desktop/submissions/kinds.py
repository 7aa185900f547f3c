"""The registry of importable/exportable kinds: one declarative `ExchangeKind` per module.

A kind says what its table looks like (a KindSpec), how a valid row is matched against the
database by its natural key, how it is created/updated through the module's own services, how
it is exported, and how an import is undone. Adding a kind = one module with a subclass
decorated with `@register`, named in its module's registration (`Module.exchange_kinds`).
The import pipeline, templates, exports, the submission register and the GUI wizard work for
every registered kind.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, UserError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.settings import get_value
from fpr_desktop.exchange import Division as DirDivision
from fpr_desktop.exchange import (
    DivisionDirectory,
    DivisionLevel,
    DivisionResolver,
    KindSpec,
    ValidationResult,
)
from fpr_desktop.exchange.template import Dropdown

Action = Literal["create", "update", "unchanged"]


class UnknownKind(UserError):
    """No kind of that name is registered (a usage error on the command line)."""


ACTION_LABELS = {"create": "新增", "update": "更新", "unchanged": "未变"}


@dataclass(frozen=True)
class TownRef:
    id: int
    name: str


@dataclass
class RowPlan:
    """What one valid row will do: create a record, update `existing_id`, or nothing."""

    row: int  # Excel row number
    action: Action
    payload: Any  # the kind's input for its service (ProjectInput, …)
    town_id: int | None  # the row's town (scope checks); None: a new town
    existing_id: int | None = None
    existing_version: int | None = None


@dataclass
class PlanContext:
    """What a kind needs to plan an import (inside the import's session)."""

    session: Session
    actor: Actor
    spec: KindSpec
    result: ValidationResult
    town: TownRef | None  # rows must belong to this town (None: any town in scope)
    year: int | None = None  # the year the user gave for rows without one (--year, wizard)
    notes: list[str] = field(default_factory=list)  # what the kind filled in, for the summary


@dataclass
class ApplyState:
    """Shared across one import's writes (e.g. towns created earlier in the same file)."""

    batch: str
    created: dict[Any, int] = field(default_factory=dict)


class ExchangeKind(ABC):
    """Base of every registered kind; subclasses set the class attributes and override hooks."""

    name: ClassVar[str]  # “projects” — the CLI and the register use it
    title: ClassVar[str]  # “项目库”
    permission: ClassVar[str]  # the write permission rows need (besides “import”)
    model: ClassVar[type]  # the versioned table rows land in (undo checks its versions)
    town_key: ClassVar[str] = "town"  # column marked red when a row is out of scope
    period: ClassVar[Literal["year", "month"] | None] = None
    template_version: ClassVar[int] = 1
    unit: ClassVar[MoneyUnit] = MoneyUnit.YUAN  # money unit of templates and exports
    number_key: ClassVar[str | None] = "seq"  # the 序号 column, if any
    bulk_threshold: ClassVar[int | None] = None  # creates from this many go through bulk_create
    droppable: ClassVar[frozenset[str]] = frozenset()  # export omits these when all empty
    template_skip: ClassVar[frozenset[str]] = frozenset()  # columns only exports carry

    # --- description -------------------------------------------------------------------------
    @abstractmethod
    def spec(self, session: Session) -> KindSpec: ...

    def dropdowns(self, session: Session, town: TownRef | None) -> dict[str, Dropdown]:
        return {}

    def resolver(self, directory: DivisionDirectory) -> DivisionResolver:
        """How division cells are read (a kind may accept more, e.g. several villages)."""
        return directory

    def notes(self) -> list[str]:
        """Extra lines for the template's instructions block."""
        return []

    def table_title(self, session: Session, town: TownRef | None, year: int | None) -> str:
        county = get_value(session, "org.county_name")
        when = f"{year}年度" if year else ""
        where = f"（{town.name}）" if town else ""
        return f"{county}{when}{self.title}{where}"

    # --- import ------------------------------------------------------------------------------
    @abstractmethod
    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        """Check valid rows against the database (problems go into ctx.result) and match them."""
        ...

    @abstractmethod
    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int: ...

    @abstractmethod
    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None: ...

    def bulk_create(
        self, session: Session, actor: Actor, plans: Sequence[RowPlan], state: ApplyState
    ) -> list[int]:
        """Many creates at once; kinds with a `bulk_threshold` override this with Core inserts."""
        return [self.create(session, actor, plan, state) for plan in plans]

    def period_of(self, plans: Sequence[RowPlan]) -> tuple[int | None, int | None]:
        """(year, month) the submission is for."""
        return None, None

    def due_date(self, session: Session, year: int | None, month: int | None) -> date | None:
        """When a town's submission for the period is due (None: no deadline)."""
        return None

    # --- undo --------------------------------------------------------------------------------
    @abstractmethod
    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]: ...

    @abstractmethod
    def restore(
        self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]
    ) -> None: ...

    @abstractmethod
    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None: ...

    # --- export ------------------------------------------------------------------------------
    @abstractmethod
    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]: ...

    def used_columns(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> set[str]:
        """The `droppable` columns some exported row fills (the others are left out).

        This reads every row once; a kind with many rows answers from the database instead."""
        used: set[str] = set()
        for row in self.export_rows(session, actor, year, town):
            used |= {k for k in self.droppable if row.get(k) is not None}
        return used


_REGISTRY: dict[str, ExchangeKind] = {}


def register[K: type[ExchangeKind]](cls: K) -> K:
    """Class decorator: make a kind available to the CLI, the wizard and the register."""
    _REGISTRY[cls.name] = cls()
    return cls


def _load() -> None:
    from fpr_desktop.base.registry import exchange_kind_modules

    for module in exchange_kind_modules():
        importlib.import_module(module)


def kinds() -> list[ExchangeKind]:
    _load()
    return list(_REGISTRY.values())


def get_kind(name: str) -> ExchangeKind:
    _load()
    if name not in _REGISTRY:
        known = "、".join(f"{k}（{v.title}）" for k, v in _REGISTRY.items())
        raise UnknownKind(f"没有名为“{name}”的数据类型。可用：{known}。")
    return _REGISTRY[name]


# --- shared helpers -----------------------------------------------------------------------------


def division_directory(session: Session) -> DivisionDirectory:
    """Active towns and villages, for resolving names written in workbooks."""
    rows = session.execute(
        select(Division.id, Division.name, Division.level, Division.parent_id).where(
            Division.active.is_(True)
        )
    ).all()
    names = {r.id: r.name for r in rows}
    items = []
    counties = [get_value(session, "org.county_name")]
    for r in rows:
        if r.level == "county":
            counties.append(r.name)
        elif r.level == "town":
            items.append(DirDivision(r.id, r.name, DivisionLevel.TOWN))
        else:
            items.append(DirDivision(r.id, r.name, DivisionLevel.VILLAGE, names.get(r.parent_id)))
    return DivisionDirectory(items, county_names=[c for c in counties if c])


def town_ref(session: Session, town_id: int | None) -> TownRef | None:
    if town_id is None:
        return None
    d = session.get(Division, town_id)
    if d is None or d.level != "town":
        raise NotFound("该镇不存在。")
    return TownRef(d.id, d.name)
