"""What the assets module adds: the 扶贫资产 tab, its permissions, settings and notice kinds."""

from fpr_desktop.base.registry import Module, NoticeKindDecl
from fpr_desktop.base.settings_registry import Parameter as P

MODULE = Module(
    name="assets",
    title="扶贫资产",
    order=30,
    models="fpr_desktop.assets.models",
    exchange_kinds=("fpr_desktop.assets.exchange_kind",),
    demo="fpr_desktop.assets.demo:seed_demo",
    demo_order=30,
    permissions={
        "assets.edit": "维护扶贫资产",
    },
    grants={
        "project": frozenset({"assets.edit"}),
        "town": frozenset({"assets.edit"}),
    },
    settings=(
        P(
            "assets.registration_months",
            "扶贫资产",
            "验收后确权登记时限",
            "int",
            3,
            "个月",
            "任务清单第42条",
            1,
            24,
        ),
        P(
            "assets.inspection_days",
            "扶贫资产",
            "公益性资产巡查间隔",
            "int",
            90,
            "天",
            "县级做法（每季度至少巡查一次）",
            7,
            366,
        ),
        P(
            "assets.one_off_household_pct",
            "扶贫资产",
            "收益现金分户比例达到此值即视为“一分了之”",
            "int",
            90,
            "%",
            "防止“一分了之”（任务清单第43条）",
            50,
            100,
        ),
    ),
    notice_kinds=(
        NoticeKindDecl(
            "asset_handover",
            "资产确权移交公示",
            "asset-handover",
            owner="扶贫资产",
            builder="fpr_desktop.assets.notices:build_asset_notices",
        ),
        NoticeKindDecl(
            "income_distribution",
            "收益分配公示",
            "income-distribution",
            owner="扶贫资产",
            builder="fpr_desktop.assets.notices:build_asset_notices",
            registered="fpr_desktop.assets.income:notice_registered",
        ),
    ),
    step_gates={"hand_over": "fpr_desktop.assets.handover:check_assets_registered"},
)
