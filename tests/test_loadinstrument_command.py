"""`medvirk loadinstrument`: versions are stored once, frozen ones never change."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEntry
from surveys.instrument_services import sha256
from surveys.models import Instrument, RoundStatus
from tests.instruments import MINI, mini_data
from tests.rounds import survey_round

pytestmark = pytest.mark.django_db


def _write(tmp_path, text: str, name: str = "mini.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("loadinstrument", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _version_two() -> str:
    data = mini_data()
    data["version"] = 2
    work = data["sections"][0]["questions"]
    work[0]["text"]["en"] = "I usually get my work done within normal working hours."
    work.append({"code": "W3", "scale": "agree5", "text": {"nb": "Ny", "en": "New"}})
    climate = data["sections"][1]["questions"]
    data["sections"][1]["questions"] = [q for q in climate if q["code"] != "T1"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_it_stores_a_new_version_with_titles_source_and_hash(tmp_path) -> None:
    out, _ = _run(_write(tmp_path, MINI))
    instrument = Instrument.objects.get()
    assert (instrument.code, instrument.version) == ("mini", 1)
    assert (instrument.title_nb, instrument.title_en) == (
        "Liten testundersøkelse",
        "Small test survey",
    )
    assert instrument.source == MINI and instrument.sha256 == sha256(MINI)
    assert instrument.definition.code == "mini"
    assert "A new questionnaire with 6 items." in out and "Loaded mini version 1." in out
    entry = AuditEntry.objects.get(action="surveys.instrument.load")
    assert entry.object_id == str(instrument.uid) and entry.data["outcome"] == "created"


def test_a_dry_run_writes_nothing(tmp_path) -> None:
    out, _ = _run(_write(tmp_path, MINI), "--dry-run")
    assert "Dry run" in out
    assert not Instrument.objects.exists() and not AuditEntry.objects.exists()


def test_loading_the_same_content_again_changes_nothing(tmp_path) -> None:
    path = _write(tmp_path, MINI)
    _run(path)
    Instrument.objects.update(frozen_at=timezone.now())
    out, _ = _run(path)
    assert "already loaded; nothing changed" in out
    assert Instrument.objects.count() == 1 and AuditEntry.objects.count() == 1


def test_only_comments_or_layout_changed_counts_as_the_same_content(tmp_path) -> None:
    _run(_write(tmp_path, MINI))
    Instrument.objects.update(frozen_at=timezone.now())
    out, _ = _run(_write(tmp_path, "# A comment\n" + MINI, "commented.yaml"))
    assert "nothing changed" in out


def test_it_refuses_to_change_a_frozen_version(tmp_path) -> None:
    _run(_write(tmp_path, MINI))
    Instrument.objects.update(frozen_at=timezone.now())
    changed = MINI.replace("Small test survey", "A small test survey")
    with pytest.raises(CommandError, match="new version number"):
        _run(_write(tmp_path, changed, "changed.yaml"))
    assert Instrument.objects.get().source == MINI


def test_it_refuses_to_change_a_version_an_open_round_uses(personas, tmp_path) -> None:
    survey_round(personas.org.root, status=RoundStatus.OPEN)
    with pytest.raises(CommandError, match="already used by a survey round"):
        _run(_write(tmp_path, MINI.replace("Small test survey", "Changed")))


def test_it_replaces_a_version_that_no_round_has_used(tmp_path) -> None:
    _run(_write(tmp_path, MINI))
    changed = MINI.replace("Small test survey", "A small test survey")
    out, _ = _run(_write(tmp_path, changed, "changed.yaml"))
    assert "Replaced mini version 1." in out
    assert Instrument.objects.get().title_en == "A small test survey"


def test_it_reports_items_added_removed_and_changed_since_the_previous_version(tmp_path) -> None:
    _run(_write(tmp_path, MINI))
    out, _ = _run(_write(tmp_path, _version_two(), "v2.yaml"))
    assert "Compared with version 1:" in out
    assert "Items added: W3" in out
    assert "Items removed: T1" in out
    assert "Items with changed text: W1" in out
    assert "Items with a changed scale, kind or options: –" in out
    assert list(Instrument.objects.values_list("version", flat=True)) == [2, 1]


def test_it_lists_every_problem_and_stores_nothing(tmp_path) -> None:
    broken = MINI.replace("scale: agree5, reverse", "scale: agree7, reverse").replace(
        "items: [C1, C2]", "items: [C1, C9]"
    )
    path = _write(tmp_path, broken)
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems; nothing was stored"):
        call_command("loadinstrument", path, stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        f"{path}: item W2: unknown scale 'agree7' (defined: agree5)",
        f"{path}: index climate: unknown item C9",
    ]
    assert not Instrument.objects.exists()


def test_it_refuses_a_file_that_cannot_be_read(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Undersøkelse".encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(tmp_path / "missing.yaml"))
