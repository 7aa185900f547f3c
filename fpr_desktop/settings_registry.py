"""Every configurable rule of the program, declared once with its default and where it comes from.

Code reads values through `services.settings.get_value`; administrators change them in
系统管理 → 参数设置. Defaults follow DOMAIN.md and the 2021 county task list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ParamType = Literal["int", "text", "choice", "bool"]


@dataclass(frozen=True)
class Parameter:
    key: str
    group: str
    label: str
    type: ParamType
    default: Any
    unit: str = ""
    origin: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


P = Parameter
PARAMETERS: tuple[Parameter, ...] = (
    # 单位与称谓 — names change (乡村振兴局 merged into 农业农村局 in many counties)
    P("org.county_name", "单位名称", "县名", "text", "陇县"),
    P("org.finance_unit", "单位名称", "财政部门名称", "text", "陇县财政局"),
    P("org.rural_unit", "单位名称", "乡村振兴主管部门名称", "text", "陇县乡村振兴局"),
    P("org.organisation_unit", "单位名称", "组织部门名称", "text", "中共陇县县委组织部"),
    # 公告公示
    P("publicity.window_days", "公告公示", "公示期", "int", 10, "天", "国家及陕西省规定", 1, 60),
    P(
        "publicity.window_kind",
        "公告公示",
        "公示期计算方式",
        "choice",
        "natural",
        choices=(("natural", "自然日"), ("working", "工作日")),
    ),
    P("publicity.hotline", "公告公示", "全国监督举报电话", "text", "12317"),
    P("publicity.local_phone", "公告公示", "本地监督电话", "text", ""),
    P("publicity.complaint_unit", "公告公示", "受理投诉单位", "text", "陇县乡村振兴局"),
    P("publicity.complaint_address", "公告公示", "受理投诉地址", "text", ""),
    # 资金
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
    P("funds.idle_days", "资金台账", "资金闲置提示", "int", 90, "天未拨付", "审计常见问题", 1, 365),
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
    # 项目
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
    # 资产
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
    # 驻村干部
    P(
        "cadres.min_term_years",
        "驻村干部",
        "驻村干部任期不少于",
        "int",
        2,
        "年",
        "任务清单第46条",
        1,
        5,
    ),
    P(
        "cadres.min_team_size",
        "驻村干部",
        "工作队人数一般不少于",
        "int",
        3,
        "人",
        "常见规定",
        1,
        10,
    ),
    P(
        "cadres.min_days_in_village",
        "驻村干部",
        "每月在村天数不少于",
        "int",
        20,
        "天",
        "常见规定",
        1,
        31,
    ),
    P(
        "cadres.leave_county_threshold_days",
        "驻村干部",
        "超过此天数的请假由县委组织部审批",
        "int",
        3,
        "天",
        "地方规定",
        1,
        30,
    ),
    P(
        "cadres.excellent_share_percent",
        "驻村干部",
        "优秀等次比例上限",
        "int",
        15,
        "%",
        "地方做法（10–25%）",
        1,
        100,
    ),
    P(
        "cadres.county_training_per_year",
        "驻村干部",
        "每年县级以上培训不少于",
        "int",
        1,
        "次",
        "任务清单第48条",
        0,
        12,
    ),
    P(
        "cadres.health_checks_per_year",
        "驻村干部",
        "每年体检",
        "int",
        1,
        "次",
        "任务清单第50条",
        0,
        4,
    ),
    P(
        "cadres.household_visits_per_year",
        "驻村干部",
        "每年入户走访每户不少于",
        "int",
        1,
        "次",
        "任务清单第47条",
        1,
        12,
    ),
    # 数据报送（导入登记簿：哪些镇已报送、逾期或未报送）
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
    # 显示与打印
    P(
        "display.money_unit",
        "显示与打印",
        "金额显示单位",
        "choice",
        "元",
        choices=(("元", "元"), ("万元", "万元")),
    ),
    P("display.wan_decimals", "显示与打印", "万元小数位数", "int", 2, "位", "", 2, 6),
    P("documents.font_file", "显示与打印", "公文字体文件（留空使用内置思源黑体）", "text", ""),
)

BY_KEY: dict[str, Parameter] = {p.key: p for p in PARAMETERS}
