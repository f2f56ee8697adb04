"""Both catalogues are complete: every translatable string in the code has a bokmål
translation, none is fuzzy, and the compiled catalogue is in use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["medvirk", "orgs", "accounts", "audit", "api", "lib", "templates", "locale"]
SOURCES += [p.name for p in ROOT.iterdir() if (p / "apps.py").exists() and p.name not in SOURCES]


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural forms joined."""
    entries, msgid, msgstr, fuzzy, field = [], None, [], False, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, msgstr, field = line[6:].strip('"'), [], "id"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgstr"):
            msgstr.append(line.split(" ", 1)[1].strip('"'))
            field = "str"
        elif line.startswith('"') and field == "id":
            msgid = (msgid or "") + line.strip('"')
        elif line.startswith('"') and field == "str":
            msgstr[-1] += line.strip('"')
        elif not line.strip():
            if msgid:
                entries.append((msgid, "".join(msgstr) if all(msgstr) else "", fuzzy))
            msgid, msgstr, fuzzy, field = None, [], False, None
    return entries


@pytest.mark.parametrize("language", ["nb"])
def test_the_committed_catalogue_is_complete(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, msgstr, fuzzy in _entries(po) if not msgstr or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy entries, first: {missing[:10]}"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
    env = {**os.environ, "MEDVIRK_TESTING": "1", "DJANGO_SETTINGS_MODULE": "medvirk.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nb", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    extracted = {msgid for msgid, _, _ in _entries(tmp_path / "locale/nb/LC_MESSAGES/django.po")}
    committed = {msgid for msgid, _, _ in _entries(ROOT / "locale/nb/LC_MESSAGES/django.po")}
    new = sorted(extracted - committed)
    assert not new, f"{len(new)} strings not in the catalogue – run makemessages: {new[:10]}"


def test_the_interface_speaks_bokmal_by_default():
    with translation.override("nb"):
        assert translation.gettext("Skip to main content") != "Skip to main content"
