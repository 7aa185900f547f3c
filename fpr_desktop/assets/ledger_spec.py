"""The asset ledger's columns as an exchange table: shared by the official export and the
town-ledger import, so that an exported ledger re-imports cleanly."""

from __future__ import annotations

from fpr_desktop.assets.models import CLASSES, NATURES, STATUSES, TIERS
from fpr_desktop.exchange import ColumnSpec, ColumnType, KindSpec
from fpr_desktop.exchange.spec import DivisionLevel

TIER_NAMES = tuple(TIERS.values())  # 县 / 镇 / 村 / 户

COLUMNS = (
    ColumnSpec("seq", "序号", ColumnType.INT, aliases=("编号序号",)),
    ColumnSpec(
        "code", "资产编号", ColumnType.CODE, aliases=("资产代码", "卡片编号"), max_length=40
    ),
    ColumnSpec("name", "资产名称", aliases=("名称",), required=True, max_length=200),
    ColumnSpec(
        "asset_class",
        "资产类别",
        ColumnType.ENUM,
        aliases=("类别", "资产类型", "类型"),
        required=True,
        enum_values=CLASSES,
        enum_aliases={
            "经营性资产": "经营性",
            "公益性资产": "公益性",
            "到户类资产": "到户类",
            "到户": "到户类",
        },
    ),
    ColumnSpec(
        "nature",
        "资产性质",
        ColumnType.ENUM,
        aliases=("性质",),
        required=True,
        enum_values=NATURES,
        enum_aliases={
            "固定": "固定资产",
            "生物": "生物资产",
            "权益": "权益性资产",
            "股权": "权益性资产",
        },
    ),
    ColumnSpec("sub_type", "细类", aliases=("资产细类", "子类"), max_length=40),
    ColumnSpec("quantity", "数量", aliases=("规模", "数量规模"), max_length=30),
    ColumnSpec("unit", "计量单位", aliases=("单位",), max_length=10),
    ColumnSpec(
        "town",
        "乡镇",
        ColumnType.DIVISION,
        aliases=("所在镇", "镇"),
        required=True,
        level=DivisionLevel.TOWN,
    ),
    ColumnSpec(
        "village", "村（社区）", ColumnType.DIVISION, aliases=("所在村", "村"), town_key="town"
    ),
    ColumnSpec("group_name", "组", aliases=("村民小组",), max_length=60),
    ColumnSpec("project", "来源项目", aliases=("项目名称", "形成资产的项目"), max_length=200),
    ColumnSpec("year", "建成年度", ColumnType.INT, aliases=("年度", "项目年度")),
    ColumnSpec(
        "original_value",
        "资产原值",
        ColumnType.MONEY,
        aliases=("原值", "资产价值", "账面原值"),
        required=True,
    ),
    ColumnSpec(
        "owner_tier",
        "权属层级",
        ColumnType.ENUM,
        aliases=("确权层级", "产权归属层级"),
        required=True,
        enum_values=TIER_NAMES,
        enum_aliases={"县级": "县", "镇级": "镇", "村级": "村", "农户": "户", "到户": "户"},
    ),
    ColumnSpec("owner_name", "所有者", aliases=("产权所有者", "权属人", "户主"), max_length=100),
    ColumnSpec("registered_on", "确权日期", ColumnType.DATE, aliases=("登记日期",)),
    ColumnSpec(
        "status",
        "使用状态",
        ColumnType.ENUM,
        aliases=("状态", "资产状态"),
        enum_values=STATUSES,
    ),
    ColumnSpec("remarks", "备注", aliases=("说明",), max_length=500),
)

SPEC = KindSpec(
    kind="assets",
    title="扶贫项目资产台账",
    columns=COLUMNS,
    natural_key=("code",),
    sheet_names=("资产台账", "扶贫资产台账"),
)
