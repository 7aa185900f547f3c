"""The library's to-dos (首页 → 待我办理): a county user's overdue acceptance comes first, with its
deadline; every module's providers are read through the registry."""

from __future__ import annotations

from datetime import date

from helpers import project_support as ps

from fpr_desktop.base.registry import deadline_items, module
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.status import Status
from fpr_desktop.projects.todo import NOTICE_AFTER_STEP, forward_step, todo_items


def test_the_library_declares_its_provider() -> None:
    projects = module("projects")
    assert projects is not None
    assert projects.deadlines == ("fpr_desktop.projects.todo:todo_items",)
    assert forward_step(Status.COMPLETED) == "accept"
    assert {c.label for c in NOTICE_AFTER_STEP.values()} >= {"村级公示", "乡镇公示", "实施前公示"}


def test_an_overdue_acceptance_comes_first_with_its_deadline(database, admin) -> None:  # type: ignore[no-untyped-def]
    late = ps.make_project(database, admin, name="逾期未验收项目")
    planned = ps.make_project(database, admin, name="已入库项目")
    with database.transaction(admin.audit()) as s:
        p = s.get(Project, late)
        p.status, p.completed_on = "completed", date(2021, 9, 28)
        s.get(Project, planned).status = "in_library"
    with database.read() as s:
        mine = todo_items(s, admin)
        everything = deadline_items(s, admin)
    by_title = {i.title: i for i in mine}
    assert by_title["逾期未验收项目"].what == "待验收通过"
    assert by_title["逾期未验收项目"].due == date(2021, 10, 13)
    assert by_title["逾期未验收项目"].overdue
    assert by_title["已入库项目"].what == "待列入年度计划" and by_title["已入库项目"].due is None
    assert everything[0].title == "逾期未验收项目"
