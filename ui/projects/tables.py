"""The tables the 项目库 screens show: a write to any of them refreshes them (ui.common.changes)."""

PROJECT_TABLES = (
    "project",
    "project_target",
    "project_funding",
    "project_step",
    "village_meeting",
    "supervision_signoff",
    "acceptance",
    "annual_plan",
    "plan_item",
    "project_category",
    "division",
    "setting",
    "calendar_day",
)
