"""The fraud model of Klimek, Yegorov, Hanel & Thurner (2012), PNAS 109(41):16469–16473, fitted to
station data.

Clean stations have a turnout ``τ_i ~ N(τ, σ_τ)`` and a leader's share ``ν_i ~ N(ν, σ_ν)``
(both truncated to [0, 1]). A fraction ``f_i`` of stations has *incremental* fraud of intensity
``x_i ~ |N(0, θ)|`` and a fraction ``f_e`` *extreme* fraud with ``x_i ~ 1 − |N(0, 0.075)|``:
a share ``x_i`` of the non-voters is stuffed for the leader and a share ``x_i^α`` of the other
lists' voters is moved to it, so that

    turnout_i = τ_i + x_i (1 − τ_i),
    leader_i / registered_i = τ_i ν_i + x_i (1 − τ_i) + x_i^α (1 − ν_i) τ_i.

Fitting, as in the paper: ``τ`` and ``ν`` are the clean peaks (modes) of the turnout and share
distributions, ``σ_τ`` and ``σ_ν`` the root-mean-square deviations below them (the side fraud
does not reach); ``f_i`` and ``f_e`` minimise the squared difference between the observed and the
modelled turnout × share histograms (25 × 25 bins; the model is simulated on at least 40,000
stations so that its own noise is negligible). The model uses common random numbers, so the
objective is a smooth function of ``(f_i, f_e)``; a coarse grid is refined twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

Counts = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class KlimekParameters:
    """Parameters of the model; fractions are of stations."""

    tau: float
    sigma_tau: float
    nu: float
    sigma_nu: float
    incremental: float
    extreme: float
    theta: float = 0.1
    alpha: float = 2.0

    def as_json(self) -> dict[str, float]:
        return {
            "tau": round(self.tau, 4),
            "sigma_tau": round(self.sigma_tau, 4),
            "nu": round(self.nu, 4),
            "sigma_nu": round(self.sigma_nu, 4),
            "incremental": round(self.incremental, 4),
            "extreme": round(self.extreme, 4),
            "theta": round(self.theta, 4),
            "alpha": round(self.alpha, 4),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class KlimekFit:
    """Fitted parameters and the histogram distance at the optimum and with no fraud."""

    parameters: KlimekParameters
    distance: float
    distance_without_fraud: float
    stations: int
    seed: int

    def as_json(self) -> dict[str, object]:
        return {
            "test": "klimek_fraud_model",
            "parameters": self.parameters.as_json(),
            "distance": self.distance,
            "distance_without_fraud": self.distance_without_fraud,
            "stations": self.stations,
            "seed": self.seed,
        }


def _truncated_normal(mean: float, sd: float, uniforms: Floats) -> Floats:
    """Inverse-CDF draws of N(mean, sd) truncated to [0, 1] from the given uniforms."""
    sd = max(sd, 1e-9)
    low = special.ndtr((0.0 - mean) / sd)
    high = special.ndtr((1.0 - mean) / sd)
    q = low + uniforms * (high - low)
    return np.asarray(np.clip(mean + sd * special.ndtri(q), 0.0, 1.0), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class _Noise:
    """The random numbers of one simulation, reused for every parameter value."""

    turnout: Floats
    share: Floats
    kind: Floats
    incremental: Floats
    extreme: Floats


def _noise(n: int, seed: int) -> _Noise:
    rng = np.random.default_rng(seed)
    return _Noise(
        turnout=rng.random(n),
        share=rng.random(n),
        kind=rng.random(n),
        incremental=np.abs(rng.standard_normal(n)),
        extreme=np.abs(rng.standard_normal(n)),
    )


def _model(parameters: KlimekParameters, noise: _Noise) -> tuple[Floats, Floats]:
    """Turnout and leader's share of the modelled stations."""
    p = parameters
    tau = _truncated_normal(p.tau, p.sigma_tau, noise.turnout)
    nu = _truncated_normal(p.nu, p.sigma_nu, noise.share)
    x = np.zeros_like(tau)
    inc = noise.kind < p.incremental
    ext = (noise.kind >= p.incremental) & (noise.kind < p.incremental + p.extreme)
    x[inc] = np.minimum(p.theta * noise.incremental[inc], 1.0)
    x[ext] = np.clip(1.0 - 0.075 * noise.extreme[ext], 0.0, 1.0)
    turnout = tau + x * (1 - tau)
    leader = tau * nu + x * (1 - tau) + x**p.alpha * (1 - nu) * tau
    share = np.divide(leader, turnout, out=np.zeros_like(leader), where=turnout > 0)
    return turnout, np.minimum(share, 1.0)


