"""Reading the real elections that the ``interregnum`` package ships as YAML.

The files stay in the installed package (``interregnum/tests/examples/``) and are read at test
time. A node of a file is a mapping with a ``name``; a node with ``candidates`` holds votes, and
a candidate's ``seats`` is the published outcome. Names starting with ``?`` are blank ballots,
with ``!`` invalid ones (interregnum's convention).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hemicycle.types import DistrictTotals, ResultRow


def examples_root() -> Path | None:
    """The folder of the installed package's real elections, or None without the package."""
    try:
        root = Path(str(resources.files("interregnum"))) / "tests" / "examples"
    except ModuleNotFoundError:
        return None
    return root if root.is_dir() else None


def fixture_paths() -> list[str]:
    """Every election file of the package, relative to the examples folder, sorted."""
    root = examples_root()
    if root is None:
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml"))


def read(relative: str) -> dict[str, Any]:
    """One election file as data."""
    root = examples_root()
    assert root is not None
    data = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(slots=True)
class Ballot:
    """Votes of one node: per list (or candidate), blank and invalid ballots, published seats."""

    name: str
    seats: int | None
    votes: dict[str, int] = field(default_factory=dict)
    won: dict[str, int] = field(default_factory=dict)
    alliance: dict[str, str] = field(default_factory=dict)
    blank: int = 0
    invalid: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        """List votes and blank ballots (valid votes in Spanish law, LOREG art. 96.5)."""
        return sum(self.votes.values()) + self.blank

    def rows(self, district: str | None = None) -> list[ResultRow]:
        where = district or self.name
        return [
            ResultRow(district=where, list=name, candidate=None, votes=votes)
            for name, votes in self.votes.items()
        ]

    def totals(self, district: str | None = None, *, blank_valid: bool = True) -> DistrictTotals:
        valid = self.valid if blank_valid else sum(self.votes.values())
        return DistrictTotals(
            district=district or self.name,
            valid=valid,
            blank=self.blank,
            invalid=self.invalid,
            ballots=self.valid + self.invalid,
        )


def ballot(node: dict[str, Any]) -> Ballot:
    """The votes and published seats of a node with candidates."""
    entry = Ballot(
        name=str(node.get("key", node["name"])),
        seats=node.get("seats"),
        meta=dict(node.get("meta") or {}),
        raw=node,
    )
    for item in node["candidates"]:
        name = str(item["name"])
        votes = int(item.get("votes", 0))
        if name.startswith("?"):
            entry.blank += votes
        elif name.startswith("!"):
            entry.invalid += votes
        else:
            if name in entry.votes:
                raise AssertionError(f"{name!r} twice in {entry.name!r}")
            entry.votes[name] = votes
            if item.get("seats"):
                entry.won[name] = int(item["seats"])
            if item.get("alliance"):
                entry.alliance[name] = str(item["alliance"])
    return entry


def leaves(node: dict[str, Any]) -> Iterator[Ballot]:
    """Every node with candidates under ``node`` (itself included), in file order."""
    if isinstance(node.get("candidates"), list):
        yield ballot(node)
    for child in node.get("divisions") or ():
        if isinstance(child, dict):
            yield from leaves(child)


def division(node: dict[str, Any], name: str) -> dict[str, Any]:
    """The child node called ``name`` (by key or name), searched depth first."""
    for child in node.get("divisions") or ():
        if child.get("name") == name or child.get("key") == name:
            return dict(child)
        try:
            return division(child, name)
        except KeyError:
            continue
    raise KeyError(name)
