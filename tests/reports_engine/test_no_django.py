from __future__ import annotations

import subprocess
import sys


def test_it_imports_the_engine_without_django() -> None:
    code = (
        "import sys; import lib.stats, lib.disclosure, lib.auditor; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 0