def simulate_klimek(
    registered: Counts, parameters: KlimekParameters, *, seed: int
) -> tuple[Counts, Counts]:
    """Counts ``(issued, leader)`` of stations with the given sizes drawn from the model."""
    registered = np.asarray(registered, dtype=np.int64)
    turnout, share = _model(parameters, _noise(registered.size, seed))
    issued = np.round(turnout * registered).astype(np.int64)
    leader = np.round(share * issued).astype(np.int64)
    return issued, leader


def _histogram(turnout: Floats, share: Floats, bins: int) -> Floats:
    row = np.minimum((turnout * bins).astype(np.int64), bins - 1)
    column = np.minimum((share * bins).astype(np.int64), bins - 1)
    flat = np.bincount(row * bins + column, minlength=bins * bins).astype(np.float64)
    return np.asarray(flat / max(flat.sum(), 1.0), dtype=np.float64)


def _peak(values: Floats, bins: int = 200) -> float:
    """Mode of a lightly smoothed histogram on [0, 1] (the 100% bin left out)."""
    histogram = np.bincount(np.minimum((values * bins).astype(np.int64), bins - 1), minlength=bins)
    smooth = np.convolve(histogram.astype(np.float64), np.ones(5) / 5, mode="same")
    smooth[-2:] = 0.0
    return (int(np.argmax(smooth)) + 0.5) / bins


def clean_parameters(turnout: Floats, share: Floats) -> tuple[float, float, float, float]:
    """``(τ, σ_τ, ν, σ_ν)`` from the clean side of the distributions."""
    tau, nu = _peak(turnout), _peak(share)
    for _ in range(2):
        # Fraud raises both turnout and share: the clean peak of each is sought among the
        # stations on the low side of the other.
        tau, nu = _peak(turnout[share <= nu]), _peak(share[turnout <= tau])
    below = (turnout < tau) & (share < nu)
    sigma_tau = float(np.sqrt(np.mean((turnout[below] - tau) ** 2))) if below.any() else 0.05
    low_share = share < nu
    sigma_nu = float(np.sqrt(np.mean((share[low_share] - nu) ** 2))) if low_share.any() else 0.05
    return tau, sigma_tau, nu, sigma_nu


def fit_klimek(
    registered: Counts,
    issued: Counts,
    cast: Counts,
    leader: Counts,
    *,
    seed: int = 0,
    theta: float = 0.1,
    alpha: float = 2.0,
    bins: int = 25,
    model_size: int = 40_000,
) -> KlimekFit:
    """Fit ``f_i`` and ``f_e`` (and the clean parameters) to station counts."""
    registered = np.asarray(registered, dtype=np.int64)
    keep = (registered > 0) & (np.asarray(cast) > 0)
    turnout = np.minimum(np.asarray(issued)[keep] / registered[keep], 1.0)
    share = np.minimum(np.asarray(leader)[keep] / np.asarray(cast)[keep], 1.0)
    tau, sigma_tau, nu, sigma_nu = clean_parameters(turnout, share)
    observed = _histogram(turnout, share, bins)
    noise = _noise(max(model_size, int(keep.sum())), seed)

    def distance(incremental: float, extreme: float) -> float:
        parameters = KlimekParameters(
            tau=tau,
            sigma_tau=sigma_tau,
            nu=nu,
            sigma_nu=sigma_nu,
            incremental=incremental,
            extreme=extreme,
            theta=theta,
            alpha=alpha,
        )
        return float(((_histogram(*_model(parameters, noise), bins) - observed) ** 2).sum())

    best = (float("inf"), 0.0, 0.0)
    f_i_grid, f_e_grid = np.arange(0.0, 0.951, 0.05), np.arange(0.0, 0.201, 0.02)
    for step_i, step_e in ((0.05, 0.02), (0.01, 0.004), (0.002, 0.001)):
        for value_i in f_i_grid.tolist():
            for value_e in f_e_grid.tolist():
                if value_i + value_e <= 1.0:
                    best = min(best, (distance(value_i, value_e), value_i, value_e))
        _, centre_i, centre_e = best
        f_i_grid = np.clip(centre_i + step_i * np.arange(-5, 6) / 5 * 2, 0.0, 1.0)
        f_e_grid = np.clip(centre_e + step_e * np.arange(-5, 6) / 5 * 2, 0.0, 1.0)
    score, f_i, f_e = best
    return KlimekFit(
        parameters=KlimekParameters(
            tau=tau,
            sigma_tau=sigma_tau,
            nu=nu,
            sigma_nu=sigma_nu,
            incremental=f_i,
            extreme=f_e,
            theta=theta,
            alpha=alpha,
        ),
        distance=score,
        distance_without_fraud=distance(0.0, 0.0),
        stations=int(keep.sum()),
        seed=seed,
    )


__all__ = ["KlimekFit", "KlimekParameters", "clean_parameters", "fit_klimek", "simulate_klimek"]
