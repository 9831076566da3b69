"""Elections and outcomes of the results store, as the pages, the API and the CLI use them:
import, choose a law (a preset, or a law file given as text), tabulate, compare, publish and
report. Each call parses, runs the library and stores; no arithmetic of its own.

The results store (:mod:`hemicycle.io.store`) opens the database file itself, so every call to
it runs while :meth:`~hemicycle.io.audit_log.Database.exclusive` holds off the web app's own
readers and writers; a write is then recorded in the audit log with its SHA-256. Outcomes never
change once stored, so each is read from the store once and then kept in the render cache.
"""

from __future__ import annotations

import hashlib
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from hemicycle.analysis.disproportionality import list_votes
from hemicycle.errors import DataError, LawError
from hemicycle.io import audit_log, uploads
from hemicycle.io.audit_log import Database
from hemicycle.io.store import ElectionSummary, ImportReport, Store, StoredOutcome, law_hash
from hemicycle.law import load, parse_law, preset_ids
from hemicycle.law import tabulate as run_law
from hemicycle.law.load import LoadedLaw
from hemicycle.report.model import Report, record_sha256
from hemicycle.report.outcome import (
    OutcomeInputs,
    build_outcome_report,
    community_districts,
    outcome_record,
    reserved_seats,
    stored_law_communities,
)
from hemicycle.types import Results
from hemicycle.web.cache import RenderCache
from hemicycle.web.forensics import outcome_sections

LIST_SECONDS = 2.0
"""How long the lists of elections and outcomes are kept (the CLI may add to them)."""

ROLES = ("results", "candidates", "totals", "seats")
"""The files of an election, in the order the import form shows them."""

MAX_LAW_BYTES = 256 * 1024
"""Largest law text accepted from a form."""


def store_of(db: Database) -> Store:
    """The results store in the web app's database file."""
    return Store(db.path)


def prepare_store(db: Database) -> None:
    """Bring the results store's schema up to date (once, before serving)."""
    with db.exclusive():
        store_of(db).schema_version()


# -- elections ------------------------------------------------------------------------------


def elections(db: Database, cache: RenderCache | None = None) -> tuple[ElectionSummary, ...]:
    """Every election in the store (kept for :data:`LIST_SECONDS` when given a ``cache``)."""

    def read() -> tuple[ElectionSummary, ...]:
        with db.exclusive():
            return store_of(db).elections()

    if cache is None:
        return read()
    return cache.get(("elections", 0, "list"), read, seconds=LIST_SECONDS)


def election(db: Database, name: str) -> ElectionSummary:
    """One election (DataError when there is none of that name)."""
    with db.exclusive():
        return store_of(db).election(name)


def election_results(db: Database, name: str) -> Results:
    """An election's results, candidates and totals, as the law engine reads them."""
    with db.exclusive():
        return store_of(db).results(name)


def import_election(
    db: Database,
    files: Mapping[str, tuple[str, bytes]],
    *,
    name: str,
    actor: str,
    replace: bool = False,
    cache: RenderCache | None = None,
) -> ImportReport:
    """Check the uploaded files (role → (file name, bytes)) and store them as one election.

    Every rule of :mod:`hemicycle.io.validate` is checked first; a file with any problem raises
    :class:`~hemicycle.io.problems.ValidationError` listing each one, and nothing is stored.
    The audit-log entry is written in the import's own transaction: both commit or neither.
    """
    if "results" not in files:
        raise DataError("upload a results file (district,list,candidate,votes)")
    unknown = set(files) - set(ROLES)
    if unknown:
        raise DataError(f"unknown input {sorted(unknown)[0]!r}; inputs are {', '.join(ROLES)}")
    with tempfile.TemporaryDirectory(prefix="hemicycle-upload-") as folder:
        paths: dict[str, Path] = {}
        for role, (file_name, data) in files.items():
            safe = PurePath(file_name).name or f"{role}.csv"
            path = Path(folder) / role / safe
            path.parent.mkdir()
            path.write_bytes(data)
            paths[role] = path
        election = name.strip() or paths["results"].stem

        def log(cursor: Any, import_id: int) -> None:
            audit_log.append(
                cursor,
                actor=actor,
                action="election.import",
                target=f"election:{election}",
                details={
                    "import": import_id,
                    "replace": replace,
                    "files": {role: path.name for role, path in paths.items()},
                },
                sha256=hashlib.sha256(files["results"][1]).hexdigest(),
            )

        with db.exclusive():
            report = store_of(db).import_results(
                paths["results"],
                candidates=paths.get("candidates"),
                totals=paths.get("totals"),
                seats=paths.get("seats"),
                election=election,
                replace=replace,
                before_commit=log,
            )
    if cache is not None:
        cache.invalidate("elections", 0)
        if replace:
            cache.clear()  # votes shown beside outcomes may have changed
    return report


