"""The exact allocation core: pure functions, exact arithmetic, no I/O."""

from hemicycle.core.methods import METHODS, Method, apportion, get_method
from hemicycle.core.result import Allocation, Priority, Step
from hemicycle.core.ties import ByVotes, Lot, Tie, all_outcomes

__all__ = [
    "METHODS",
    "Allocation",
    "ByVotes",
    "Lot",
    "Method",
    "Priority",
    "Step",
    "Tie",
    "all_outcomes",
    "apportion",
    "get_method",
]
