#!/usr/bin/env python3
"""Set up and run FPR Desktop from a checkout: `python dev.py run` and `python dev.py test`.

Both commands do their own set-up: a virtual environment in .venv with the project installed
(re-installed when pyproject.toml changes); on Debian/Ubuntu the system libraries Qt needs, a
Chinese font and the PDF tools the tests use (installed with apt-get when running as root,
otherwise the exact command is printed). `test` runs ruff, the import-linter contract and the
whole pytest suite twice: on SQLite, and on a real PostgreSQL server (FPR_TEST_DATABASE_URL,
or a local server that this script starts — installing it with apt-get if missing — with a
throw-away database dropped afterwards); then (whole-suite runs only) the installer check:
the PyInstaller bundle, its `fpr smoke` and the NSIS script compiled with makensis.

Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if IS_WINDOWS else "bin")
PY = BIN / ("python.exe" if IS_WINDOWS else "python")
STAMP_PREFIX = ".fpr-installed"
PG_ENV = "FPR_TEST_DATABASE_URL"

QT_LIBS = [
    *("libegl1", "libgl1", "libglib2.0-0", "libfontconfig1", "libfreetype6", "libdbus-1-3"),
    *("libx11-6", "libx11-xcb1", "libxkbcommon0", "libxkbcommon-x11-0", "libxcb1"),
    *("libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0"),
    *("libxcb-render0", "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1"),
    *("libxcb-xfixes0", "libxcb-xkb1"),
]
RUN_PACKAGES = [*QT_LIBS, "fonts-wqy-microhei"]
TEST_PACKAGES = [*RUN_PACKAGES, "poppler-utils", "xvfb", "libreoffice-calc-nogui", "nsis"]


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def run(cmd: list[str], **kw: object) -> int:
    return subprocess.call(cmd, **kw)  # type: ignore[arg-type]


def check(cmd: list[str], **kw: object) -> None:
    code = run(cmd, **kw)
    if code != 0:
        raise SystemExit(f"[dev] command failed ({code}): {' '.join(cmd)}")


# --- system packages (Debian/Ubuntu) -------------------------------------------------------------


def missing_debs(packages: list[str]) -> list[str]:
    missing = []
    for pkg in packages:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True
        )
        if "install ok installed" not in out.stdout:
            missing.append(pkg)
    return missing


def ensure_debs(packages: list[str]) -> None:
    if platform.system() != "Linux" or not shutil.which("dpkg-query"):
        return
    missing = missing_debs(packages)
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        say("missing system packages; please run:")
        say("    sudo apt-get update && sudo " + " ".join(cmd))
        raise SystemExit(1)
    say(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if run(cmd, env=env) != 0:
        check(["apt-get", "update", "-q"], env=env)
        check(cmd, env=env)


# --- virtual environment -------------------------------------------------------------------------


MIN_PYTHON = (3, 12)


def _python_ok(exe: str) -> bool:
    probe = f"import sys; sys.exit(0 if sys.version_info >= {MIN_PYTHON} else 1)"
    try:
        return subprocess.run([exe, "-c", probe], capture_output=True).returncode == 0
    except OSError:
        return False


def find_python() -> str:
    """A Python 3.12+ to build .venv with (PySide6 6.12 on 3.11 corrupts the refcounts of
    None/True and crashes; 3.12's immortal objects make that harmless — see docs/decisions.md)."""
    if sys.version_info >= MIN_PYTHON:
        return sys.executable
    candidates = ["python3.12", "python3.13"]  # 3.12 first: what the suite is run with
    if IS_WINDOWS:
        candidates = ["py -3.12", "py -3.13"]
    for name in candidates:
        parts = name.split()
        exe = shutil.which(parts[0])
        if exe and len(parts) == 1 and _python_ok(exe):
            return exe
        if exe and len(parts) > 1:
            out = subprocess.run(
                [exe, parts[1], "-c", "import sys; print(sys.executable)"],
                capture_output=True,
                text=True,
            )
            if out.returncode == 0 and _python_ok(out.stdout.strip()):
                return out.stdout.strip()
    if shutil.which("pyenv"):
        bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True)
        for version in sorted(bare.stdout.split(), key=lambda v: (not v.startswith("3.12"), v)):
            if version.startswith(("3.12", "3.13")):
                prefix = subprocess.run(
                    ["pyenv", "prefix", version], capture_output=True, text=True
                )
                exe = str(Path(prefix.stdout.strip()) / "bin" / "python3")
                if prefix.returncode == 0 and _python_ok(exe):
                    return exe
    raise SystemExit(
        "[dev] FPR Desktop needs Python 3.12 or newer (python.org, or `pyenv install 3.12`)."
    )


