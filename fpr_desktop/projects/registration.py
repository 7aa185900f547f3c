"""What the project library adds: the 项目库 tab, its tables, permissions, import kind, notices."""

from fpr_desktop.base.registry import Module, NoticeKindDecl
from fpr_desktop.base.settings_registry import Parameter as P

MODULE = Module(
    name="projects",
    title="项目库",
    order=20,
    models="fpr_desktop.projects.models",
    permissions={
        "projects.edit": "维护项目库",
        "projects.county_review": "县级审核项目",
    },
    grants={
        "project": frozenset({"projects.edit", "projects.county_review"}),
        "town": frozenset({"projects.edit"}),
    },
    settings=(
        P(
            "projects.acceptance_workdays",
            "项目库",
            "竣工后组织验收时限",
            "int",
            7,
            "个工作日",
            "任务清单第39条",
            1,
            60,
        ),
        P(
            "projects.industry_share_min",
            "项目库",
            "衔接资金用于产业发展的最低比重",
            "int",
            55,
            "%",
            "任务清单第40条；2022年起中央衔接资金用于产业发展的比重原则上不低于55%",
            0,
            100,
        ),
        P(
            "exchange.projects_due_month",
            "数据报送",
            "年度项目申报截止（上一年该月底）",
            "int",
            10,
            "月底",
            "县级做法（下一年度项目库上一年入库）",
            1,
            12,
        ),
    ),
    exchange_kinds=("fpr_desktop.projects.exchange.kind",),
    notice_kinds=(
        NoticeKindDecl("project_library_publicity", "项目库公示", "project-library"),
        NoticeKindDecl("project_library_announcement", "项目库公告"),
        NoticeKindDecl("annual_plan", "年度计划公告", "annual-plan"),
        NoticeKindDecl("pre_implementation", "实施前公示", "pre-implementation"),
        NoticeKindDecl("completion", "实施完成公告", "completion"),
        NoticeKindDecl("acceptance", "验收结果公示", "acceptance"),
    ),
    demo="fpr_desktop.projects.demo:seed_demo",
    deadlines=("fpr_desktop.projects.todo:todo_items",),
    demo_order=20,
)
