"""Forensic plots are written as PNG or SVG, and refuse other formats or refused tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hemicycle.forensics import digits, fingerprint, simulate
from hemicycle.report import forensic_plots as fp


def test_plots_write_png_and_svg(tmp_path: Path) -> None:
    s = simulate.plant_stuffing(simulate.clean_stations(1500, seed=1), 0.2, 0.05, seed=2)
    histogram = fingerprint.fingerprint(s.registered, s.issued, s.cast, s.leader)
    assert (
        fp.plot_fingerprint(histogram, tmp_path / "f.svg").read_text().lstrip().startswith("<?xml")
    )
    test = digits.second_digit_test(s.votes[:, 1], s.valid, seed=1)
    assert fp.plot_digit_test(test, tmp_path / "d.png", "B").stat().st_size > 1000
    path = fp.plot_integer_percentages(s.registered, s.issued, s.cast, s.leader, tmp_path / "i.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        fp.plot_fingerprint(histogram, tmp_path / "f.jpg")


def test_refused_test_has_no_plot(tmp_path: Path) -> None:
    s = simulate.clean_stations(300, seed=3)
    refused = digits.first_digit_test(s.leader, s.valid)
    with pytest.raises(ValueError, match="no digit distribution"):
        fp.plot_digit_test(refused, tmp_path / "x.png")
