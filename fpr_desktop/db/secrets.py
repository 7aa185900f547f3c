"""Where a saved server password lives: the OS keyring when there is one (Windows Credential
Manager, macOS Keychain, Secret Service), otherwise a file in the per-user configuration folder
that only the user can read. Never inside the connection file itself."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from fpr_desktop.base import paths

SERVICE = "fpr-desktop"
SECRETS_FILE = "secrets.json"
KEYRING = "keyring"
FILE = "file"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module if a real backend is available, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def _file() -> Path:
    return paths.config_dir() / SECRETS_FILE


def _read_file() -> dict[str, str]:
    try:
        return dict(json.loads(_file().read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_file(data: dict[str, str]) -> None:
    target = _file()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def store(key: str, secret: str) -> str:
    """Save `secret` under `key`; returns where (KEYRING or FILE)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, key, secret)
            return KEYRING
        except Exception:  # a locked or broken keyring: fall back to the private file
            pass
    data = _read_file()
    data[key] = secret
    _write_file(data)
    return FILE


def load(key: str, where: str) -> str | None:
    if where == KEYRING:
        ring = _keyring()
        try:
            return ring.get_password(SERVICE, key) if ring is not None else None
        except Exception:
            return None
    return _read_file().get(key)


def forget(key: str) -> None:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            ring.delete_password(SERVICE, key)
    data = _read_file()
    if data.pop(key, None) is not None:
        _write_file(data)


def describe(where: str) -> str:
    """Where the password is, in Chinese (the connection dialog says it)."""
    if where == KEYRING:
        return "密码保存在操作系统的凭据管理器（钥匙串）中，不以明文写入文件。"
    return f"本机没有可用的凭据管理器：密码保存在只有当前用户可以读取的文件 {_file()} 中。"
