from __future__ import annotations

import pytest

from tests.reports.released import Released, release_round


@pytest.fixture
def released(personas) -> Released:
    return release_round(personas)
