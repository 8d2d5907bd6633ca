"""The README stays true: it names every kind the registry holds and every setting the code reads."""

from __future__ import annotations

import re

from lib.kinds import KINDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_the_readme_names_every_kind_on_its_kind_line():
    line = next(p for p in README.split("\n\n") if p.startswith("KIND is "))
    assert set(re.findall(r"`(\w+)`", line.split(";")[0])) == set(KINDS)


def test_the_readme_documents_every_environment_setting():
    used = set()
    for path in (ROOT / "lib").rglob("*.py"):
        used.update(re.findall(r"environ(?:\.get)?\(\s*[\"']([A-Z_]+)[\"']", path.read_text()))
        used.update(re.findall(r"environ\[[\"']([A-Z_]+)[\"']\]", path.read_text()))
    assert used, "no settings found: the pattern is out of date"
    missing = sorted(name for name in used if f"`{name}`" not in README)
    assert not missing, missing
