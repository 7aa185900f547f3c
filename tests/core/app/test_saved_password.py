"""The saved PostgreSQL password is never in the connection file: it goes to the OS keyring
when there is one, otherwise to a file only the user can read, and the program says which."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from fpr_desktop.base import paths
from fpr_desktop.db import secrets
from fpr_desktop.db.location import (
    save_connection_url,
    saved_connection_url,
    saved_password_place,
)

URL = "postgresql+psycopg://clerk:s3cret-pw@db.county.example:5432/fpr"


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _connection_file() -> str:
    return (paths.config_dir() / "connection.json").read_text(encoding="utf-8")


def test_without_a_keyring_the_password_goes_to_a_private_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(secrets, "_keyring", lambda: None)
    save_connection_url(URL)
    assert "s3cret-pw" not in _connection_file()
    assert saved_connection_url() == URL
    private = paths.config_dir() / secrets.SECRETS_FILE
    if sys.platform != "win32":
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert "只有当前用户可以读取的文件" in (saved_password_place() or "")


class _Ring:
    """A stand-in OS keyring."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, key: str, secret: str) -> None:
        self.saved[(service, key)] = secret

    def get_password(self, service: str, key: str) -> str | None:
        return self.saved.get((service, key))

    def delete_password(self, service: str, key: str) -> None:
        self.saved.pop((service, key), None)


def test_with_a_keyring_no_file_holds_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = _Ring()
    monkeypatch.setattr(secrets, "_keyring", lambda: ring)
    save_connection_url(URL)
    assert "s3cret-pw" not in _connection_file()
    assert list(ring.saved.values()) == ["s3cret-pw"]
    assert not (paths.config_dir() / secrets.SECRETS_FILE).exists()
    assert saved_connection_url() == URL
    assert "凭据管理器" in (saved_password_place() or "")


def test_a_url_without_password_is_saved_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "_keyring", lambda: None)
    save_connection_url("postgresql+psycopg://clerk@db/fpr")
    assert saved_connection_url() == "postgresql+psycopg://clerk@db/fpr"
    assert saved_password_place() is None
