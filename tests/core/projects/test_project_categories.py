"""The editable category tree (项目类别): two levels, unique names, order, 停用/启用, permission."""

import pytest
from sqlalchemy import select

from fpr_desktop.base.errors import ConflictError, PermissionDenied, ValidationError
from fpr_desktop.projects import categories as cat
from fpr_desktop.projects.categories import category_by_path, list_categories
from fpr_desktop.projects.models import ProjectCategory


def do(database, actor, fn, *args, **kw):  # type: ignore[no-untyped-def]
    with database.transaction(actor.audit()) as s:
        return fn(s, actor, *args, **kw)


def row(database, name: str) -> ProjectCategory:  # type: ignore[no-untyped-def]
    with database.read() as s:
        c = s.scalars(select(ProjectCategory).where(ProjectCategory.name == name)).first()
        assert c is not None, name
        s.expunge(c)
        return c


def tree(database, admin, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return [c.name for c in cat.list_category_tree(s, admin, **kw)]


def test_add_top_and_child_categories_offered_for_new_projects(database, admin) -> None:  # type: ignore[no-untyped-def]
    top = do(database, admin, cat.add_category, name="  数字乡村 ")
    child = do(database, admin, cat.add_category, name="电商服务", parent_id=top.id)
    assert (top.name, top.parent_id, child.parent_id) == ("数字乡村", None, top.id)
    names = tree(database, admin)
    assert names[-2:] == ["数字乡村", "电商服务"]  # placed last
    with database.read() as s:
        assert "数字乡村 › 电商服务" in [c.path for c in list_categories(s)]
        assert category_by_path(s, "数字乡村/电商服务") == child.id


def test_only_two_levels(database, admin) -> None:  # type: ignore[no-untyped-def]
    child = row(database, "种植")
    with pytest.raises(ValidationError, match="只有大类和小类两级"):
        do(database, admin, cat.add_category, name="核桃", parent_id=child.id)


def test_names_unique_among_active_siblings(database, admin) -> None:  # type: ignore[no-untyped-def]
    industry = row(database, "产业发展")
    with pytest.raises(ValidationError, match="已有名为“种植”的小类"):
        do(database, admin, cat.add_category, name="种植", parent_id=industry.id)
    with pytest.raises(ValidationError, match="已有名为“产业发展”的大类"):
        do(database, admin, cat.add_category, name="产业发展")
    with pytest.raises(ValidationError, match="请填写类别名称"):
        do(database, admin, cat.add_category, name="  ")
    with pytest.raises(ValidationError, match="不能包含"):
        do(database, admin, cat.add_category, name="种植›养殖")
    # a stopped sibling's name may be used again, but then the stopped one cannot come back
    planting = row(database, "种植")
    do(database, admin, cat.set_category_active, planting.id, planting.version, False)
    do(database, admin, cat.add_category, name="种植", parent_id=industry.id)
    with pytest.raises(ValidationError, match="已有名为“种植”"):
        do(database, admin, cat.set_category_active, planting.id, planting.version + 1, True)


def test_rename_checks_version_and_siblings(database, admin) -> None:  # type: ignore[no-untyped-def]
    planting = row(database, "种植")
    renamed = do(database, admin, cat.rename_category, planting.id, planting.version, "种植业")
    assert renamed.name == "种植业" and renamed.version == planting.version + 1
    with pytest.raises(ConflictError):
        do(database, admin, cat.rename_category, planting.id, planting.version, "种植业2")
    fresh = row(database, "种植业")
    assert do(database, admin, cat.rename_category, fresh.id, fresh.version, "种植业").name
    with database.read() as s:
        sibling = s.scalars(
            select(ProjectCategory).where(
                ProjectCategory.parent_id == renamed.parent_id, ProjectCategory.id != fresh.id
            )
        ).first()
        assert sibling is not None
    with pytest.raises(ValidationError, match="已有名为“种植业”的小类"):
        do(database, admin, cat.rename_category, sibling.id, sibling.version, "种植业")


def test_move_up_and_down_among_siblings(database, admin) -> None:  # type: ignore[no-untyped-def]
    before = tree(database, admin)
    first = row(database, before[0])
    with database.read() as s:
        tops = [c for c in cat.list_category_tree(s, admin) if c.parent_id is None]
    second = tops[1]
    with pytest.raises(ValidationError, match="已经在最前面"):
        do(database, admin, cat.move_category, first.id, first.version, -1)
    do(database, admin, cat.move_category, second.id, second.version, -1)
    with database.read() as s:
        tops_after = [c.name for c in cat.list_category_tree(s, admin) if c.parent_id is None]
        assert list_categories(s)[0].name == second.name
    assert tops_after[:2] == [second.name, first.name]
    moved = row(database, second.name)
    do(database, admin, cat.move_category, moved.id, moved.version, 1)
    assert tree(database, admin) == before
    last = row(database, tops[-1].name)
    with pytest.raises(ValidationError, match="已经在最后面"):
        do(database, admin, cat.move_category, last.id, last.version, 1)


def test_deactivate_keeps_existing_but_hides_from_new(database, admin) -> None:  # type: ignore[no-untyped-def]
    industry, planting = row(database, "产业发展"), row(database, "种植")
    with pytest.raises(ValidationError, match="还有启用的小类"):
        do(database, admin, cat.set_category_active, industry.id, industry.version, False)
    stopped = do(database, admin, cat.set_category_active, planting.id, planting.version, False)
    assert not stopped.active
    with database.read() as s:
        assert planting.id not in [c.id for c in list_categories(s)]
        assert s.get(ProjectCategory, planting.id) is not None  # never deleted
    assert "种植" not in tree(database, admin)
    assert "种植" in tree(database, admin, include_inactive=True)
    back = do(database, admin, cat.set_category_active, planting.id, stopped.version, True)
    assert back.active


def test_child_cannot_be_reactivated_under_stopped_parent(database, admin) -> None:  # type: ignore[no-untyped-def]
    top = do(database, admin, cat.add_category, name="数字乡村")
    child = do(database, admin, cat.add_category, name="电商服务", parent_id=top.id)
    child = do(database, admin, cat.set_category_active, child.id, child.version, False)
    top = do(database, admin, cat.set_category_active, top.id, top.version, False)
    with pytest.raises(ValidationError, match="请先启用大类"):
        do(database, admin, cat.set_category_active, child.id, child.version, True)
    with pytest.raises(ValidationError, match="已停用，请先启用后再添加小类"):
        do(database, admin, cat.add_category, name="直播", parent_id=top.id)


def test_only_settings_editors_may_change_categories(database, admin, user_factory) -> None:  # type: ignore[no-untyped-def]
    county = user_factory("xzj", "project")
    with pytest.raises(PermissionDenied):
        do(database, county, cat.add_category, name="数字乡村")
    planting = row(database, "种植")
    with pytest.raises(PermissionDenied):
        do(database, county, cat.set_category_active, planting.id, planting.version, False)
