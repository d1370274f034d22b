"""The lock files pin what requirements*.txt name, at the same versions, each with hashes.

requirements.txt and requirements-dev.txt are edited by people; ``make lock``
writes requirements.lock and requirements-dev.lock from them. A pin changed in
one and not the other would install something else than what was chosen.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def pins(path):
    found = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line.strip()):
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("chosen", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_the_lock_pins_what_was_chosen(chosen, lock):
    wanted = pins(ROOT / chosen)
    if chosen == "requirements-dev.txt":
        wanted |= pins(ROOT / "requirements.txt")
    locked = pins(ROOT / lock)
    assert {name: locked.get(name) for name in wanted} == wanted, "run make lock"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_its_hashes(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
    packages = [entry for entry in entries if PIN.match(entry)]
    assert len(packages) > 20
    assert [entry.split()[0] for entry in packages if "--hash=sha256:" not in entry] == []


def test_runtime_lock_is_part_of_the_development_lock():
    runtime, development = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: development.get(name) for name in runtime} == runtime
