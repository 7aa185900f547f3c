"""`fpr demo`: the demo library's handed-over projects carry registered assets that reconcile."""

from sqlalchemy import func, select

from fpr_desktop.assets.demo import seed_demo
from fpr_desktop.assets.ledgers import reconcile
from fpr_desktop.assets.models import Asset, DistributionPlan
from fpr_desktop.base.context import SYSTEM
from fpr_desktop.projects.demo import fill_demo_projects
from fpr_desktop.projects.models import Project


def test_demo_assets_come_from_settlements_and_reconcile(database, admin) -> None:  # type: ignore[no-untyped-def]
    with database.transaction(SYSTEM.audit()) as s:
        fill_demo_projects(s)
        added = seed_demo(s)
        assert seed_demo(s) == 0  # a second run leaves existing assets alone
    with database.read() as s:
        handed = s.scalars(select(Project).where(Project.status == "handed_over")).all()
        per_project = dict(
            s.execute(
                select(Asset.project_id, func.sum(Asset.original_value)).group_by(Asset.project_id)
            ).all()
        )
        r = reconcile(s, admin)
        plans = s.scalar(select(func.count()).select_from(DistributionPlan))
    assert added > 0
    assert handed and all(p.id in per_project for p in handed)
    assert r.balanced and r.breaks == []
    assert plans > 0
