"""Build the one-folder bundle, check it, and compile the Windows installer script.

    python installer/build.py            # bundle → dist/FPRDesktop/
    python installer/build.py --check    # … then the frozen `fpr smoke` on a fresh database
    python installer/build.py --check --nsis   # … then makensis → dist/FPRDesktop-Setup-<v>.exe
    (add --no-compress for a quick check of the NSIS script; CI does)

Run with the project's virtual environment (`pip install -e .[installer]`). On Windows this
makes the real installer; on Linux (CI) the same steps prove the spec and the NSIS script.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "FPRDesktop"
WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
SMOKE_TIMEOUT_S = 180


def say(text: str) -> None:
    print(f"[installer] {text}", flush=True)


def version() -> str:
    from fpr_desktop import __version__

    return __version__


def numeric_version(text: str) -> tuple[int, int, int, int]:
    parts = [int(p) for p in re.findall(r"\d+", text)[:4]]
    return (*parts, *[0] * (4 - len(parts)))  # type: ignore[return-value]


def write_version_info() -> Path:
    """The Windows version resource of both executables (PyInstaller's VSVersionInfo text)."""
    from fpr_desktop import APP_NAME, APP_TITLE

    v = numeric_version(version())
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'FPR'),
      StringStruct('FileDescription', '{APP_TITLE}'),
      StringStruct('FileVersion', '{version()}'),
      StringStruct('InternalName', 'FPRDesktop'),
      StringStruct('OriginalFilename', 'FPRDesktop.exe'),
      StringStruct('ProductName', '{APP_NAME}'),
      StringStruct('ProductVersion', '{version()}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])]
)
"""
    WORK.mkdir(exist_ok=True)
    out = WORK / "version_info.txt"
    out.write_text(text, encoding="utf-8")
    return out


def build_bundle() -> float:
    write_version_info()
    say("PyInstaller: one-folder build")
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller")]
    subprocess.run([*cmd, str(ROOT / "installer" / "fpr.spec")], check=True, cwd=ROOT)
    return time.monotonic() - t0


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def smoke() -> float:
    """Run the bundled `fpr smoke` on a fresh SQLite database; seconds to the first window."""
    exe = BUNDLE / f"fpr{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="fpr-frozen-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FPR_", "PYTHON"))}
        env |= {"QT_QPA_PLATFORM": "offscreen", "HOME": tmp, "XDG_DATA_HOME": tmp}
        env |= {"XDG_CONFIG_HOME": tmp, "FPR_BENCH_T0": str(time.time())}
        db = Path(tmp) / "fresh.sqlite3"
        shots = Path(tmp) / "shots"
        say(f"frozen smoke: {exe.relative_to(ROOT)} --db <fresh> smoke --screenshots <dir>")
        out = subprocess.run(
            [str(exe), "--db", f"sqlite:///{db}", "smoke", "--screenshots", str(shots)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            timeout=SMOKE_TIMEOUT_S,
        )
        sys.stdout.write(out.stdout)
        sys.stderr.write(out.stderr[-4000:])
        if out.returncode != 0:
            raise SystemExit(f"[installer] frozen smoke failed (exit {out.returncode})")
        if not db.is_file():
            raise SystemExit("[installer] frozen smoke did not create the database")
        missing = [t for t in expected_tabs() if not any(shots.glob(f"*_{t}.png"))]
        if missing:  # a module found from source but not in the bundle
            raise SystemExit(f"[installer] frozen program lacks the tabs: {', '.join(missing)}")
        say(f"frozen smoke captured {len(list(shots.glob('*.png')))} screens")
        found = re.search(r"main-window-shown-after ([\d.]+)", out.stdout)
        return float(found.group(1)) if found else float("nan")


def expected_tabs() -> list[str]:
    """Every module tab the program has when run from source."""
    from fpr_desktop.base.registry import modules

    return [m.title for m in modules() if m.tab]


def write_file_list() -> Path:
    """build/files.nsh: one File per bundled file, and the uninstaller's matching deletes."""
    files = sorted(p.relative_to(BUNDLE) for p in BUNDLE.rglob("*") if p.is_file())
    dirs = sorted({p.parent for p in files if p.parent != Path(".")}, key=lambda p: -len(p.parts))
    out = ["; generated by installer/build.py from the bundle's file list: do not edit"]
    out.append("!macro FPR_INSTALL_FILES")
    current: Path | None = None
    for f in files:
        if f.parent != current:
            current = f.parent
            sub = "" if current == Path(".") else "\\" + str(current).replace("/", "\\")
            out.append(f'  SetOutPath "$INSTDIR{sub}"')
        out.append(f'  File "{BUNDLE / f}"')
    out.append("!macroend")
    out.append("!macro FPR_UNINSTALL_FILES")
    out += [f'  Delete "$INSTDIR\\{str(f).replace("/", "\\")}"' for f in files]
    out += [f'  RMDir "$INSTDIR\\{str(d).replace("/", "\\")}"' for d in dirs]
    out.append("!macroend")
    WORK.mkdir(exist_ok=True)
    nsh = WORK / "files.nsh"
    nsh.write_text("\n".join(out) + "\n", encoding="utf-8")
    return nsh


def compile_installer(*, compress: bool = True) -> Path:
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit("[installer] makensis not found (Debian: apt-get install nsis)")
    nsh = write_file_list()
    from fpr_desktop import __version__

    out = DIST / f"FPRDesktop-Setup-{__version__}.exe"
    v = ".".join(str(n) for n in numeric_version(__version__))
    say(f"makensis → {out.relative_to(ROOT)}")
    cmd = [makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={__version__}"]
    cmd += [f"-DVERSION4={v}", f"-DFILES_NSH={nsh}", f"-DOUTFILE={out}"]
    cmd += [f"-DROOT={ROOT}"]
    if not compress:
        cmd.append("-DNOCOMPRESS")
    cmd.append(str(ROOT / "installer" / "fpr.nsi"))
    subprocess.run(cmd, check=True, cwd=ROOT / "installer")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="run the frozen smoke test")
    parser.add_argument("--nsis", action="store_true", help="compile the NSIS installer")
    parser.add_argument("--no-build", action="store_true", help="reuse dist/FPRDesktop")
    parser.add_argument(
        "--no-compress", action="store_true", help="makensis without compression (CI check)"
    )
    args = parser.parse_args()
    if not args.no_build:
        seconds = build_bundle()
        say(f"bundle built in {seconds:.0f} s")
    size = folder_size(BUNDLE)
    count = sum(1 for f in BUNDLE.rglob("*") if f.is_file())
    say(f"bundle: {BUNDLE.relative_to(ROOT)} — {size / 2**20:.0f} MiB in {count} files")
    if args.check:
        say(f"frozen start-up to the main window (fresh database): {smoke():.2f} s")
    if args.nsis:
        t0 = time.monotonic()
        setup = compile_installer(compress=not args.no_compress)
        say(f"makensis took {time.monotonic() - t0:.0f} s")
        say(f"installer: {setup.name} — {setup.stat().st_size / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
