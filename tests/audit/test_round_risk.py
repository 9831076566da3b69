"""The risk of a stored audit's round, shared by ``hemicycle audit risk`` and the web app:
it is the risk of the assertions on the draws in sample order, and it waits for every ballot
(or batch) of the sample."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hemicycle.audit.assertions import plurality_assertions
from hemicycle.audit.batch_workflow import (
    MACRO_RISK,
    batch_risk,
    batch_round_risk,
    uncounted_batches,
)
from hemicycle.audit.macro import BatchCount
from hemicycle.audit.workflow import Draw, assertion_risks, round_risk, unread_ballots
from hemicycle.errors import DataError
from hemicycle.io.audit_batch_store import BatchRow
from hemicycle.io.audit_store import AuditRecord, ObservationRow, SampleRow

TALLY = (("A", 6000), ("B", 4000))


def _record(kind: str = "polling", test: str = "bravo") -> AuditRecord:
    return AuditRecord(
        name="county",
        seed="03184327912",
        risk_limit="1/10",
        kind=kind,
        test=test,
        outcome="plurality",
        ballots=10_000,
        tally=TALLY,
        manifest=(("b1", 10_000),),
    )


def _sample(rounds: list[int]) -> list[SampleRow]:
    return [
        SampleRow(round=r, draw=i, ticket=f"t{i}", batch="b1", position=i + 1, generation=1)
        for i, r in enumerate(rounds)
    ]


def test_polling_round_is_the_risk_of_the_draws_in_sample_order() -> None:
    sample = _sample([1] * 60 + [2] * 30)
    seen = {
        ("b1", s.position): ObservationRow(
            batch="b1", position=s.position, audited="A" if s.draw % 3 else "B"
        )
        for s in sample
    }
    found = round_risk(_record(), sample, seen)
    draws = [Draw(round=s.round, audited=seen[("b1", s.position)].audited) for s in sample]
    expected = assertion_risks(
        plurality_assertions(dict(TALLY)), dict(TALLY), 10_000, draws,
        kind="polling", test="bravo", alpha="0.1",
    )  # fmt: skip
    assert found.risks == expected
    assert (found.round, found.size) == (2, 90)
    assert found.confirmed == all(v <= Fraction(1, 10) for v in expected.values())


def test_comparison_round_reads_the_cast_vote_records() -> None:
    sample = _sample([1] * 40)
    clean = {
        ("b1", s.position): ObservationRow(batch="b1", position=s.position, audited="A",
                                           reported="A")
        for s in sample
    }  # fmt: skip
    wrong = dict(clean)
    wrong[("b1", 1)] = ObservationRow(batch="b1", position=1, audited="B", reported="A")
    record = _record("comparison", "kaplan_markov")
    assert (
        round_risk(record, sample, wrong).risks["A beats B"]
        > (round_risk(record, sample, clean).risks["A beats B"])
    )


def test_round_waits_for_every_sampled_ballot() -> None:
    sample = _sample([1, 1, 1])
    seen = {("b1", 2): ObservationRow(batch="b1", position=2, audited="A")}
    assert unread_ballots(sample, seen) == [("b1", 1), ("b1", 3)]
    with pytest.raises(
        DataError, match=r"2 sampled ballots are not recorded yet \(first: ballot 1"
    ):
        round_risk(_record(), sample, seen)
    with pytest.raises(DataError, match="no ballot has been sampled"):
        round_risk(_record(), [], {})


def _batches() -> list[BatchRow]:
    return [
        BatchRow(label=f"p{i}", jurisdiction="", name=f"p{i}", ballots=10,
                 votes=(("A", 6), ("B", 4)))
        for i in range(10)
    ]  # fmt: skip


def _batch_record() -> AuditRecord:
    return AuditRecord(
        name="county",
        seed="1",
        risk_limit="1/10",
        kind="batch",
        test="macro",
        outcome="plurality",
        ballots=100,
        tally=(("A", 60), ("B", 40)),
        manifest=tuple((f"p{i}", 10) for i in range(10)),
    )


def _draws(labels: list[str]) -> list[SampleRow]:
    return [
        SampleRow(round=1, draw=i, ticket=f"t{i}", batch=label, position=0, generation=1)
        for i, label in enumerate(labels)
    ]


def test_batch_round_is_the_macro_risk() -> None:
    batches = _batches()
    counted = {"p1": batches[1]}
    measured, found = batch_round_risk(_batch_record(), batches, _draws(["p1", "p1"]), counted)
    expected = batch_risk(
        plurality_assertions({"A": 60, "B": 40}),
        {("", b.name): BatchCount(ballots=10, votes=dict(b.votes)) for b in batches},
        [("", "p1")] * 2,
        {("", "p1"): {"A": 6, "B": 4}},
    )
    assert found == expected
    assert measured.risks == {MACRO_RISK: float(expected.risk)}
    assert (measured.round, measured.size, measured.confirmed) == (1, 2, False)


def test_full_hand_count_that_overturns_is_not_confirmed() -> None:
    batches = _batches()
    counted = {
        b.label: BatchRow(label=b.label, jurisdiction="", name=b.name, ballots=10,
                          votes=(("A", 4), ("B", 6)))
        for b in batches
    }  # fmt: skip
    measured, found = batch_round_risk(
        _batch_record(), batches, _draws([b.label for b in batches]), counted
    )
    assert found.full_count
    assert found.overturned
    assert measured.risks == {MACRO_RISK: 1.0}
    assert not measured.confirmed


def test_batch_round_waits_for_every_drawn_batch() -> None:
    batches = _batches()
    sample = _draws(["p3", "p1", "p3"])
    assert uncounted_batches(sample, {"p1": batches[1]}) == ["p3"]
    with pytest.raises(DataError, match=r"1 drawn batches are not counted yet \(first: 'p3'\)"):
        batch_round_risk(_batch_record(), batches, sample, {"p1": batches[1]})
