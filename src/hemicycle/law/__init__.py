"""Electoral laws as data: the schema, TOML loading, presets of real laws, and the engine that
applies a law to results and returns an :class:`Outcome` with a full trace."""

from hemicycle.law.engine import tabulate
from hemicycle.law.load import LoadedLaw, load, load_law, parse_law, preset_ids
from hemicycle.law.outcome import Elected, Outcome, TraceStep
from hemicycle.law.schema import Law

__all__ = [
    "Elected",
    "Law",
    "LoadedLaw",
    "Outcome",
    "TraceStep",
    "load",
    "load_law",
    "parse_law",
    "preset_ids",
    "tabulate",
]
