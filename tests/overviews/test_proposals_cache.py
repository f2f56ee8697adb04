"""The proposed groups are kept per questionnaire dimension under a digest of its measures: a
second view clusters nothing, a changed measure reclusters its own dimension only, and the
groups are the same as clustering everything at once."""

from __future__ import annotations

from actions.models import Measure
from lib import clustering
from overviews import services


def _counting(monkeypatch) -> list[set[str]]:
    """Record the dimensions `clustering.propose` is asked to cluster (and let it cluster)."""
    calls: list[set[str]] = []
    real = clustering.propose

    def propose(items, **kwargs):
        calls.append({i.dimension for i in items})
        return real(items, **kwargs)

    monkeypatch.setattr(clustering, "propose", propose)
    return calls


def _shape(proposals):
    return [(p.dimension, p.name, p.terms, [m.pk for m in p.measures], p.units) for p in proposals]


def test_a_second_view_clusters_nothing_and_a_change_one_dimension(
    personas, scene, clean_cache, monkeypatch
):
    overview = services.get_or_start(
        actor=personas.head, unit=personas.org.music, round=scene.round
    )
    measures = services.measure_rows(overview.unit, overview.round, language="nb")
    expected = _shape(
        services.Proposal(g.dimension, g.name, g.terms,
                          tuple(next(m for m in measures if str(m.uid) == k) for k in g.keys),
                          g.units)
        for g in clustering.propose([
            clustering.Item(str(m.uid), f"{m.title}. {m.description}", m.dimension, m.unit_code)
            for m in measures
        ])
        if len(g.keys) > 1
    )  # fmt: skip
    calls = _counting(monkeypatch)
    first = services.proposals(overview)
    assert _shape(first) == expected
    assert sorted(d for call in calls for d in call) == ["demands", "resources"]
    calls.clear()
    assert _shape(services.proposals(overview)) == expected
    assert calls == []
    calendar = Measure.objects.get(title="Shared calendar of teaching load and deadlines")
    calendar.title = "Shared calendar of teaching load and exam deadlines"
    calendar.save(update_fields=["title"])
    services.proposals(overview)
    assert calls == [{"demands"}]
