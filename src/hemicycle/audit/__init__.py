"""Risk-limiting audits: assertions, ballot-polling and comparison tests, seeded sampling.

* :mod:`.assertions` — plurality, majority, super-majority and divisor-method seat outcomes as
  share assertions (Stark & Teague 2014; Blom et al. 2021).
* :mod:`.bravo`, :mod:`.minerva` — ballot-polling audits; :mod:`.alpha` — the ALPHA
  martingale for polling and comparison; :mod:`.kaplan_markov` — ballot-level comparison;
  :mod:`.macro` — batch-level comparison.
* :mod:`.sampling`, :mod:`.manifest` — Rivest's SHA-256 samplers and ballot manifests.
"""

from hemicycle.audit.alpha import (
    ShrinkTrunc,
    alpha_comparison_risk,
    alpha_polling_risk,
    alpha_risk,
)
from hemicycle.audit.assertions import (
    Assertion,
    plurality_assertions,
    seat_assertions,
    super_majority_assertions,
)
from hemicycle.audit.bravo import bravo_asn, bravo_risk, bravo_round_size, bravo_sequential_risk
from hemicycle.audit.kaplan_markov import (
    GAMMA,
    comparison_assort,
    comparison_expected_size,
    comparison_sample_size,
    kaplan_markov_counts,
    kaplan_markov_risk,
    overstatement,
)
from hemicycle.audit.macro import BatchCount, error_bounds, macro_risk, macro_sample_size
from hemicycle.audit.manifest import BallotManifest, SampledBallot, ppeb_sample, sample_ballots
from hemicycle.audit.minerva import (
    MinervaRound,
    minerva_kmins,
    minerva_round_size,
    minerva_rounds,
)
from hemicycle.audit.sampling import consistent_sample, rivest_sample

__all__ = [
    "GAMMA",
    "Assertion",
    "BallotManifest",
    "BatchCount",
    "MinervaRound",
    "SampledBallot",
    "ShrinkTrunc",
    "alpha_comparison_risk",
    "alpha_polling_risk",
    "alpha_risk",
    "bravo_asn",
    "bravo_risk",
    "bravo_round_size",
    "bravo_sequential_risk",
    "comparison_assort",
    "comparison_expected_size",
    "comparison_sample_size",
    "consistent_sample",
    "error_bounds",
    "kaplan_markov_counts",
    "kaplan_markov_risk",
    "macro_risk",
    "macro_sample_size",
    "minerva_kmins",
    "minerva_round_size",
    "minerva_rounds",
    "overstatement",
    "plurality_assertions",
    "ppeb_sample",
    "rivest_sample",
    "sample_ballots",
    "seat_assertions",
    "super_majority_assertions",
]
