"""Reference lists shipped as data (resources/reference/*.toml), read once per process."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from fpr_desktop.base.paths import resources_dir


@cache
def reference(name: str) -> dict[str, Any]:
    with (resources_dir() / "reference" / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def choices(name: str, key: str) -> tuple[str, ...]:
    return tuple(reference(name)[key])
