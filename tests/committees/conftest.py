from __future__ import annotations

import pytest

from tests.committees.scene import CommitteeScene, build_committee_scene
from tests.personas import Personas


@pytest.fixture
def scene(personas: Personas) -> CommitteeScene:
    return build_committee_scene(personas)
