"""Background tasks of released reports (django-tasks; `medvirk db_worker` runs them)."""

from __future__ import annotations

import contextlib

from django_tasks import task

from reports import build, pdf
from reports.models import Release


@task()
def build_release(release_id: int) -> str:
    """Compute, audit and publish a release; then its PDFs, if asked for."""
    release = Release.objects.select_related("round", "created_by").get(pk=release_id)
    with contextlib.suppress(build.ReleaseBlocked):  # kept as blocked, with the findings
        release = build.build_release(release=release)
    if release.is_published and release.with_pdf:
        pdf.render_release(release=release)
    return release.status


@task()
def render_release_pdfs(release_id: int) -> int:
    """Render every unit's PDF of a release (both languages); returns how many."""
    release = Release.objects.select_related("round").get(pk=release_id)
    return pdf.render_release(release=release).pdfs_done
