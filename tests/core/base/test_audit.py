"""Audit: every write leaves exactly the expected rows, in the same transaction."""

import json

import pytest
from sqlalchemy import select

from fpr_desktop.base.audit import AuditFilter, AuditSource
from fpr_desktop.base.models import AuditLog, Division
from fpr_desktop.divisions import services as div


def _new_rows(session, after_id: int) -> list[AuditLog]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(select(AuditLog).where(AuditLog.id > after_id).order_by(AuditLog.id))
    )


def _last_id(database) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return s.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) or 0


def test_add_edit_deactivate_village_audit_rows(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    start = _last_id(database)
    with database.transaction(admin.audit()) as s:
        v = div.add_division(s, admin, parent_id=town.id, name="示例村A", flags=["脱贫村"])
    with database.transaction(admin.audit()) as s:
        v = div.update_division(s, admin, v.id, v.version, name="示例村B", note="改名")
    with database.transaction(admin.audit()) as s:
        div.set_active(s, admin, v.id, v.version, False)
    with database.read() as s:
        rows = _new_rows(s, start)
    assert [(r.action, r.field) for r in rows] == [
        ("insert", None),
        ("update", "name"),
        ("update", "note"),
        ("update", "active"),
    ]
    assert all(r.table_name == "division" and r.row_id == str(v.id) for r in rows)
    assert all(r.username == "admin" and r.source == "ui" for r in rows)
    assert all(r.division_id == v.id for r in rows)
    assert json.loads(rows[0].new_value)["flags"] == "脱贫村"
    assert (rows[1].old_value, rows[1].new_value) == ("示例村A", "示例村B")
    assert (rows[3].old_value, rows[3].new_value) == ("是", "否")


def test_refused_write_leaves_no_audit_rows(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    start = _last_id(database)
    with pytest.raises(Exception, match="已有名为"), database.transaction(admin.audit()) as s:
        div.add_division(s, admin, parent_id=town.id, name="示例村C")
        div.add_division(s, admin, parent_id=town.id, name="示例村C")
    with database.read() as s:
        assert _new_rows(s, start) == []
        assert s.scalar(select(Division).where(Division.name == "示例村C")) is None


def test_password_hash_never_reaches_the_log(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        rows = list(s.scalars(select(AuditLog)))
    assert rows, "creating the admin must be audited"
    assert not any("argon2" in (r.new_value or "") + (r.old_value or "") for r in rows)
    assert ("login", "admin") in {(r.action, r.username) for r in rows}


def test_write_without_audit_context_is_refused(database) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        s.add(
            Division(name="黑户村", level="village", flags="", note="", sort_order=0, active=True)
        )
        with pytest.raises(RuntimeError, match="审计上下文"):
            s.flush()


def test_audit_source_filters_and_pages(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    with database.transaction(admin.audit()) as s:
        for i in range(30):
            div.add_division(s, admin, parent_id=town.id, name=f"分页村{i:02d}")
    with database.read() as s:
        src = AuditSource(s, admin, AuditFilter(table_name="division"))
        total = src.totals(s).count
        seen: list[int] = []
        page = src.fetch_ids(s, None, 7)
        while True:
            seen += page.ids
            if page.next_key is None:
                break
            page = src.fetch_ids(s, page.next_key, 7)
        assert len(seen) == total == len(set(seen))
        assert seen == sorted(seen, reverse=True)
        rows = src.fetch_rows(s, seen[:1])
        assert rows[seen[0]][3] == "行政区划" and rows[seen[0]][5] == "新增"
        users_only = AuditSource(s, admin, AuditFilter(table_name="app_user")).totals(s).count
        assert 0 < users_only < total


def test_audit_view_reads_in_chinese(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
    with database.transaction(admin.audit()) as s:
        v = div.add_division(s, admin, parent_id=town.id, name="示例村审计", flags=["脱贫村"])
    with database.transaction(admin.audit()) as s:
        div.update_division(s, admin, v.id, v.version, note="已核实")
    with database.read() as s:
        src = AuditSource(s, admin, AuditFilter(table_name="division"))
        ids = src.fetch_ids(s, None, 2).ids
        update, insert = (src.fetch_rows(s, ids)[i] for i in ids)
    assert update[5:9] == ("修改", "备注", "", "已核实")
    assert "名称：示例村审计" in insert[8] and "标识：脱贫村" in insert[8]
    assert "version" not in insert[8] and "{" not in insert[8]


def test_project_child_rows_are_audited_under_the_projects_village(database, admin) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from fpr_desktop.projects import proposals as prj
    from fpr_desktop.projects.categories import category_by_path

    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
        village = next(d for d in div.list_divisions(s, admin) if d.name == "上岔村")
        category = category_by_path(s, "产业发展/种植")
    inp = prj.ProjectInput(
        name="上岔村审计测试项目",
        year=2022,
        category_id=category,
        construction_type="新建",
        town_id=town.id,
        village_id=village.id,
        content="测试",
        total_investment=Decimal("10.00"),
        fiscal_funds=Decimal("10.00"),
        fundings={"中央衔接资金": Decimal("10.00")},
        targets=[prj.TargetInput("产出指标", "面积", "亩", "5")],
    )
    with database.transaction(admin.audit()) as s:
        prj.create_project(s, admin, inp)
    with database.read() as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.table_name.in_(["project_target", "project_funding"]))
        ).all()
        by_village = AuditSource(s, admin, AuditFilter(division_id=village.id)).totals(s).count
    assert rows and all(r.division_id == village.id for r in rows)
    assert by_village >= 3  # the project, its target and its funding


def test_replacing_a_proposals_funds_is_audited(database, admin) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from fpr_desktop.projects import proposals as prj
    from fpr_desktop.projects.categories import category_by_path
    from fpr_desktop.projects.models import Project

    with database.read() as s:
        town = div.town_by_name(s, "固关镇")
        category = category_by_path(s, "产业发展/种植")
    inp = prj.ProjectInput(
        name="资金来源调整测试",
        year=2022,
        category_id=category,
        construction_type="新建",
        town_id=town.id,
        village_id=None,
        content="测试",
        total_investment=Decimal("10.00"),
        fiscal_funds=Decimal("10.00"),
        fundings={"中央衔接资金": Decimal("10.00")},
    )
    with database.transaction(admin.audit()) as s:
        pid = prj.create_project(s, admin, inp)
    inp.fundings = {"苏陕协作资金": Decimal("10.00")}
    with database.transaction(admin.audit()) as s:
        prj.update_project(s, admin, pid, s.get(Project, pid).version, inp)
    with database.read() as s:
        actions = [
            (r.action, r.old_value or r.new_value)
            for r in s.scalars(
                select(AuditLog)
                .where(AuditLog.table_name == "project_funding")
                .order_by(AuditLog.id)
            )
        ]
    assert [a for a, _ in actions] == ["insert", "delete", "insert"]
    assert "中央衔接资金" in actions[1][1] and "苏陕协作资金" in actions[2][1]
