"""Reading laws: TOML files and shipped presets into :class:`~hemicycle.law.schema.Law`.

Every problem is a :class:`~hemicycle.errors.LawError` that points into the file, in the
notation of the file's own keys::

    iraq-2021.toml: tiers[0].districts[3].seats must be >= 1 (got 0)

A tier may take its districts from a CSV file beside the law (``districts_file =
"districts.csv"`` with columns ``id,seats`` and optionally ``region,women``); its rows are
checked as strictly as districts written in the law.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hemicycle.errors import LawError
from hemicycle.law.schema import Law

_DISTRICT_COLUMNS = ("id", "seats", "region", "women")


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedLaw:
    """A law with where it came from: its source name, its text and the SHA-256 of the text."""

    law: Law
    source: str
    text: str
    sha256: str


def _path_text(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _got(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def describe_error(error: Mapping[str, Any]) -> str:
    """One pydantic error in the words of a law file.

    >>> describe_error({"loc": ("tiers", 0, "districts", 3, "seats"), "type": "greater_than_equal",
    ...                 "ctx": {"ge": 1}, "input": 0, "msg": ""})
    'tiers[0].districts[3].seats must be >= 1 (got 0)'
    """
    where = _path_text(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind == "greater_than_equal":
        what = f"must be >= {ctx['ge']} (got {_got(got)})"
    elif kind == "greater_than":
        what = f"must be > {ctx['gt']} (got {_got(got)})"
    elif kind == "missing":
        what = "is missing"
    elif kind == "extra_forbidden":
        return f"{where} is not a known key"
    elif kind == "literal_error":
        what = f"must be one of {ctx['expected']} (got {_got(got)})"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        what = f"must be a whole number (got {_got(got)})"
    elif kind in {"string_type"}:
        what = f"must be text (got {_got(got)})"
    elif kind in {"bool_type", "bool_parsing"}:
        what = f"must be true or false (got {_got(got)})"
    elif kind in {"tuple_type", "list_type"}:
        what = f"must be a list (got {_got(got)})"
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        what = f"must be a table (got {_got(got)})"
    elif kind == "string_too_short":
        what = "must not be empty"
    elif kind == "too_short":
        what = f"must have at least {ctx.get('min_length', 1)} item"
    elif kind == "string_pattern_mismatch":
        what = f"must match {ctx['pattern']} (got {_got(got)})"
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return f"{where}: {message}" if where else message
    else:
        what = str(error["msg"]).lower()
    return f"{where} {what}" if where else what


def _read_districts(path: Path, owner: str, law_file: str) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LawError(f"{owner}: file {str(path)!r} not found", file=law_file) from None
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for column in header:
        if column not in _DISTRICT_COLUMNS:
            raise LawError(
                f"{owner}: {path.name} has unknown column {column!r}; expected "
                f"{', '.join(_DISTRICT_COLUMNS)}",
                file=law_file,
            )
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(reader, start=2):
        entry: dict[str, Any] = {"id": row.get("id", "")}
        for column in ("seats", "women"):
            value = (row.get(column) or "").strip()
            if value:
                if not value.isdecimal():
                    raise LawError(
                        f"{owner}: {path.name} row {number}, column {column!r} must be a whole "
                        f"number (got {value!r})",
                        file=law_file,
                    )
                entry[column] = int(value)
        if (row.get("region") or "").strip():
            entry["region"] = row["region"]
        rows.append(entry)
    return rows


def parse_law(text: str, *, source: str = "<law>", base: Path | None = None) -> Law:
    """A law from TOML text; ``source`` names it in errors, ``base`` is where
    ``districts_file`` paths start.

    >>> law = parse_law('''
    ... id = "toy"
    ... name = "Toy law"
    ... country = "Nowhere"
    ... statute = "Toy Act 2025 s.1"
    ... date = "2025"
    ... [[tiers]]
    ... id = "main"
    ... kind = "district"
    ... formula = "dhondt"
    ... districts = [{id = "North", seats = 3}, {id = "South", seats = 2}]
    ... ''')
    >>> law.total_seats
    5
    >>> parse_law('id = "x"', source="x.toml")
    Traceback (most recent call last):
    ...
    hemicycle.errors.LawError: x.toml: name is missing; country is missing; statute is missing; \
date is missing; tiers is missing
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LawError(f"is not valid TOML: {error}", file=source) from None
    tiers = data.get("tiers")
    if isinstance(tiers, list):
        for index, tier in enumerate(tiers):
            if isinstance(tier, dict) and "districts_file" in tier:
                owner = f"tiers[{index}].districts_file"
                if "districts" in tier:
                    raise LawError(
                        f"{owner}: give districts or districts_file, not both", file=source
                    )
                name = tier.pop("districts_file")
                if not isinstance(name, str):
                    raise LawError(f"{owner} must be text (got {name!r})", file=source)
                tier["districts"] = _read_districts((base or Path.cwd()) / name, owner, source)
    try:
        return Law.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        # a list whose items failed is also reported as too short: the items say why
        deeper = [e["loc"] for e in errors if e["type"] != "too_short"]
        messages = [
            describe_error(e)
            for e in errors
            if e["type"] != "too_short"
            or not any(
                loc[: len(e["loc"])] == e["loc"] and len(loc) > len(e["loc"]) for loc in deeper
            )
        ]
        raise LawError("; ".join(messages), file=source) from None


_PRESETS = "hemicycle.law.presets"


def preset_ids() -> tuple[str, ...]:
    """Ids of the shipped presets, sorted."""
    folder = resources.files(_PRESETS)
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def load(spec: str | Path) -> LoadedLaw:
    """A law from a preset id (``iraq-2023``) or a TOML file path, with its hash.

    >>> load("iraq-2023").law.total_seats
    329
    >>> load("iraq-2099")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    hemicycle.errors.LawError: unknown law 'iraq-2099': not a file, and not a preset; presets: ...
    """
    text_spec = str(spec)
    path = Path(text_spec)
    if text_spec.endswith(".toml") or path.is_file():
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise LawError("file not found", file=text_spec) from None
        base = path.parent
        source = path.name
    elif text_spec in preset_ids():
        raw = resources.files(_PRESETS).joinpath(f"{text_spec}.toml").read_bytes()
        base = Path(str(resources.files(_PRESETS)))
        source = f"{text_spec}.toml"
    else:
        raise LawError(
            f"unknown law {text_spec!r}: not a file, and not a preset; presets: "
            f"{', '.join(preset_ids())}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LawError(
            f"is not UTF-8 text (bad byte at offset {error.start})", file=source
        ) from None
    law = parse_law(text, source=source, base=base)
    return LoadedLaw(law=law, source=source, text=text, sha256=hashlib.sha256(raw).hexdigest())


def load_law(spec: str | Path | Law) -> Law:
    """The law itself, from a preset id, a file path or a :class:`Law` already built."""
    if isinstance(spec, Law):
        return spec
    return load(spec).law


__all__ = ["LoadedLaw", "describe_error", "load", "load_law", "parse_law", "preset_ids"]
