"""The one place a module plugs in: each module package declares a `Module` in `registration.py`.

A module package (`fpr_desktop/<name>/`) that has a `registration.py` with `MODULE = Module(…)` is
found by `modules()` without being listed anywhere: its tab, permissions, setting groups, audit
labels, tables, exchange kinds, notice kinds, demo seeder and the deadlines, data-health checks
and search providers a workbench reads are all declared there. Registrations are declarations
only — names of modules and callables, imported when first used — so that reading them costs
nothing at start-up. The core never imports the GUI: a module's tab is found by the ui layer
under `ui/<name>/`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

ParamType = Literal["int", "text", "choice", "bool"]


@dataclass(frozen=True)
class Parameter:
    """One setting: key, group, label on 参数设置, type, default and where the rule comes from."""

    key: str
    group: str
    label: str
    type: ParamType
    default: Any
    unit: str = ""
    origin: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


@dataclass(frozen=True)
class NoticeKindDecl:
    """A notice kind a module issues: its template stem, label and `fpr notice` name."""

    kind: str  # the template file's stem, e.g. "annual_plan"
    label: str  # 年度计划公告
    cli_name: str = ""  # "annual-plan"; empty: not offered by `fpr notice`
    landed: bool = True  # False: the template exists but the module cannot build it yet
    owner: str = ""  # the module's name for people, in the "not built yet" message
    #: "module:function(session, actor, request) -> list[BuiltNotice]" for a kind that is not
    #: built from the project library's rows (empty: the library's own builder)
    builder: str = ""
    #: For a notice the library builds from another module's records: "module:function(session,
    #: year) -> list[Project]" choosing the projects it covers, and "module:function(session,
    #: year, projects) -> (rows, {table name: rows})" giving its table rows.
    covers: str = ""
    rows: str = ""
    #: "module:function(session, actor, row: NoticeRow)" run in the registering transaction
    #: once a notice of this kind is in the register (e.g. the plan it publicises moves on)
    registered: str = ""


@dataclass(frozen=True)
class DeadlineItem:
    """One entry of 首页 → 待我办理: something the user should do now, perhaps by a day.

    `module` names the ui package that opens it (`ui.<module>.open_item(ws, parent, item)`),
    `table` and `row_id` the record it is about (e.g. "project", 12; "notice", 5).
    """

    what: str  # what is to be done: 待乡镇受理审核, 公示期即将结束, 异议待处理 …
    title: str  # the record's name, e.g. the project's
    module: str
    table: str
    row_id: int
    due: date | None = None  # by when (None: no deadline, as soon as possible)
    place: str = ""  # the town / village it concerns
    overdue: bool = False


@dataclass(frozen=True)
class Module:
    """What one module adds to the program (see the module docstring)."""

    name: str  # the package name under fpr_desktop/ (and ui/)
    title: str  # the tab title, e.g. 项目库
    order: int  # tab order, left to right
    tab: bool = True  # False: no tab of its own (its screens live in another tab)
    models: str | None = None  # dotted module whose import defines the module's tables
    permissions: Mapping[str, str] = field(default_factory=dict)  # permission → label
    grants: Mapping[str, frozenset[str]] = field(default_factory=dict)  # role → permissions
    settings: tuple[Parameter, ...] = ()
    audit_labels: Mapping[str, str] = field(default_factory=dict)  # column → Chinese label
    exchange_kinds: tuple[str, ...] = ()  # dotted modules whose import @registers kinds
    notice_kinds: tuple[NoticeKindDecl, ...] = ()
    demo: str | None = None  # "module:function(session, rng)" filling demonstration data
    demo_order: int = 100  # seeders run in this order (the library before what hangs on it)
    deadlines: tuple[str, ...] = ()  # "module:function(session, actor) -> list[DeadlineItem]"
    health_checks: tuple[str, ...] = ()  # "module:function(session, actor) -> list[Finding]"
    search: tuple[str, ...] = ()  # "module:function(session, actor, text) -> list[Hit]"
    #: project step code → "module:function(session, project_id)" that refuses the step with a
    #: Chinese ValidationError (e.g. 资产移交 needs the assets registered by the assets module)
    step_gates: Mapping[str, str] = field(default_factory=dict)


def _package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


@cache
def modules() -> tuple[Module, ...]:
    """Every registered module, in tab order (found by looking for registration.py)."""
    found: list[Module] = []
    root = _package_dir()
    for info in pkgutil.iter_modules([str(root)]):
        if not info.ispkg:
            continue
        names = {m.name for m in pkgutil.iter_modules([str(root / info.name)])}
        if "registration" not in names:
            continue
        mod = importlib.import_module(f"fpr_desktop.{info.name}.registration")
        found.append(mod.MODULE)
    return tuple(sorted(found, key=lambda m: (m.order, m.name)))


def module(name: str) -> Module | None:
    return next((m for m in modules() if m.name == name), None)


def resolve(target: str) -> Callable[..., Any]:
    """'package.module:function' → the function (imported now, not at registration)."""
    mod_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(mod_name), attr)  # type: ignore[no-any-return]


#: The foundation's tables (users, divisions, settings, audit log…): enough to open a database
#: and log in. Every other table is mapped when its module is first imported, or by load_models.
FOUNDATION_MODELS = "fpr_desktop.base.models"


def load_foundation_models() -> None:
    """Import the foundation's tables only (what opening a database and a login need)."""
    importlib.import_module(FOUNDATION_MODELS)


