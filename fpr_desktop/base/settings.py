"""Read and change the configurable parameters declared in `settings_registry`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ConflictError, NotFound, ValidationError
from fpr_desktop.base.models import Setting
from fpr_desktop.base.permissions import require, require_role
from fpr_desktop.base.settings_registry import Parameter, all_parameters, by_key
from fpr_desktop.base.versioning import check_version


@dataclass(frozen=True)
class SettingRow:
    key: str
    group: str
    label: str
    type: str
    value: Any
    default: Any
    unit: str
    origin: str
    choices: tuple[tuple[str, str], ...]
    version: int  # 0 while the default is in force

    @property
    def is_default(self) -> bool:
        return self.value == self.default


def _param(key: str) -> Parameter:
    if key not in by_key():
        raise NotFound(f"没有名为“{key}”的参数。")
    return by_key()[key]


def coerce(param: Parameter, value: Any) -> Any:
    """Check and convert a value for a parameter; Chinese message on a bad one."""
    if param.type == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"“{param.label}”应为整数，填写的是“{value}”。") from None
        if param.minimum is not None and number < param.minimum:
            raise ValidationError(f"“{param.label}”不能小于 {param.minimum}{param.unit}。")
        if param.maximum is not None and number > param.maximum:
            raise ValidationError(f"“{param.label}”不能大于 {param.maximum}{param.unit}。")
        return number
    if param.type == "bool":
        return bool(value)
    text = str(value).strip()
    if param.type == "choice" and text not in {c for c, _ in param.choices}:
        allowed = "、".join(label for _, label in param.choices)
        raise ValidationError(f"“{param.label}”只能是：{allowed}。")
    return text


def get_value(session: Session, key: str) -> Any:
    param = _param(key)
    row = session.get(Setting, key)
    return param.default if row is None else json.loads(row.value)


def list_settings(session: Session, actor: Actor) -> list[SettingRow]:
    require_role(actor, "read")
    stored = {s.key: s for s in session.scalars(select(Setting))}
    out = []
    for p in all_parameters():
        row = stored.get(p.key)
        value = p.default if row is None else json.loads(row.value)
        out.append(
            SettingRow(
                p.key,
                p.group,
                p.label,
                p.type,
                value,
                p.default,
                p.unit,
                p.origin,
                p.choices,
                row.version if row else 0,
            )
        )
    return out


def set_value(
    session: Session, actor: Actor, key: str, value: Any, expected_version: int
) -> SettingRow:
    """Change one parameter (expected_version 0 when the default was shown)."""
    require(session, actor, "settings.edit")
    param = _param(key)
    clean = coerce(param, value)
    row = session.get(Setting, key)
    if row is None:
        if expected_version != 0:
            raise ConflictError()
        row = Setting(key=key, value=json.dumps(clean, ensure_ascii=False))
        session.add(row)
    else:
        check_version(row, expected_version)
        row.value = json.dumps(clean, ensure_ascii=False)
    session.flush()
    return next(s for s in list_settings(session, actor) if s.key == key)
