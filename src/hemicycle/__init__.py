"""hemicycle: seats from votes, seats from populations, offices from seats — exactly, under real
laws — and audits of published results."""

from hemicycle.api import (
    analyze,
    apportion,
    biproportional,
    cabinet,
    compare,
    offices,
    paradoxes,
    power,
    simulate,
    tabulate,
)
from hemicycle.core import METHODS, Allocation, Lot, Priority, Tie, all_outcomes, get_method
from hemicycle.errors import (
    DataError,
    HemicycleError,
    InfeasibleError,
    LawError,
    TieError,
    UnknownMethodError,
)
from hemicycle.law import Law, Outcome

__version__ = "0.1.0"

__all__ = [
    "METHODS",
    "Allocation",
    "DataError",
    "HemicycleError",
    "InfeasibleError",
    "Law",
    "LawError",
    "Lot",
    "Outcome",
    "Priority",
    "Tie",
    "TieError",
    "UnknownMethodError",
    "__version__",
    "all_outcomes",
    "analyze",
    "apportion",
    "biproportional",
    "cabinet",
    "compare",
    "get_method",
    "offices",
    "paradoxes",
    "power",
    "simulate",
    "tabulate",
]
