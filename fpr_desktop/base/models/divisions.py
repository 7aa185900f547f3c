"""Administrative divisions: county → town → village (行政区划)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fpr_desktop.base.models.orm import Base, Versioned

LEVELS = ("county", "town", "village")
LEVEL_LABELS = {"county": "县", "town": "镇", "village": "村"}
# Village flags (DOMAIN.md §0); stored as a ';'-joined text in a fixed order.
VILLAGE_FLAGS = ("脱贫村", "重点帮扶村", "易地搬迁安置村", "软弱涣散村")


class Division(Versioned, Base):
    __tablename__ = "division"
    label_zh = "行政区划"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)
    flags: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The town a row belongs to (itself for a town, its parent for a village, None for the
    # county): kept so that scope checks and town filters are one indexed comparison.
    town_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)

    @property
    def audit_division_id(self) -> int | None:
        return self.id

    def flag_list(self) -> list[str]:
        return [f for f in self.flags.split(";") if f]
