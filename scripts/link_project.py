"""Put the project folder on this virtualenv's import path (a .pth file), so that every app
in the checkout is importable by the `medvirk` command without reinstalling."""

from __future__ import annotations

import sysconfig
from pathlib import Path

project = Path(__file__).resolve().parent.parent
target = Path(sysconfig.get_paths()["purelib"]) / "medvirk-project.pth"
target.write_text(f"{project}\n", encoding="utf-8")
