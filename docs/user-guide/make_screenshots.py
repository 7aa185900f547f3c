"""Regenerate the user guide's screenshots with the program's own `fpr smoke --screenshots`.

    python docs/user-guide/make_screenshots.py

A throw-away database with the demonstration data (`fpr demo`) is opened offscreen; every
tab and administration page is captured at 1280×800 into docs/user-guide/images/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGES = Path(__file__).resolve().parent / "images"


def fpr(db: Path, *args: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, str(ROOT / "main.py"), "--db", f"sqlite:///{db}", *args]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fpr-guide-") as tmp:
        db = Path(tmp) / "demo.sqlite3"
        fpr(db, "demo")
        shots = Path(tmp) / "shots"
        fpr(db, "smoke", "--screenshots", str(shots))
        if IMAGES.exists():
            shutil.rmtree(IMAGES)
        shutil.copytree(shots, IMAGES)
    print(f"{len(list(IMAGES.glob('*.png')))} screenshots in {IMAGES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
