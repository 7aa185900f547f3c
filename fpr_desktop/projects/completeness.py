"""What a draft still needs before it may be submitted (待完善): imports keep incomplete rows as
drafts, and the submit step refuses until these are filled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fpr_desktop.projects.models import Project, ProjectTarget

if TYPE_CHECKING:  # proposals imports flow, which imports this module
    from fpr_desktop.projects.proposals import ProjectInput

# the items, in the order they are listed, with the words used in messages and summaries
CONTENT, TARGETS, CATEGORY, CONSTRUCTION = "建设内容及规模", "绩效目标", "项目类别", "建设性质"
ITEMS = (CONTENT, TARGETS, CATEGORY, CONSTRUCTION)


def missing_in_input(inp: ProjectInput) -> list[str]:
    """The items a proposal (form or import row) still lacks; empty when complete."""
    out = []
    if not inp.content.strip():
        out.append(CONTENT)
    if not inp.targets:
        out.append(TARGETS)
    if inp.category_id is None:
        out.append(CATEGORY)
    if not inp.construction_type.strip():
        out.append(CONSTRUCTION)
    return out


def missing_items(session: Session, p: Project) -> list[str]:
    """The items a stored project still lacks (the same rule as `missing_in_input`)."""
    targets = session.scalar(
        select(func.count()).select_from(ProjectTarget).where(ProjectTarget.project_id == p.id)
    )
    out = []
    if not (p.content or "").strip():
        out.append(CONTENT)
    if not targets:
        out.append(TARGETS)
    if p.category_id is None:
        out.append(CATEGORY)
    if not (p.construction_type or "").strip():
        out.append(CONSTRUCTION)
    return out


def missing_message(items: list[str]) -> str:
    """The refusal of the submit step, naming every missing item at once."""
    return f"项目还需完善：{'、'.join(items)}（待完善），不能申报入库。请先补充后再提交。"
