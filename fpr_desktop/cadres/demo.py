"""Demonstration teams for the 陇县 villages: generated names (no real people), postings, a
recall and replacement, last months' attendance, leave, checks, visits, trainings, care, and
last year's assessment round — all through the services, so every rule holds."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import Division
from fpr_desktop.cadres import assessment as asm
from fpr_desktop.cadres import attendance as att
from fpr_desktop.cadres import leave as lv
from fpr_desktop.cadres import roster
from fpr_desktop.cadres import work as wk
from fpr_desktop.cadres.models import Cadre
from fpr_desktop.cadres.rules import KEY_VILLAGE_REASONS, add_years, month_bounds
from fpr_desktop.divisions.demo import DEMO_VILLAGE_NOTE

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "建国红梅晓军立平敏志强海燕文博宏伟丽娟明辉静怡永刚春梅国庆秀兰浩然雪峰玉霞金龙瑞华小龙"
UNITS = (
    ("陕西省农业农村厅", "省"),
    ("宝鸡市财政局", "市"),
    ("宝鸡市交通运输局", "市"),
    ("陇县农业农村局", "县"),
    ("陇县财政局", "县"),
    ("陇县交通运输局", "县"),
    ("陇县卫生健康局", "县"),
    ("陇县教育体育局", "县"),
    ("陇县自然资源局", "县"),
    ("陇县水利局", "县"),
    ("陇县林业局", "县"),
    ("陇县人民医院", "县"),
)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        if name not in used:
            used.add(name)
            return name


def _id_number(rng: random.Random, born: date, male: bool) -> str:
    """A well-formed but invented number: region 610327, real check digit."""
    body = f"610327{born:%Y%m%d}{rng.randint(10, 99)}{rng.choice('13579' if male else '02468')}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def seed_demo(session: Session, scale: int = 1) -> int:
    """The module's demo seeder (`Module.demo`): teams, unless cadres exist already."""
    if session.scalar(select(Cadre.id).limit(1)) is not None:
        return 0
    return fill_demo_cadres(session, date.today())


