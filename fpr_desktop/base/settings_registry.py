"""Every configurable rule of the program, declared once with its default and where it comes from.

Code reads values through `services.settings.get_value`; administrators change them in
系统管理 → 参数设置. Defaults follow DOMAIN.md and the 2021 county task list.
"""

from __future__ import annotations

from functools import cache

from fpr_desktop.base.registry import Parameter, ParamType, modules

__all__ = ["PARAMETERS", "ParamType", "Parameter", "all_parameters", "by_key"]

P = Parameter
PARAMETERS: tuple[Parameter, ...] = (
    # 单位与称谓 — names change (乡村振兴局 merged into 农业农村局 in many counties)
    P("org.county_name", "单位名称", "县名", "text", "陇县"),
    P("org.finance_unit", "单位名称", "财政部门名称", "text", "陇县财政局"),
    P("org.rural_unit", "单位名称", "乡村振兴主管部门名称", "text", "陇县乡村振兴局"),
    P("org.organisation_unit", "单位名称", "组织部门名称", "text", "中共陇县县委组织部"),
    # 公告公示
    # the window every notice must at least run (a rule, so it has a floor no setting goes below)
    P(
        "publicity.window_days",
        "公告公示",
        "公示期",
        "int",
        10,
        "天",
        "国家及陕西省规定；公告公示不得短于此天数，最少5天",
        5,
        60,
    ),
    # a paper notice is posted before it is registered: a start further back needs a reason
    P(
        "publicity.backdate_days",
        "公告公示",
        "公示开始可早于登记日",
        "int",
        3,
        "天",
        "超过此天数须填写补登原因（记入操作日志）",
        0,
        30,
    ),
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
    # 显示与打印
    P(
        "display.money_unit",
        "显示与打印",
        "金额显示单位",
        "choice",
        "万元",
        choices=(("万元", "万元"), ("元", "元")),
    ),
    P("display.wan_decimals", "显示与打印", "万元小数位数", "int", 2, "位", "", 2, 6),
    # 金额上限：多填几位数（1e20 万元）在导入和录入时就被拒绝，合计也不会溢出
    P(
        "money.max_amount",
        "金额",
        "单项金额上限",
        "int",
        100_000,
        "万元",
        "每个金额字段都不得超过此值",
        1,
        90_000_000,
    ),
    # 登录安全
    P("login.max_failures", "登录安全", "连续输错密码锁定次数", "int", 5, "次", "", 3, 20),
    P("login.lockout_minutes", "登录安全", "锁定时长", "int", 15, "分钟", "", 1, 1440),
    P("documents.font_file", "显示与打印", "公文字体文件（留空使用内置思源黑体）", "text", ""),
    # 数据备份 — SQLite: a copy at the first start of each day (fpr_desktop.app.backups)
    P("backup.keep_days", "数据备份", "自动备份保留天数", "int", 30, "天", "", 1, 3650),
    P(
        "backup.folder",
        "数据备份",
        "备份文件夹（留空为默认位置）",
        "text",
        "",
    ),
)


def all_parameters() -> tuple[Parameter, ...]:
    """The foundation's parameters, then every registered module's (`Module.settings`)."""
    return _all()[0]


def by_key() -> dict[str, Parameter]:
    return _all()[1]


@cache
def _all() -> tuple[tuple[Parameter, ...], dict[str, Parameter]]:
    params = PARAMETERS + tuple(p for m in modules() for p in m.settings)
    keys = {p.key: p for p in params}
    if len(keys) != len(params):
        raise RuntimeError("two parameters share a key")
    return params, keys
