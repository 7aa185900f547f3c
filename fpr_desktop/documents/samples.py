"""Sample data for every notice kind: template previews for administrators, tests, benchmarks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from fpr_desktop.documents.model import Complaint, Document, Window
from fpr_desktop.documents.notice_templates import NoticeKind, NoticeTemplate
from fpr_desktop.documents.notices import NoticeParams, make_notice

D = Decimal

SAMPLE_PARAMS = NoticeParams(
    window=Window(date(2021, 7, 22), date(2021, 7, 31)),
    complaint=Complaint(
        unit="示例县乡村振兴局",
        address="示例县示例一镇人民路8号",
        phone="0871-6123456",
    ),
    issuers=("示例县乡村振兴局", "示例县财政局"),
    date=date(2021, 7, 22),
)

_PROJECTS = [
    (
        "示例一村产业路硬化项目",
        "示例一镇示例一村",
        "硬化产业路3.5公里，宽4.5米，C25混凝土路面厚20厘米",
        "1615000",
    ),
    (
        "示例二村高标准茶园建设项目",
        "示例二镇示例二村",
        "新建高标准茶园300亩，配套生产便道2公里",
        "298625.88",
    ),
    (
        "示例三村农产品冷链仓储项目",
        "示例三镇示例三村",
        "新建冷库500立方米及分拣车间200平方米",
        "850000",
    ),
    (
        "示例四村人饮巩固提升项目",
        "示例乡示例四村",
        "新建蓄水池2座200立方米，铺设管网6.2公里",
        "420000",
    ),
]


def _projects(n: int | None = None) -> list[dict[str, Any]]:
    base = _PROJECTS if n is None else [_PROJECTS[i % len(_PROJECTS)] for i in range(n)]
    return [
        {
            "project_name": name if n is None else f"{name}（{i + 1}）",
            "location": place,
            "content": content,
            "amount": D(amount),
            "responsible_unit": "示例县农业农村局" if i % 2 else "示例县交通运输局",
        }
        for i, (name, place, content, amount) in enumerate(base)
    ]


def sample_data(kind: NoticeKind | str) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    """(rows, fields, other tables) for `kind`."""
    kind = NoticeKind(kind)
    projects = _projects()
    year = {"year": 2021}
    if kind == NoticeKind.FUND_ALLOCATION:
        sources = [
            {"level": "中央资金", "document": "财农〔2021〕20号", "amount": D("1800000")},
            {"level": "省级资金", "document": "示财农〔2021〕45号", "amount": D("900000")},
            {"level": "县级资金", "document": "", "amount": D("483625.88")},
        ]
        return projects, year, {"sources": sources}
    if kind in (NoticeKind.PROJECT_LIBRARY_PUBLICITY, NoticeKind.PROJECT_LIBRARY_ANNOUNCEMENT):
        rows = [
            {
                **p,
                "category": "产业发展" if i % 2 else "乡村建设",
                "beneficiaries": f"脱贫户{35 + i * 12}户{120 + i * 40}人",
                "performance_target": "项目建成后带动脱贫户户均年增收1000元以上",
                "farmer_linkage": "优先聘用脱贫劳动力务工，资产收益用于公益性岗位",
                "implementing_unit": p["location"][:3] + "人民政府",
            }
            for i, p in enumerate(projects)
        ]
        publisher = "示例县乡村振兴局"
        if kind == NoticeKind.PROJECT_LIBRARY_PUBLICITY:
            publisher = "示例一镇示例一村村民委员会"
        return rows, {**year, "publisher": publisher}, {}
    if kind == NoticeKind.ANNUAL_PLAN:
        rows = [
            {
                **p,
                "category": "产业发展" if i % 2 else "乡村建设",
                "investment": p["amount"] + D("200000"),
                "fund_amount": p["amount"],
                "period": "2021年3月—2021年10月",
            }
            for i, p in enumerate(projects)
        ]
        return rows, year, {}
    if kind == NoticeKind.PRE_IMPLEMENTATION:
        p = projects[0]
        row = {
            **p,
            "period": "2021年8月—2021年11月",
            "builder": "示例一镇人民政府（责任人：张明）",
            "contractor": "示例县路桥建设有限公司",
            "funding": "财政衔接推进乡村振兴补助资金",
            "procurement": "经公开招标确定施工单位",
            "performance_target": "新增硬化道路3.5公里，受益群众满意度≥90%",
            "beneficiaries": "示例一村农户326户1208人，其中脱贫户87户312人",
            "farmer_linkage": "优先吸纳脱贫劳动力务工，带动务工增收",
        }
        return [row], {}, {}
    if kind in (NoticeKind.COMPLETION, NoticeKind.ACCEPTANCE):
        rows = [
            {
                **p,
                "start_date": date(2021, 3, 10 + i),
                "completion_date": date(2021, 9, 20 + i),
                "acceptance_date": date(2021, 10, 12 + i),
                "dates": f"2021年3月{10 + i}日开工\n2021年9月{20 + i}日完工\n"
                f"2021年10月{12 + i}日验收",
                "conclusion": "合格",
                "settled_amount": p["amount"] - D("12345.67") * i,
                "fiscal_funds": p["amount"],
                "implementing_unit": p["responsible_unit"],
            }
            for i, p in enumerate(projects)
        ]
        return rows, year, {}
    if kind == NoticeKind.ASSET_HANDOVER:
        rows = [
            {
                "asset_name": p["project_name"].removesuffix("项目"),
                "asset_class": "公益性" if i % 2 == 0 else "经营性",
                "nature": "固定资产",
                "quantity": [D("3.5"), 300, 1, 2][i],
                "measure": ["公里", "亩", "座", "座"][i],
                "location": p["location"],
                "original_value": p["amount"],
                "source_project": p["project_name"],
                "from_unit": p["responsible_unit"],
                "owner": p["location"][3:] + "股份经济合作社",
            }
            for i, p in enumerate(projects)
        ]
        return rows, year, {}
    if kind == NoticeKind.INCOME_DISTRIBUTION:
        income = [
            {
                "asset_name": "示例二村高标准茶园",
                "source": "租赁收入",
                "period": "2021年1—12月",
                "amount": D("60000"),
            },
            {
                "asset_name": "村级光伏电站",
                "source": "发电收益",
                "period": "2021年1—12月",
                "amount": D("45321.50"),
            },
        ]
        rows = [
            {
                "use": "公益性岗位补助",
                "recipients": "脱贫户和监测对象12人",
                "basis": "每人每月300元，按实际出勤发放",
                "amount": D("43200"),
                "remark": "",
            },
            {
                "use": "小型公益事业",
                "recipients": "全村农户",
                "basis": "村内道路维修、人居环境整治",
                "amount": D("30000"),
            },
            {
                "use": "奖励补助",
                "recipients": "发展产业的脱贫户20户",
                "basis": "以奖代补，每户1000元",
                "amount": D("20000"),
                "remark": "验收后发放",
            },
        ]
        return rows, {**year, "village": "示例二村", "retained": D("12121.50")}, {"income": income}
    if kind == NoticeKind.CADRE_ASSESSMENT:
        names = ["李建国", "王芳", "赵志强", "陈晓梅", "刘洋", "周文斌"]
        units = ["示例省农业农村厅", "示例市财政局", "示例县人民医院", "示例县教育体育局"]
        grades = ["优秀", "称职", "称职", "基本称职", "称职", "称职"]
        rows = [
            {
                "name": n,
                "dispatching_unit": units[i % len(units)],
                "role": "第一书记" if i % 3 == 0 else "队员",
                "village": ["示例一镇示例一村", "示例二镇示例二村", "示例三镇示例三村"][i // 2],
                "grade": grades[i],
            }
            for i, n in enumerate(names)
        ]
        return rows, year, {}
    raise ValueError(kind)


_ISSUERS: dict[str, NoticeParams] = {
    NoticeKind.CADRE_ASSESSMENT: replace(
        SAMPLE_PARAMS,
        issuers=("中共示例县委组织部",),
        complaint=Complaint(unit="中共示例县委组织部", phone="0871-6123400"),
    ),
    NoticeKind.INCOME_DISTRIBUTION: replace(
        SAMPLE_PARAMS,
        issuers=("示例二镇示例二村股份经济合作社", "示例二镇示例二村村民委员会"),
        complaint=Complaint(unit="示例二镇人民政府", phone="0871-6123478"),
    ),
    NoticeKind.PROJECT_LIBRARY_PUBLICITY: replace(
        SAMPLE_PARAMS,
        issuers=("示例一镇示例一村村民委员会",),
        complaint=Complaint(unit="示例一镇人民政府", phone="0871-6123410"),
    ),
}


def sample_params(kind: NoticeKind | str) -> NoticeParams:
    """Window, complaint channels, issuers and date for a sample notice of `kind`."""
    return _ISSUERS.get(NoticeKind(kind), SAMPLE_PARAMS)


def sample_notice(kind: NoticeKind | str | NoticeTemplate) -> Document:
    """A complete notice of `kind` filled with sample data (e.g. to preview an edited template)."""
    kind_id = kind.kind if isinstance(kind, NoticeTemplate) else kind
    rows, fields, tables = sample_data(kind_id)
    return make_notice(kind, rows, sample_params(kind_id), fields=fields, tables=tables)


def sample_projects(n: int) -> list[dict[str, Any]]:
    """`n` project rows (fund-allocation columns) for long-table tests and benchmarks."""
    return _projects(n)