def fill_demo_cadres(session: Session, today: date, seed: int = 2021) -> int:
    rng = random.Random(seed)
    actor = SYSTEM
    # the county's own villages; the invented ones of the sample data get no teams
    villages = session.scalars(
        select(Division)
        .where(Division.level == "village", Division.note != DEMO_VILLAGE_NOTE)
        .order_by(Division.sort_order, Division.id)
    ).all()
    units = [roster.add_unit(session, actor, n, lvl) for n, lvl in UNITS]
    start = date(today.year - 1, 9, 1)  # the current two-year term
    end = add_years(start, 2) - timedelta(days=1)
    used: set[str] = set()
    cadres: list[tuple[int, int]] = []  # (cadre id, village id)

    def new_cadre(unit: int, secretary: bool) -> int:
        male = rng.random() < 0.7
        born = date(rng.randint(1972, 1995), rng.randint(1, 12), rng.randint(1, 28))
        return roster.add_cadre(
            session,
            actor,
            roster.CadreInput(
                name=_name(rng, used),
                unit_id=unit,
                gender="男" if male else "女",
                id_number=_id_number(rng, born, male),
                phone=f"139{rng.randint(10000000, 99999999)}",
                post=rng.choice(("科员", "副科长", "科长", "副主任科员", "四级主任科员")),
                party_member_since=add_years(born, rng.randint(22, 28))
                if secretary or rng.random() < 0.8
                else None,
                work_since=add_years(born, 23),
            ),
        )

    for n, v in enumerate(villages):
        for year in (today.year - 1, today.year):
            roster.set_key_village(
                session,
                actor,
                year=year,
                village_id=v.id,
                reason="脱贫村" if "脱贫村" in v.flags else KEY_VILLAGE_REASONS[n % 4],
                households=rng.randint(180, 520),
            )
        unit = units[n % len(units)]
        size = 3 if n % 5 else 2  # a few teams under the configured size
        for i in range(size):
            role = ("第一书记", "工作队队长", "队员")[i]
            cid = new_cadre(unit if i == 0 else units[(n + i * 5) % len(units)], i == 0)
            roster.assign(
                session,
                actor,
                roster.AssignmentInput(
                    cid, v.id, role, start, end, f"陇组字〔{start.year}〕{20 + n}号"
                ),
            )
            cadres.append((cid, v.id))
    # one recall with its replacement, recorded and kept
    recalled_id, village_id = cadres[2]
    posting = roster.latest_posting(session, recalled_id)
    replacement = new_cadre(units[0], False)
    roster.end_assignment(
        session,
        actor,
        posting.id,
        posting.version,
        ended_on=start + timedelta(days=120),
        reason="召回",
        note="因工作需要召回原单位",
        replacement=roster.AssignmentInput(
            replacement,
            village_id,
            "队员",
            start + timedelta(days=121),
            end,
            f"陇组字〔{start.year}〕45号",
        ),
    )
    cadres[2] = (replacement, village_id)
    # last three months of sign-in, some leave, spot checks
    for back in (3, 2, 1):
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        for _ in range(back - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        _, last = month_bounds(first.year, first.month)
        for k, (cid, _v) in enumerate(cadres):
            weak = k % 7 == 3
            marks = "".join(
                rng.choices("PPPPPPPPHAD", k=last.day)
                if not weak
                else rng.choices("PPPPAAH", k=last.day)
            )
            att.write_month(session, cid, first.year, first.month, marks)
    for k, (cid, _v) in enumerate(cadres[:12]):
        s = today - timedelta(days=20 + k * 3)
        row = lv.request_leave(
            session,
            actor,
            lv.LeaveInput(
                cid,
                ("事假", "病假", "休假")[k % 3],
                s,
                s + timedelta(days=k % 6),
                reason="家中有事" if k % 3 == 0 else "身体不适",
            ),
        )
        if k % 4:
            lv.decide_leave(
                session,
                actor,
                row.id,
                row.version,
                approve=True,
                opinion="同意",
                decided_on=s - timedelta(days=1),
            )
    for k, (cid, _v) in enumerate(cadres):
        if k % 9 == 4:
            for j in range(1 + k % 3):
                att.record_spot_check(
                    session,
                    actor,
                    cid,
                    checked_on=date(today.year - 1, 4 + j, 12),
                    checked_by="县委组织部督查组",
                    result="无故缺勤",
                )
        wk.record_training(
            session,
            actor,
            cid,
            course="全县驻村干部能力提升培训班",
            organiser_level="县",
            start_date=date(today.year - 1, 10, 16),
            end_date=date(today.year - 1, 10, 18),
            hours=24,
        )
        wk.record_care(
            session,
            actor,
            wk.CareInput(
                cid,
                "意外保险",
                start,
                "派出单位",
                policy_no=f"PDEA{start.year}{cid:06d}",
                insurer="中国人民财产保险陇县支公司",
                valid_from=start,
                valid_to=add_years(start, 1) + timedelta(days=(k % 2) * 400),
            ),
        )
        wk.record_care(
            session,
            actor,
            wk.CareInput(
                cid,
                "补贴",
                start,
                "派出单位",
                amount=Decimal("1800.00"),
                note="驻村生活补贴（季度）",
            ),
        )
    for v in villages:
        for h in range(rng.randint(6, 12)):
            wk.record_visit(
                session,
                actor,
                wk.VisitInput(
                    v.id,
                    f"{rng.choice(SURNAMES)}某{h}",
                    today - timedelta(days=rng.randint(10, 200)),
                    "工作队",
                    problems="" if h % 6 else "住房需维修",
                    referred=h % 17 == 0,
                ),
            )
    # last year's annual assessment, graded within the caps and the share cap, then closed
    rid = asm.open_round(session, actor, today.year - 1, "年度考核")
    rows = asm.round_rows(session, actor, rid)
    quota = len(rows) * 15 // 100
    for r in rows:
        grade = (
            "优秀"
            if quota and r.allowed[0] == "优秀" and rng.random() < 0.3
            else r.allowed[0]
            if r.allowed[0] != "优秀"
            else "称职"
        )
        quota -= grade == "优秀"
        asm.assess(
            session,
            actor,
            r.id,
            r.version,
            self_report="全年驻村工作述职报告",
            democratic_rating=f"优秀率{rng.randint(60, 95)}%",
            town_opinion="工作扎实，群众认可",
            unit_opinion="同意",
            grade=grade,
            decided_on=date(today.year, 1, 15),
        )
    rnd = next(x for x in asm.list_rounds(session, actor) if x.id == rid)
    asm.close_round(session, actor, rid, rnd.version, date(today.year, 1, 20))
    return len(cadres) + 1
