"""Invented demo villages read like 陇县's, never take a real village's name, never repeat, and
fall back to 示例村NN when a town's list runs out."""

import csv
import tomllib

from fpr_desktop.base.paths import resources_dir
from fpr_desktop.divisions.demo import demo_village_names


def test_names_skip_those_taken_then_fall_back_to_numbers() -> None:
    assert demo_village_names("城关镇", 3, taken={"峰山村"}) == ["杜阳村", "北坡村", "西城村"]
    assert demo_village_names("固关镇", 8, taken=set())[-2:] == ["示例村01", "示例村02"]
    assert demo_village_names("未列出镇", 2, taken={"示例村01"}) == ["示例村02", "示例村03"]
    assert demo_village_names("城关镇", 0, taken=set()) == []


def test_the_list_holds_no_real_village_and_no_repeat() -> None:
    listed = tomllib.loads((resources_dir() / "demo" / "villages.toml").read_text("utf-8"))
    names = [n for town in listed["towns"].values() for n in town]
    assert len(names) == len(set(names))
    with (resources_dir() / "divisions" / "longxian_divisions.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    real = {r["name"] for r in rows if r["level"] == "village"}
    towns = {r["name"] for r in rows if r["level"] == "town"}
    assert real and not real & set(names)
    assert set(listed["towns"]) == towns  # every town of the county has its list