# -- laws -------------------------------------------------------------------------------------


def law_from_text(text: str, *, source: str = "law.toml") -> LoadedLaw:
    """A law written in a form or uploaded: checked, with errors that point into the text.

    A law from the web may not read files of the server, so ``districts_file`` is refused.

    >>> law_from_text('id = "x"').law
    Traceback (most recent call last):
    ...
    hemicycle.errors.LawError: law.toml: name is missing; country is missing; statute is \
missing; date is missing; tiers is missing
    """
    raw = text.encode("utf-8")
    if len(raw) > MAX_LAW_BYTES:
        raise LawError(f"is longer than {MAX_LAW_BYTES:,} bytes", file=source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LawError(f"is not valid TOML: {error}", file=source) from None
    for index, tier in enumerate(data.get("tiers") or ()):
        if isinstance(tier, dict) and "districts_file" in tier:
            raise LawError(
                f"tiers[{index}].districts_file: a law given here must list its districts "
                "(districts = [...]); it cannot read files",
                file=source,
            )
    law = parse_law(text, source=source)
    return LoadedLaw(law=law, source=source, text=text, sha256=hashlib.sha256(raw).hexdigest())


def choose_law(preset: str | None, text: str | None) -> LoadedLaw:
    """The law chosen in a form: its text when one is given, else the preset."""
    if text and text.strip():
        return law_from_text(text)
    if not preset:
        raise LawError("choose a preset law or give a law file")
    if preset not in preset_ids():
        raise LawError(f"unknown preset {preset!r}; presets: {', '.join(preset_ids())}")
    return load(preset)


def preset_text(preset: str) -> str:
    """The TOML text of a preset, to start editing from."""
    if preset not in preset_ids():
        raise LawError(f"unknown preset {preset!r}; presets: {', '.join(preset_ids())}")
    return load(preset).text


def law_summaries() -> list[dict[str, Any]]:
    """Every preset law: id, name, country, statute, date, seats."""
    found = []
    for preset in preset_ids():
        law = load(preset).law
        found.append(
            {
                "id": law.id,
                "name": law.name,
                "country": law.country,
                "statute": law.statute,
                "date": law.date,
                "seats": law.total_seats,
            }
        )
    return found


# -- outcomes ---------------------------------------------------------------------------------


def tabulate_election(
    db: Database,
    name: str,
    law: LoadedLaw,
    *,
    actor: str,
    partial: bool = False,
    seed: str | None = None,
    cache: RenderCache | None = None,
) -> StoredOutcome:
    """Apply a law to an election and store the outcome with its provenance (audited)."""
    outcome = run_law(law.law, election_results(db, name), partial=partial, seed=seed)
    document = outcome_record(outcome)

    def log(cursor: Any, outcome_id: int) -> None:  # in the outcome's own transaction
        audit_log.append(
            cursor,
            actor=actor,
            action="outcome.create",
            target=f"outcome:{outcome_id}",
            details={"election": name, "law": law.law.id, "law_sha256": law_hash(law.text)},
            sha256=record_sha256(document),
        )

    with db.exclusive():
        saved = store_of(db).save_outcome(
            document,
            law_id=law.law.id,
            law_text=law.text,
            election=name,
            tie_break_seeds=() if seed is None else (seed,),
            before_commit=log,
        )
    if cache is not None:
        cache.invalidate("outcomes", 0)
    return saved


@dataclass(frozen=True, slots=True, kw_only=True)
class LawComparison:
    """The same election under several laws: seats by list and law, and each diagram."""

    election: str
    laws: tuple[str, ...]
    total_seats: Mapping[str, int]
    seats: Mapping[str, Mapping[str, int]]
    missing: Mapping[str, tuple[str, ...]]
    reserved: Mapping[str, tuple[Mapping[str, int], str]] = field(default_factory=dict)
    """Each law's reserved seats by list and what the diagram calls them
    (:func:`~hemicycle.report.outcome.reserved_seats`)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "election": self.election,
            "laws": list(self.laws),
            "total_seats": dict(self.total_seats),
            "seats": {name: dict(by_law) for name, by_law in self.seats.items()},
            "missing_districts": {law: list(m) for law, m in self.missing.items()},
        }

    def seats_under(self, law: str) -> dict[str, int]:
        """Seats by list under one law."""
        return {name: by_law[law] for name, by_law in self.seats.items() if by_law[law]}


def compare_laws(
    db: Database,
    name: str,
    laws: Sequence[LoadedLaw],
    *,
    partial: bool = False,
    seed: str | None = None,
) -> LawComparison:
    """Count one election under each law (what-if); nothing is stored."""
    if len(laws) < 1:
        raise LawError("choose at least one law to compare")
    results = election_results(db, name)
    outcomes = [run_law(law.law, results, partial=partial, seed=seed) for law in laws]
    ids = tuple(o.law for o in outcomes)
    lists: list[str] = []
    for o in outcomes:
        lists.extend(p for p in o.seats if p not in lists)
    return LawComparison(
        election=name,
        laws=ids,
        total_seats={o.law: o.total_seats for o in outcomes},
        seats={p: {o.law: o.seats.get(p, 0) for o in outcomes} for p in lists},
        missing={o.law: o.missing_districts for o in outcomes},
        reserved={
            o.law: reserved_seats(o.as_json(), community_districts(law.law))
            for o, law in zip(outcomes, laws, strict=True)
        },
    )


def outcomes(
    db: Database, *, published_only: bool, cache: RenderCache | None = None
) -> list[StoredOutcome]:
    """Stored outcomes, newest first; only the published ones for the public."""

    def read() -> list[StoredOutcome]:
        with db.exclusive():
            return list(store_of(db).outcomes())

    if cache is None:
        found = read()
    else:
        found = cache.get(("outcomes", 0, "list"), read, seconds=LIST_SECONDS)
    if published_only:
        public = uploads.publications(db)
        found = [o for o in found if o.id in public]
    return found[::-1]


def outcome(db: Database, outcome_id: int, cache: RenderCache | None = None) -> StoredOutcome:
    """One stored outcome (DataError when there is none); read once when given a ``cache``."""

    def read() -> StoredOutcome:
        with db.exclusive():
            return store_of(db).outcome(outcome_id)

    if cache is None:
        return read()
    return cache.get(("outcome", outcome_id, "stored"), read)


def publish(db: Database, stored: StoredOutcome, *, actor: str, cache: RenderCache) -> None:
    """Publish an outcome; its rendered pages are built again."""
    uploads.publish_outcome(db, stored.id, sha256=record_sha256(stored.outcome), actor=actor)
    cache.invalidate("outcome", stored.id)
    cache.invalidate("outcomes", 0)


def outcome_inputs(stored: StoredOutcome) -> OutcomeInputs:
    """The provenance of a stored outcome, as the report shows it."""
    return OutcomeInputs(
        law_id=stored.provenance.law_id,
        law_sha256=stored.provenance.law_hash,
        input_hashes=stored.provenance.input_hashes,
        version=stored.provenance.hemicycle_version,
        seeds=stored.provenance.tie_break_seeds,
        election=stored.election,
        outcome_id=stored.id,
    )


def law_communities(db: Database, stored: StoredOutcome) -> tuple[str, ...]:
    """The community districts of the law an outcome was counted under, from the law's text
    kept in the store; none when the text is not there."""
    try:
        with db.exclusive():
            text = store_of(db).law_text(stored.provenance.law_id, stored.provenance.law_hash)
    except DataError:
        return ()
    return stored_law_communities(text)


def outcome_report(
    db: Database,
    stored: StoredOutcome,
    cache: RenderCache,
    *,
    offices: tuple[int, str] | None = None,
    order: tuple[str, ...] = (),
    mark_reserved: bool = True,
) -> Report:
    """The report of a stored outcome, built once per outcome and options and kept in
    ``cache``; the diagram orders the lists by size or by ``order`` (names from left to right)
    and rings the reserved seats (women's-quota replacements, community seats) unless
    ``mark_reserved`` is false."""
    digest = record_sha256(stored.outcome)
    extra = "" if offices is None else f":{offices[0]}:{offices[1]}"
    extra += f":order={','.join(order)}:reserved={mark_reserved}"

    def build() -> Report:
        votes = None
        if stored.election is not None:
            try:
                votes = list_votes(election_results(db, stored.election))
            except DataError:
                votes = None  # the election was removed or renamed since
        extra = () if stored.election is None else outcome_sections(db, stored.election, cache)
        return build_outcome_report(
            stored.outcome,
            outcome_inputs(stored),
            votes=votes,
            offices=offices,
            extra_sections=extra,
            order=order or None,
            mark_reserved=mark_reserved,
            communities=law_communities(db, stored) if mark_reserved else (),
        )

    return cache.get(("outcome", stored.id, f"report:{digest}{extra}"), build)


__all__ = [
    "MAX_LAW_BYTES",
    "ROLES",
    "LawComparison",
    "choose_law",
    "compare_laws",
    "election",
    "election_results",
    "elections",
    "import_election",
    "law_communities",
    "law_from_text",
    "law_summaries",
    "outcome",
    "outcome_inputs",
    "outcome_report",
    "outcomes",
    "prepare_store",
    "preset_text",
    "publish",
    "store_of",
    "tabulate_election",
]