@cache
def load_models() -> None:
    """Import every table (foundation and modules) so that Base.metadata knows them all.

    Whatever reads the whole of Base.metadata or Base.registry (table labels, a backup's
    summary, migrations) calls this first; the tables carry no relationships between modules,
    so a module's own queries work as soon as its models module is imported.
    """
    load_foundation_models()
    importlib.import_module("fpr_desktop.submissions.models")
    for m in modules():
        if m.models:
            importlib.import_module(m.models)


def notice_kinds() -> tuple[NoticeKindDecl, ...]:
    return tuple(k for m in modules() for k in m.notice_kinds)


def notice_kind_labels() -> dict[str, str]:
    return {k.kind: k.label for k in notice_kinds()}


def exchange_kind_modules() -> tuple[str, ...]:
    return tuple(name for m in modules() for name in m.exchange_kinds)


class RegistryMap(Mapping[str, str]):
    """A read-only mapping computed from the registrations on first use (cheap to import)."""

    def __init__(self, build: Callable[[], dict[str, str]]) -> None:
        self._build = build
        self._data: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self._data is None:
            self._data = self._build()
        return self._data

    def __getitem__(self, key: str) -> str:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


#: notice kind → label, e.g. "annual_plan" → 年度计划公告
NOTICE_KIND_LABELS = RegistryMap(notice_kind_labels)
#: notice kind → why it cannot be built yet (its module has not landed)
NOTICE_KINDS_NOT_LANDED = RegistryMap(
    lambda: {
        k.kind: f"{k.owner}模块尚未上线，暂不能生成{k.label}。"
        for k in notice_kinds()
        if not k.landed
    }
)
#: `fpr notice` name → notice kind
NOTICE_CLI_NAMES = RegistryMap(lambda: {k.cli_name: k.kind for k in notice_kinds() if k.cli_name})


def deadline_items(session: Any, actor: Any, *, limit: int = 500) -> list[DeadlineItem]:
    """Every module's to-dos for `actor` (`Module.deadlines`): overdue first, then by due day
    (undated last), at most `limit`."""
    found: list[DeadlineItem] = []
    for m in modules():
        for target in m.deadlines:
            found.extend(resolve(target)(session, actor))
    found.sort(key=lambda i: (not i.overdue, i.due is None, i.due or date.max, i.what, i.title))
    return found[:limit]


def step_gates(step_code: str) -> list[Callable[..., Any]]:
    """The gates other modules put on a project life-cycle step (`Module.step_gates`)."""
    return [resolve(m.step_gates[step_code]) for m in modules() if step_code in m.step_gates]


def notice_builder(kind: str) -> Callable[..., Any] | None:
    """The builder a module declared for a notice kind, or None (built from project rows)."""
    decl = next((k for k in notice_kinds() if k.kind == kind), None)
    return resolve(decl.builder) if decl is not None and decl.builder else None


def notice_hook(kind: str, hook: str) -> Callable[..., Any] | None:
    """A notice kind's declared `covers`, `rows` or `registered` hook, or None (none)."""
    decl = next((k for k in notice_kinds() if k.kind == kind), None)
    target = getattr(decl, hook, "") if decl is not None else ""
    return resolve(target) if target else None
