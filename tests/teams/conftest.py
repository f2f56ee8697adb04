from __future__ import annotations

import pytest

from tests.teampersonas import TeamSetup, build_team


@pytest.fixture
def team_setup(personas) -> TeamSetup:
    return build_team(personas)
