"""Background tasks of report releases (django-tasks; `medvirk db_worker` runs them)."""

from __future__ import annotations

import contextlib

from django_tasks import task

from reports import build
from reports.models import Release


@task()
def build_release(release_id: int) -> str:
    release = Release.objects.select_related("round", "created_by").get(pk=release_id)
    with contextlib.suppress(build.ReleaseBlocked):  # kept as blocked, with the findings
        release = build.build_release(release=release)
    return release.status
