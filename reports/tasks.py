"""Background tasks of released reports (django-tasks; `medvirk db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from reports import pdf
from reports.models import Release


@task()
def render_release_pdfs(release_id: int) -> int:
    """Render every unit's PDF of a release (both languages); returns how many."""
    release = Release.objects.select_related("round").get(pk=release_id)
    return pdf.render_release(release=release).pdfs_done
