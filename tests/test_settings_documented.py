from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented_in_the_readme():
    settings_source = (ROOT / "medvirk" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    assert names, "no environment variables found in settings.py"
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"environment variables missing from README.md: {missing}"
