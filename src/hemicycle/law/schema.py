"""The law schema: what a law file may say, as frozen pydantic models.

A law is a sequence of *tiers*. Each tier allocates seats in its districts (or nationally) by a
formula, and may depend on an earlier tier:

- ``district``: every district allocates its own seats (list PR by any core method, or a
  candidate method such as ``sntv`` or ``fptp``);
- ``national``: one allocation over the votes summed nationally, optionally split among the
  tier's districts per list (Germany's lower apportionment, Bundeswahlgesetz 2023 §7) and
  optionally *covering* the constituency winners of an earlier tier (§6(4), Zweitstimmendeckung);
- ``additional``: each district (region) allocates its seats with the winners of an earlier tier
  in it counted as seats already held (additional member system, Scotland Act 1998 s.7-8);
- ``levelling``: the whole house is allocated nationally, and each list receives what its
  earlier seats fall short of (Sweden, Vallag 2005:837 ch. 14 §§3-6); a list whose earlier
  seats exceed its share either leaves the allocation, which is repeated (Sweden, Norway), or
  keeps the excess as overhang seats (New Zealand, Electoral Act 1993 s.191-192). The levelling
  seats are placed in districts party by party (Sweden) or, where each district holds a fixed
  number of them, by one national ranking of the lists' district figures (Norway, Election Act
  2002 §11-6; Iceland, Act 24/2000 art. 108).

Rules that span a tier are small models of their own: thresholds with alternatives and
exemptions, seats reserved to a community in a district (Lebanon's confessional table), gender
quotas with their replacement procedure, and tie rules quoted from the law. Every cross-field rule
is a ``model_validator`` so that a law that does not hold together is refused when it is read.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

LIST_METHODS = frozenset(
    {
        "dhondt",
        "jefferson",
        "sainte_lague",
        "webster",
        "schepers",
        "modified_sainte_lague",
        "huntington_hill",
        "adams",
        "dean",
        "danish",
        "imperiali",
        "hare",
        "hamilton",
        "hare_niemeyer",
        "droop",
        "hagenbach_bischoff",
        "imperiali_quota",
        "divisors",
    }
)
"""Formulas that allocate seats among lists (the core registry's ids and aliases)."""

CANDIDATE_METHODS = frozenset({"sntv", "block", "fptp", "stv", "irv"})
"""Formulas that elect candidates directly."""

TieKey = Literal["votes", "more_seats", "top_candidate", "older", "rank", "lot", "refuse"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _fraction(text: str, what: str) -> Fraction:
    try:
        return Fraction(text.strip().removesuffix("%")) / (100 if text.strip().endswith("%") else 1)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{what} must be a number such as 1.7 or 5% (got {text!r})") from None


class Ties(_Model):
    """How the law breaks ties, tried in order; ``lot`` draws with the tabulation's seed.

    ``lists``: ties between lists for a seat (``votes``: more votes; ``more_seats``: the list
    holding more seats; ``top_candidate``: the list whose best candidate has more preferential
    votes, Lebanon Law 44/2017 art. 99). ``candidates``: ties between candidates (``votes``,
    ``older`` by birth date, ``rank`` on the list). A chain that ends without ``lot`` refuses
    the ties it leaves.
    """

    lists: tuple[TieKey, ...] = ("refuse",)
    candidates: tuple[TieKey, ...] = ("refuse",)
    cite: str | None = None

    @field_validator("lists", "candidates")
    @classmethod
    def _chain(cls, chain: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        wrong = {"older", "rank"} if info.field_name == "lists" else {"more_seats", "top_candidate"}
        for key in chain:
            if key in wrong:
                other = "candidates" if info.field_name == "lists" else "lists"
                raise ValueError(f"{key!r} breaks ties between {other}, not {info.field_name}")
        for key in chain[:-1]:
            if key in {"lot", "refuse"}:
                raise ValueError(f"{key!r} must come last (got {', '.join(chain)})")
        return chain


class Threshold(_Model):
    """Who may receive seats: a list qualifies when it passes *any* of the tests given.

    ``national``: share of the valid votes nationally (``"5%"``, Bundeswahlgesetz §4(2));
    ``district``: share in the district (Sweden: 12% in a constituency, Regeringsformen 3 kap. 7 §);
    ``quotas``: whole electoral quotients in the district (Lebanon art. 99; CPA Order 96);
    ``constituency_wins``: constituency seats won in the tier named by ``wins_in`` (Germany's
    basic-mandate clause); ``regions``: in at least this many regions of the tier's base
    (``uses``), votes at least the region's valid votes per constituency seat (Denmark,
    Folketingsvalgloven §77(1)(2)); ``exempt``: lists of national minorities that need no test
    (SSW, Bundeswahlgesetz §4(2) sentence 3). ``base`` is what a share is taken of: the
    ``valid`` votes, or every vote ``cast``, invalid ones included (Valencia, Ley 1/1987
    art. 12: "el 5 por ciento de los votos emitidos en la Comunidad Valenciana").
    """

    national: str | None = None
    district: str | None = None
    quotas: int | None = Field(default=None, ge=1)
    constituency_wins: int | None = Field(default=None, ge=1)
    wins_in: str | None = None
    regions: int | None = Field(default=None, ge=1)
    exempt: tuple[str, ...] = ()
    base: Literal["valid", "cast"] = "valid"
    cite: str | None = None

    @field_validator("national", "district")
    @classmethod
    def _share(cls, value: str | None) -> str | None:
        if value is not None:
            if not value.strip().endswith("%"):
                raise ValueError(f"must be a percentage such as 5% (got {value!r})")
            share = _fraction(value, "threshold")
            if not 0 <= share <= 1:
                raise ValueError(f"must be between 0% and 100% (got {value!r})")
        return value

    @model_validator(mode="after")
    def _some_test(self) -> Threshold:
        if (self.constituency_wins is None) != (self.wins_in is None):
            raise ValueError("constituency_wins and wins_in must be given together")
        tests = (self.national, self.district, self.quotas, self.constituency_wins, self.regions)
        if all(test is None for test in tests):
            raise ValueError(
                "a threshold needs national, district, quotas, constituency_wins or regions"
            )
        return self


class Reserved(_Model):
    """Seats of a district reserved for a community, in a minor district if the law has them
    (Lebanon, Law 44/2017 Annex 1)."""

    community: str = Field(min_length=1)
    minor_district: str | None = None
    seats: int = Field(ge=1)


class District(_Model):
    """A district of a tier: its name as in the results, its seats, and what belongs to it.

    ``seats`` is required in district and additional tiers; the regions of a national tier
    (Germany's Länder) take their seats from the lower apportionment and give none. ``region``
    places a constituency in a region or Land of a later tier; ``women`` is the number of seats
    the district owes to women under the tier's gender quota.
    """

    id: str = Field(min_length=1)
    seats: int | None = Field(default=None, ge=1)
    region: str | None = None
    women: int | None = Field(default=None, ge=0)
    reserved: tuple[Reserved, ...] = ()

    @model_validator(mode="after")
    def _reserved_fill_seats(self) -> District:
        if self.women is not None and self.seats is not None and self.women > self.seats:
            raise ValueError(f"women ({self.women}) exceeds the seats ({self.seats})")
        if self.reserved:
            total = sum(r.seats for r in self.reserved)
            if total != self.seats:
                raise ValueError(
                    f"reserved seats add up to {total}, but the district has {self.seats}"
                )
            keys = [(r.community, r.minor_district) for r in self.reserved]
            for key in keys:
                if keys.count(key) > 1:
                    where = f" in {key[1]}" if key[1] else ""
                    raise ValueError(f"community {key[0]!r}{where} is reserved twice")
        return self


class GenderQuota(_Model):
    """Seats owed to women and how winners are replaced to honour them.

    ``district_minimum`` (Iraq, Law 9/2020 art. 16): while a district has elected fewer women
    than it owes, its lowest-voted winning man gives his seat to its highest-voted woman not
    elected. ``list_stages`` (Iraq, Law 12/2018 as amended by Law 4/2023): each list owes
    ``floor(seats / d)`` women for the first ``d`` in ``divisors`` (the woman of the list with
    most votes replaces its lowest-voted man); the later divisors apply while the district is
    short of its quota; then, while still short, the best-placed woman not elected in a list
    that won seats replaces the lowest-voted man of her list, ties going to the list with more
    votes. ``women`` is the value of the candidates' ``gender`` column that marks a woman.
    """

    rule: Literal["district_minimum", "list_stages"]
    divisors: tuple[int, ...] = ()
    women: str = "F"
    cite: str | None = None

    @model_validator(mode="after")
    def _divisors_fit(self) -> GenderQuota:
        if self.rule == "list_stages" and not self.divisors:
            raise ValueError("rule 'list_stages' needs divisors such as [4, 3]")
        if self.rule == "district_minimum" and self.divisors:
            raise ValueError("divisors apply to rule 'list_stages' only")
        if any(d < 1 for d in self.divisors):
            raise ValueError(f"divisors must be >= 1 (got {list(self.divisors)})")
        return self


class Tier(_Model):
    """One tier of seats: where, by which formula, and how it depends on earlier tiers.

    ``lists`` says how a list's seats go to its candidates: ``closed`` (by rank), ``open``
    (by personal votes, rank breaking ties), ``lebanese`` (Law 44/2017 art. 99: one ranking
    across the winning lists by share of the preferential votes in the minor district, a
    candidate skipped when her list's or her community's seats there are full) or ``none``
    (seats to lists only). ``blank_in_quota`` counts blank ballots in the electoral quotient
    (Lebanon art. 99). ``remainders`` ``quota_winners`` lets only lists that won a whole quota
    take remainder seats.

    A levelling tier says what becomes of a list whose earlier seats exceed its national share
    (``overhang``: ``repeat`` the allocation without it, or ``keep`` the excess) and how its
    seats reach the districts (``placement``): ``by_party`` (each party's seats over the base
    tier's districts, Sweden); ``national`` (national list seats, New Zealand; the party votes
    are those of the tier's own districts when it names any, such as a nationwide party vote);
    or, with ``districts`` giving each district's levelling seats and
    ``lower`` the divisors of the district figures, one national ranking of each list's next
    quotient in a district divided by the district's valid votes (``district_share``, Iceland)
    or by its valid votes per constituency seat (``district_quota``, Norway). ``regional``
    (Denmark, Folketingsvalgloven §78-79): ``districts`` are the regions named by the base
    tier's districts, each with its levelling seats; one ranking of every list's next quotient
    under ``lower`` in each region, after the seats it won there, places them in regions, and
    each list's seats in a region go to the region's districts by ``within``, after its seats
    there.

    A tier of formula ``stv`` or ``irv`` counts each district's ranked ballots. ``stv_rules``
    names a statutory count (``scottish``: SSI 2007/42 Sch. 1; ``northern_ireland``: Electoral
    Law Act (NI) 1962 Sch. 5); otherwise ``transfer`` (``gregory``, ``wigm``, ``meek``) and
    ``tie_history`` (earlier stages decide equalities, ``forward`` or ``backward``) give an exact
    textbook count. ``list_shortfall`` says what Lebanon's preferential filling does when a list
    keeps seats that none of its remaining candidates can take: ``refuse`` to count on, or
    ``next_in_ranking`` (the community seats left go down the single ranking to candidates of the
    other winning lists).
    """

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    kind: Literal["district", "national", "additional", "levelling"]
    formula: str
    first_divisor: str | None = None
    divisors: tuple[str, ...] | None = None
    seats: int | None = Field(default=None, ge=1)
    districts: tuple[District, ...] = ()
    min_seats: int | None = Field(default=None, ge=0)
    threshold: Threshold | None = None
    blank_in_quota: bool = False
    remainders: Literal["all", "quota_winners"] = "all"
    lists: Literal["closed", "open", "lebanese", "none"] = "closed"
    uses: str | None = None
    prior: str | None = None
    lower: str | None = None
    coverage: str | None = None
    gender_quota: GenderQuota | None = None
    overhang: Literal["repeat", "keep"] = "repeat"
    placement: Literal["by_party", "national", "district_share", "district_quota", "regional"] = (
        "by_party"
    )
    within: str | None = None
    stv_rules: Literal["scottish", "northern_ireland"] | None = None
    transfer: Literal["gregory", "wigm", "meek"] | None = None
    tie_history: Literal["forward", "backward"] | None = None
    list_shortfall: Literal["refuse", "next_in_ranking"] = "refuse"
    cite: str | None = None

    @field_validator("formula")
    @classmethod
    def _known_formula(cls, value: str) -> str:
        if value not in LIST_METHODS | CANDIDATE_METHODS:
            valid = ", ".join(sorted(LIST_METHODS | CANDIDATE_METHODS))
            raise ValueError(f"unknown formula {value!r}; valid formulas: {valid}")
        return value

    @field_validator("lower")
    @classmethod
    def _known_lower(cls, value: str | None) -> str | None:
        if value is not None and value not in LIST_METHODS:
            raise ValueError(f"unknown formula {value!r} for the lower apportionment")
        return value

    @field_validator("within")
    @classmethod
    def _known_within(cls, value: str | None) -> str | None:
        if value is not None and value not in LIST_METHODS:
            raise ValueError(f"unknown formula {value!r} for the placement within regions")
        return value

    @property
    def elects_candidates(self) -> bool:
        """Whether the formula elects candidates directly (SNTV, FPTP, STV…)."""
        return self.formula in CANDIDATE_METHODS

    def _ranked_count(self) -> None:
        if (self.stv_rules or self.transfer) and self.formula != "stv":
            raise ValueError("stv_rules and transfer apply to formula 'stv'")
        if self.tie_history and (self.formula not in {"stv", "irv"} or self.stv_rules):
            raise ValueError(
                "tie_history applies to formula 'stv' without stv_rules, or to formula 'irv' "
                "(stv_rules fix their own)"
            )
        statutory = {"scottish": "wigm", "northern_ireland": "gregory"}
        if self.stv_rules and self.transfer and self.transfer != statutory[self.stv_rules]:
            raise ValueError(
                f"stv_rules {self.stv_rules!r} use the {statutory[self.stv_rules]} transfer "
                f"(got transfer {self.transfer!r})"
            )
        if self.formula == "irv":
            for index, district in enumerate(self.districts):
                if district.seats != 1:
                    raise ValueError(
                        f"districts[{index}] ({district.id!r}): instant runoff fills one seat "
                        f"(got {district.seats}); use formula 'stv' for more"
                    )

    @model_validator(mode="after")
    def _consistent(self) -> Tier:
        if self.first_divisor is not None:
            if self.formula != "modified_sainte_lague":
                raise ValueError("first_divisor applies to formula 'modified_sainte_lague' only")
            first = _fraction(self.first_divisor, "first_divisor")
            if not 0 < first <= 3:
                raise ValueError(f"first_divisor must be above 0 and at most 3 (got {first})")
        if (self.formula == "divisors") != (self.divisors is not None):
            raise ValueError("formula 'divisors' and the divisors list go together")
        ids = [d.id for d in self.districts]
        for name in ids:
            if ids.count(name) > 1:
                raise ValueError(f"district {name!r} appears twice")
        has_districts = bool(self.districts)
        if self.kind in {"district", "additional"}:
            if not has_districts:
                raise ValueError(f"a {self.kind} tier needs districts")
            if self.seats is not None:
                raise ValueError(f"a {self.kind} tier takes its seats from its districts")
            for index, district in enumerate(self.districts):
                if district.seats is None:
                    raise ValueError(f"districts[{index}] ({district.id!r}) needs seats")
        elif self.seats is None:
            raise ValueError(f"a {self.kind} tier needs seats")
        if self.kind == "national" and not has_districts and self.uses is None:
            raise ValueError(
                "a national tier needs districts or uses: the tier whose votes it sums"
            )
        if self.elects_candidates:
            if self.kind != "district":
                raise ValueError(f"formula {self.formula!r} elects candidates: a district tier")
            if self.lists in {"open", "lebanese"}:
                raise ValueError(f"lists {self.lists!r} do not apply to formula {self.formula!r}")
        self._ranked_count()
        if self.list_shortfall != "refuse" and self.lists != "lebanese":
            raise ValueError("list_shortfall applies to lists 'lebanese'")
        if self.kind == "additional" and self.prior is None:
            raise ValueError("an additional tier needs prior: the tier whose winners it counts")
        if self.kind == "levelling" and self.uses is None:
            raise ValueError("a levelling tier needs uses: the tier whose seats it levels")
        placed = self.kind == "levelling" and (
            self.placement.startswith("district_") or self.placement == "regional"
        )
        if (self.within is not None) != (self.kind == "levelling" and self.placement == "regional"):
            raise ValueError(
                "placement 'regional' and within (the divisors that place a region's levelling "
                "seats in its districts) go together"
            )
        if self.threshold is not None and self.threshold.regions is not None and not self.uses:
            raise ValueError("a threshold in regions needs uses: the tier whose regions it reads")
        if self.lower is not None and not placed and (self.kind != "national" or not has_districts):
            raise ValueError("lower applies to a national tier with districts")
        if self.kind != "levelling" and (self.overhang != "repeat" or self.placement != "by_party"):
            raise ValueError("overhang and placement apply to a levelling tier")
        if placed:
            if self.lower is None or not has_districts:
                raise ValueError(
                    f"placement {self.placement!r} needs districts (their levelling seats) and "
                    "lower (the divisors of the district figures)"
                )
            if any(d.seats is None for d in self.districts):
                raise ValueError("every district of the placement needs its levelling seats")
            placed_seats = sum(d.seats or 0 for d in self.districts)
            if placed_seats != self.seats:
                raise ValueError(
                    f"the districts hold {placed_seats} levelling seats, but the tier has "
                    f"{self.seats}"
                )
        elif self.kind == "levelling" and has_districts and self.placement != "national":
            raise ValueError(
                "districts of a levelling tier go with placement 'national', 'district_share' "
                "or 'district_quota'"
            )
        if self.coverage is not None and self.lower is None:
            raise ValueError("coverage needs a lower apportionment to the districts")
        if self.lists == "lebanese" and not all(d.reserved for d in self.districts):
            raise ValueError("lists 'lebanese' needs the reserved seats of every district")
        if self.gender_quota is not None and any(d.women is None for d in self.districts):
            raise ValueError("a gender quota needs every district to say how many women it owes")
        if self.blank_in_quota and self.formula not in {"hare", "hamilton", "hare_niemeyer"}:
            raise ValueError("blank_in_quota applies to a Hare quota")
        quotas = self.threshold.quotas if self.threshold is not None else None
        if quotas is not None and self.formula not in {"hare", "hamilton", "hare_niemeyer"}:
            raise ValueError("a threshold in quotas applies to a Hare quota")
        return self


class Law(_Model):
    """An electoral law as data, citing the statute it transcribes.

    ``parameters`` records every detail the statute leaves open or that is not public, with
    the value the preset assumes, so that a reader sees what was decided outside the law.
    """

    id: str = Field(min_length=1, pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1)
    country: str = Field(min_length=1)
    statute: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    used: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    parameters: dict[str, str] = Field(default_factory=dict)
    ties: Ties = Ties()
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _tiers_refer_backwards(self) -> Law:
        seen: dict[str, Tier] = {}
        for index, tier in enumerate(self.tiers):
            if tier.id in seen:
                raise ValueError(f"tiers[{index}].id {tier.id!r} is used twice")
            for field in ("uses", "prior", "coverage"):
                target = getattr(tier, field)
                if target is not None and target not in seen:
                    raise ValueError(
                        f"tiers[{index}].{field} names {target!r}, which is not an earlier tier"
                    )
            regional = tier.placement == "regional" or (
                tier.threshold is not None and tier.threshold.regions is not None
            )
            if tier.uses and regional:
                _check_regions(index, tier, seen[tier.uses])
            if tier.kind == "levelling" and tier.uses and tier.placement.startswith("district_"):
                base_ids = {d.id for d in seen[tier.uses].districts}
                for district in tier.districts:
                    if district.id not in base_ids:
                        raise ValueError(
                            f"tiers[{index}] places levelling seats in {district.id!r}, which is "
                            f"not a district of {tier.uses!r}"
                        )
            if tier.coverage is not None and not seen[tier.coverage].elects_candidates:
                raise ValueError(
                    f"tiers[{index}].coverage names {tier.coverage!r}, which elects no candidates"
                )
            if tier.prior is not None and not seen[tier.prior].elects_candidates:
                raise ValueError(
                    f"tiers[{index}].prior names {tier.prior!r}, which elects no candidates"
                )
            threshold = tier.threshold
            wins_in = threshold.wins_in if threshold is not None else None
            if wins_in is not None and wins_in not in seen:
                raise ValueError(
                    f"tiers[{index}].threshold.wins_in names {wins_in!r}, "
                    "which is not an earlier tier"
                )
            seen[tier.id] = tier
        return self

    @property
    def covered_tiers(self) -> frozenset[str]:
        """Tiers whose winners hold seats of a later tier (they add nothing to the house)."""
        return frozenset(tier.coverage for tier in self.tiers if tier.coverage)

    @property
    def total_seats(self) -> int:
        """Seats in the house: every tier's seats, except tiers covered by a later one."""
        total = 0
        for tier in self.tiers:
            if tier.id in self.covered_tiers:
                continue
            if tier.seats is not None:
                total += tier.seats
            else:
                total += sum(d.seats or 0 for d in tier.districts)
        return total

    def tier(self, tier_id: str) -> Tier:
        """The tier with this id."""
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(tier_id)


def _check_regions(index: int, tier: Tier, base: Tier) -> None:
    """Every district of ``base`` lies in a region; a regional placement's districts are
    exactly those regions."""
    for district in base.districts:
        if district.region is None:
            raise ValueError(
                f"tiers[{index}] reads the regions of {base.id!r}, but its district "
                f"{district.id!r} names no region"
            )
    if tier.placement == "regional":
        regions = {d.region for d in base.districts}
        ids = {d.id for d in tier.districts}
        if ids != regions:
            raise ValueError(
                f"tiers[{index}] places levelling seats in {', '.join(sorted(ids))}, but the "
                f"regions of {base.id!r} are {', '.join(sorted(r or '' for r in regions))}"
            )


__all__ = [
    "CANDIDATE_METHODS",
    "LIST_METHODS",
    "District",
    "GenderQuota",
    "Law",
    "Reserved",
    "Threshold",
    "Tier",
    "Ties",
]
