"""The Python examples of docs/power.md run, and give what they say."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_power_page_python_examples() -> None:
    text = (ROOT / "docs" / "power.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    # one doctest for the page, so that later examples see earlier imports
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "power.md", "power.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    results = runner.run(test)
    assert results.attempted >= 8
    assert results.failed == 0
