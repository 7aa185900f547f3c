"""Invented villages for the demonstration data: names that read like 陇县's (杜阳村, 峰山村 …)
from resources/demo/villages.toml, each marked with `DEMO_VILLAGE_NOTE` so that it is never
taken for a real village (the note, not the name, is what tells them apart)."""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from functools import cache

from fpr_desktop.base.paths import resources_dir

#: The note every invented demo village carries in the division list.
DEMO_VILLAGE_NOTE = "演示数据（虚构村名）"
NAMES_FILE = "villages.toml"


@cache
def _names() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads((resources_dir() / "demo" / NAMES_FILE).read_text("utf-8"))
    return {str(town): tuple(str(n) for n in names) for town, names in data["towns"].items()}


def demo_village_names(town: str, count: int, taken: Collection[str], start: int = 1) -> list[str]:
    """`count` new village names for `town`: its listed ones not `taken` yet, then 示例村NN
    (numbered from `start`, skipping taken ones) when the list has no more."""
    out = [n for n in _names().get(town, ()) if n not in taken][:count]
    number = start
    while len(out) < count:
        name = f"示例村{number:02d}"
        if name not in taken and name not in out:
            out.append(name)
        number += 1
    return out
