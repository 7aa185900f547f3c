"""What the funds module adds: the 资金台账 tab, its permissions, settings and notice kinds."""

from fpr_desktop.base.registry import Module, NoticeKindDecl
from fpr_desktop.base.settings_registry import Parameter as P

MODULE = Module(
    name="funds",
    title="资金台账",
    order=10,
    models="fpr_desktop.funds.models",
    permissions={
        "funds.edit": "维护资金台账",
        "funds.override": "批准超预拨上限拨付",
        "funds.reopen": "重新打开已锁定月份",
    },
    grants={
        "finance": frozenset({"funds.edit"}),
    },
    settings=(
        P(
            "funds.execution_start_workdays",
            "资金台账",
            "资金下达后开展预算执行时限",
            "int",
            15,
            "个工作日",
            "任务清单第39条",
            1,
            90,
        ),
        P(
            "funds.monthly_report_due_day",
            "资金台账",
            "月报报送日",
            "int",
            5,
            "日（次月）",
            "县级做法",
            1,
            28,
        ),
        P(
            "funds.prepayment_cap_percent",
            "资金台账",
            "验收前预拨上限",
            "int",
            70,
            "%（合同价）",
            "地方规定",
            0,
            100,
        ),
        P(
            "funds.idle_days",
            "资金台账",
            "资金闲置提示",
            "int",
            90,
            "天未拨付",
            "审计常见问题",
            1,
            365,
        ),
        P(
            "funds.inspections_per_quarter",
            "资金台账",
            "县级督查检查频次",
            "int",
            1,
            "次/季度",
            "任务清单第41条",
            1,
            12,
        ),
    ),
    exchange_kinds=("fpr_desktop.funds.exchange_kinds",),
    demo="fpr_desktop.funds.demo:seed_demo",
    demo_order=30,
    notice_kinds=(
        NoticeKindDecl("fund_allocation", "资金分配公告", "fund-allocation", owner="资金台账"),
    ),
)