def ensure_venv(extras: str) -> None:
    if PY.exists() and not _python_ok(str(PY)):
        say(f"{VENV.name}/ was made with an older Python: recreating it")
        shutil.rmtree(VENV)
    if not PY.exists():
        base = find_python()
        say(f"creating virtual environment in {VENV.name}/ with {base}")
        check([base, "-m", "venv", str(VENV)])
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f"{STAMP_PREFIX}-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("installing the project and its dependencies (first time or pyproject.toml changed)")
    check([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    target = f".[{extras}]" if extras else "."
    check([str(PY), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT)
    stamp.write_text(digest)


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_ready() -> bool:
    return (
        shutil.which("pg_isready") is not None and run(["pg_isready", "-q", "-h", "127.0.0.1"]) == 0
    )


def ensure_local_postgres() -> str:
    """Start (or install and start) the local PostgreSQL server; return an admin URL."""
    if not _pg_ready():
        if platform.system() != "Linux":
            raise SystemExit(
                f"[dev] no PostgreSQL server: start one and set {PG_ENV}, "
                "e.g. postgresql+psycopg://postgres@127.0.0.1/postgres"
            )
        if not shutil.which("pg_lsclusters"):
            ensure_debs(["postgresql"])
        clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
        for line in clusters.splitlines():
            version, name, _port, status = line.split()[:4]
            if status != "online":
                say(f"starting PostgreSQL {version}/{name}")
                run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"])
        for _ in range(60):
            if _pg_ready():
                break
            time.sleep(1)
        else:
            raise SystemExit("[dev] PostgreSQL did not become ready")
    user = "postgres"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # trust auth over TCP is the Debian CI default; fall back to the socket as postgres
        ok = (
            run(
                ["psql", "-h", "127.0.0.1", "-U", user, "-d", "postgres", "-qtAc", "SELECT 1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            == 0
        )
        if not ok:
            raise SystemExit(
                f"[dev] cannot log in to PostgreSQL on 127.0.0.1 as {user}; set {PG_ENV}"
            )
    return f"postgresql+psycopg://{user}@127.0.0.1/postgres"


def _admin_sql(admin_url: str, sql: str) -> None:
    code = (
        "import sys, sqlalchemy as sa\n"
        "e = sa.create_engine(sys.argv[1], isolation_level='AUTOCOMMIT')\n"
        "with e.connect() as c: c.exec_driver_sql(sys.argv[2])\n"
    )
    check([str(PY), "-c", code, admin_url, sql])


# --- commands ------------------------------------------------------------------------------------


def pytest_run(label: str, env: dict[str, str], args: list[str]) -> int:
    say(f"pytest on {label}")
    code = run([str(PY), "-m", "pytest", *args], cwd=ROOT, env=env)
    if code == 5:
        say("pytest collected no tests: the suite is missing — treated as a failure")
        return 1
    return code


def cmd_test(args: list[str]) -> int:
    ensure_debs(TEST_PACKAGES)
    ensure_venv("test,installer")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop(PG_ENV, None)
    say("ruff")
    if run([str(BIN / "ruff"), "check", "."], cwd=ROOT) != 0:
        return 1
    say("import-linter (the core must not import Qt)")
    if run([str(BIN / "lint-imports")], cwd=ROOT) != 0:
        return 1
    say("mypy (the core)")
    if run([str(PY), "-m", "mypy"], cwd=ROOT) != 0:
        return 1
    results = {"SQLite": pytest_run("SQLite", env, args)}

    given = os.environ.get(PG_ENV)
    if given:
        results["PostgreSQL"] = pytest_run("PostgreSQL", {**env, PG_ENV: given}, args)
    else:
        admin_url = ensure_local_postgres()
        name = f"fpr_ci_{uuid.uuid4().hex[:10]}"
        _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
        try:
            url = admin_url.rsplit("/", 1)[0] + f"/{name}"
            results["PostgreSQL"] = pytest_run("PostgreSQL", {**env, PG_ENV: url}, args)
        finally:
            _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not args and all(code == 0 for code in results.values()):
        results["bundle"] = build_bundle()
    for label, code in results.items():
        say(f"{label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return 0 if all(code == 0 for code in results.values()) else 1


def build_bundle() -> int:
    """The installer check (whole-suite runs only): PyInstaller one-folder bundle, the frozen
    program's smoke test on a fresh database, and makensis over the bundle's file list."""
    say("installer: bundle, frozen smoke, makensis")
    script = ROOT / "installer" / "build.py"
    return run([str(PY), str(script), "--check", "--nsis", "--no-compress"], cwd=ROOT)


def cmd_run(args: list[str]) -> int:
    ensure_debs(RUN_PACKAGES)
    ensure_venv("")
    return run([str(PY), str(ROOT / "main.py"), *args], cwd=ROOT)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print("usage: python dev.py run [fpr arguments…] | python dev.py test [pytest arguments…]")
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return cmd_run(rest) if command == "run" else cmd_test(rest)


if __name__ == "__main__":
    sys.exit(main())
