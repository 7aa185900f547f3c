"""Exchange kind `divisions`: towns and villages with code, the four village flags and a note.

A row with only a town name is the town itself; a row with a village is that village, and a
town named only by its villages' rows is created with them (the usual flat list of town +
village). Town and village may share one cell (`临城镇北驾廻村`); a county column is read and
checked, not stored. Rows are matched by (town, village) name (forgiving: “固关” finds 固关镇);
new ones are added through services.divisions. A blank code or note leaves the stored one as
it is; blank flags mean 否.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.models.divisions import VILLAGE_FLAGS
from fpr_desktop.divisions import services as division_service
from fpr_desktop.divisions.exchange_flat import (
    county_names,
    creation_notes,
    split_row,
    town_stem,
)
from fpr_desktop.exchange import (
    ColumnSpec,
    ColumnType,
    DivisionDirectory,
    DivisionMatch,
    KindSpec,
    NormalizeError,
)
from fpr_desktop.exchange.normalize import squeeze
from fpr_desktop.exchange.template import Dropdown
from fpr_desktop.submissions.kinds import (
    Action,
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    division_directory,
    register,
)

YES, NO = "是", "否"
YES_NO_ALIASES = {
    **dict.fromkeys(("√", "✓", "✔", "Y", "YES", "1", "TRUE", "有", "是的"), YES),
    **dict.fromkeys(("×", "✗", "N", "NO", "0", "FALSE", "无", "不是"), NO),
}
FLAG_ALIASES = {
    "脱贫村": ("是否脱贫村", "贫困村", "脱贫村（原贫困村）"),
    "重点帮扶村": ("是否重点帮扶村", "乡村振兴重点帮扶村"),
    "易地搬迁安置村": ("易地搬迁安置村(社区)", "易地搬迁安置点", "安置村", "是否安置村"),
    "软弱涣散村": ("软弱涣散村党组织", "是否软弱涣散村"),
}


def flag_key(flag: str) -> str:
    return f"flag:{flag}"


SPEC_COLUMNS = (
    ColumnSpec("seq", "序号", aliases=("编号",), help="序号（不导入）"),
    ColumnSpec(
        "county",
        "县（区）",
        aliases=("县", "县区", "县名", "县（市、区）", "区县", "所属县"),
        max_length=60,
        help="县名（可不填；填写时应与本系统设置的县一致）",
    ),
    ColumnSpec(
        "town",
        "乡镇",
        aliases=(
            "镇",
            "乡镇名称",
            "所属乡镇",
            "镇名称",
            "乡镇（街道）",
            "镇（街道）",
            "乡镇（街道办事处）",
            "街道",
            "乡（镇、街道）",
        ),
        max_length=60,
    ),
    ColumnSpec(
        "village",
        "村（社区）",
        aliases=(
            "村",
            "村名",
            "村名称",
            "行政村",
            "社区",
            "村（社区）名称",
            "村庄名称",
            "村（居）",
            "村（居委会）",
            "乡镇村",
            "乡镇及村",
            "所在地",
        ),
        max_length=60,
        help="村（社区）名称；只填乡镇、本格留空表示这一行是乡镇本身",
    ),
    ColumnSpec(
        "code",
        "区划代码",
        ColumnType.CODE,
        aliases=("代码", "行政区划代码", "统计用区划代码", "区划编码"),
        max_length=20,
    ),
    *(
        ColumnSpec(
            flag_key(flag),
            f"村标识/{flag}",
            ColumnType.ENUM,
            aliases=FLAG_ALIASES[flag],
            enum_values=(YES, NO),
            enum_aliases=YES_NO_ALIASES,
        )
        for flag in VILLAGE_FLAGS
    ),
    ColumnSpec("note", "备注", aliases=("说明",), max_length=500),
)
SPEC = KindSpec(
    kind="divisions",
    title="行政区划",
    columns=SPEC_COLUMNS,
    natural_key=("town", "village"),
    sheet_names=("行政区划",),
)


@dataclass(frozen=True)
class DivisionInput:
    town: str
    village: str | None
    code: str | None  # None: keep what is stored
    flags: tuple[str, ...] | None  # None: the sheet has no flag columns
    note: str | None


@register
class DivisionsKind(ExchangeKind):
    name = "divisions"
    title = "行政区划"
    permission = "divisions.edit"
    model = Division
    number_key = None
    template_skip = frozenset({"seq", "county"})  # read from real lists, never written
    droppable = frozenset({"seq", "county"})

    def spec(self, session: Session) -> KindSpec:
        return SPEC

    def dropdowns(self, session: Session, town: TownRef | None) -> dict[str, Dropdown]:
        towns = (
            [town.name] if town else [t.name for t in division_directory(session).towns.values()]
        )
        return {"town": Dropdown(towns, strict=False)}

    def notes(self) -> list[str]:
        return [
            "只填乡镇、不填村的一行表示乡镇本身（可填区划代码、备注）。",
            "村标识填“是”或留空；区划代码、备注留空表示不修改已有内容。",
        ]

    def table_title(self, session: Session, town: TownRef | None, year: int | None) -> str:
        return super().table_title(session, town, None) + "表"

    # --- import ------------------------------------------------------------------------------
    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        directory = division_directory(session)
        bound = set(result.table.bindings)
        if not bound & {"town", "village"}:
            result.add_problem(None, "town", "表头中没有乡镇或村列", "“乡镇”“村（社区）”列")
            return []
        has_flags = any(flag_key(f) in bound for f in VILLAGE_FLAGS)
        stored = {d.id: d for d in session.scalars(select(Division))}
        county = county_names(session)
        for vr in list(result.rows):
            split_row(result, vr.row, vr.values, county)
        plans: list[RowPlan] = []
        towns_seen: dict[str, int] = {}
        implied: dict[str, RowPlan] = {}
        spelled: dict[str, str] = {}  # new towns named only by their villages' rows
        for vr in list(result.rows):
            v = vr.values
            town = _known_town(directory, v["town"])
            # a new town written two ways (城南街道 / 城南街道办事处) is one town: first spelling
            new_name = squeeze(v["town"])
            town_name = town[1] if town else spelled.setdefault(town_stem(new_name), new_name)
            flags = tuple(f for f in VILLAGE_FLAGS if v.get(flag_key(f)) == YES)
            inp = DivisionInput(
                town_name,
                squeeze(v["village"]) if v.get("village") else None,
                v.get("code"),
                flags if has_flags else None,
                v.get("note"),
            )
            if inp.village is None:
                if (first := towns_seen.setdefault(town_name, vr.row)) != vr.row:
                    result.add_problem(vr.row, "town", f"与第 {first} 行重复（同一乡镇）")
                    continue
                if flags:
                    result.add_problem(vr.row, flag_key(flags[0]), "村标识只能用于村，不能用于乡镇")
                    continue
                plans.append(_plan(vr.row, inp, town[0] if town else None, stored, town_only=True))
                continue
            if town is None and town_name not in towns_seen and town_name not in implied:
                implied[town_name] = RowPlan(
                    vr.row, "create", DivisionInput(town_name, None, None, None, None), None
                )
            village_id = _known_village(directory, v["village"], town[0] if town else None)
            plan = _plan(vr.row, inp, town[0] if town else None, stored, village_id=village_id)
            plans.append(plan)
        plans += [p for name, p in implied.items() if name not in towns_seen]
        ctx.notes += creation_notes(plans)
        # towns before their villages, otherwise file order
        return sorted(plans, key=lambda p: (p.payload.village is not None, p.row))

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        inp: DivisionInput = plan.payload
        if inp.village is None:
            county = session.scalar(select(Division.id).where(Division.level == "county"))
            assert county is not None
            row = division_service.add_division(
                session,
                actor,
                parent_id=county,
                name=inp.town,
                code=inp.code or "",
                note=inp.note or "",
            )
            state.created[("town", inp.town)] = row.id
            return row.id
        town_id = plan.town_id or state.created[("town", inp.town)]
        row = division_service.add_division(
            session,
            actor,
            parent_id=town_id,
            name=inp.village,
            code=inp.code or "",
            flags=inp.flags or (),
            note=inp.note or "",
        )
        return row.id

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        inp: DivisionInput = plan.payload
        assert plan.existing_id is not None and plan.existing_version is not None
        division_service.update_division(
            session,
            actor,
            plan.existing_id,
            plan.existing_version,
            code=inp.code,
            flags=inp.flags if inp.village else None,
            note=inp.note,
        )

    # --- undo --------------------------------------------------------------------------------
    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        d = session.get(Division, row_id)
        assert d is not None
        return {"code": d.code or "", "flags": d.flag_list(), "note": d.note}

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        d = session.get(Division, row_id)
        assert d is not None
        division_service.update_division(
            session,
            actor,
            row_id,
            d.version,
            code=data["code"],
            flags=data["flags"] if d.level == "village" else None,
            note=data["note"],
        )

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        for row_id in ids:  # newest first: villages go before the towns they belong to
            d = session.get(Division, row_id)
            if d is None:
                continue
            session.delete(d)
            try:
                session.flush()
            except IntegrityError:
                raise ValidationError(
                    f"无法撤销：新增的“{d.name}”已被其他数据使用（如项目、用户、下属村或报送记录），"
                    "不能删除。"
                ) from None

    # --- export ------------------------------------------------------------------------------
    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        rows = division_service.list_divisions(session, actor)
        names = {r.id: r.name for r in rows if r.level == "town"}
        for r in rows:
            if r.level == "county" or (town and r.town_id != town.id):
                continue
            out: dict[str, Any] = {
                "town": names.get(r.town_id or 0, r.name),
                "village": r.name if r.level == "village" else None,
                "code": r.code or None,
                "note": r.note or None,
            }
            for f in VILLAGE_FLAGS:
                out[flag_key(f)] = YES if f in r.flags else None
            yield out


def _known_town(directory: DivisionDirectory, raw: str) -> tuple[int, str] | None:
    try:
        match = directory.resolve_town(raw).value
    except NormalizeError:
        return None
    assert match is not None
    return int(match.id), match.town  # type: ignore[call-overload]


def _known_village(directory: DivisionDirectory, raw: str, town_id: int | None) -> int | None:
    if town_id is None:
        return None
    town = next((t for t in directory.towns.values() if t.id == town_id), None)
    if town is None:
        return None
    try:
        match = directory.resolve_village(raw, DivisionMatch(town.id, town.name)).value
    except NormalizeError:
        return None
    assert match is not None
    return None if match.group else int(match.id)  # type: ignore[call-overload]


def _plan(
    row: int,
    inp: DivisionInput,
    town_id: int | None,
    stored: dict[int, Division],
    *,
    town_only: bool = False,
    village_id: int | None = None,
) -> RowPlan:
    existing = stored.get(town_id) if town_only and town_id else stored.get(village_id or 0)
    if existing is None:
        return RowPlan(row, "create", inp, town_id)
    same = (
        (inp.code is None or inp.code == (existing.code or ""))
        and (inp.note is None or inp.note == existing.note)
        and (inp.flags is None or town_only or list(inp.flags) == existing.flag_list())
    )
    action: Action = "unchanged" if same else "update"
    return RowPlan(row, action, inp, town_id, existing.id, existing.version)
