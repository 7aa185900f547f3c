"""Demo projects past a gate carry the records that gate asks for."""

from sqlalchemy import select

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.projects.demo import seed_demo
from fpr_desktop.projects.gates import (
    completion_notice_problem,
    result_publicity_problem,
    tender_problem,
    village_procedure_problem,
)
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.status import ACCEPTED_OR_LATER, DONE, Status


def test_demo_projects_past_a_gate_have_its_records(database) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(SYSTEM.audit()) as s:
        assert seed_demo(s) > 0
    started = {Status.IMPLEMENTING, *DONE}
    with database.read() as s:
        projects = s.scalars(select(Project).where(Project.status.in_(list(started)))).all()
        assert projects
        for p in projects:
            assert tender_problem(p) == "", p.name
            if p.implementation_mode == "村级自建":
                assert village_procedure_problem(s, p.id) == "", p.name
            if p.status in ACCEPTED_OR_LATER and p.status != Status.ACCEPTED:
                assert result_publicity_problem(s, p) == "", p.name
            if p.status in (Status.COMPLETION_NOTICE, Status.HANDED_OVER):
                assert completion_notice_problem(s, p.id) == "", p.name
