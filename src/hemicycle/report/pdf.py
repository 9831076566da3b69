"""PDF reports: the HTML report printed by headless Chromium.

Chromium is looked for in ``$HEMICYCLE_CHROMIUM``, ``/usr/bin/chromium`` and on the ``PATH``
(``chromium``, ``chromium-browser``, ``google-chrome``). Without it,
:class:`ChromiumNotFoundError` says so and how to install it; the HTML report is unaffected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from hemicycle.errors import HemicycleError

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


class ChromiumNotFoundError(HemicycleError, FileNotFoundError):
    """No Chromium to print the PDF with."""

    def __init__(self, looked: tuple[str, ...]) -> None:
        self.looked = looked
        super().__init__(
            "a PDF report needs headless Chromium, which was not found (looked for "
            f"{', '.join(looked)}); install it (Debian: apt-get install chromium) or set "
            "HEMICYCLE_CHROMIUM to its path; the HTML report does not need it"
        )


class PrintError(HemicycleError, RuntimeError):
    """Chromium ran but did not produce a PDF."""


def find_chromium(explicit: str | None = None) -> str:
    """Path of the Chromium executable to use, or :class:`ChromiumNotFoundError`."""
    wanted = (explicit,) if explicit else ()
    from_environment = os.environ.get("HEMICYCLE_CHROMIUM")
    looked = wanted or ((from_environment,) if from_environment else CANDIDATES)
    for candidate in looked:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    raise ChromiumNotFoundError(tuple(c for c in looked if c))


def print_pdf(
    html: str, pdf_path: str | Path, *, chromium: str | None = None, timeout: float = 120
) -> Path:
    """Print an HTML document to ``pdf_path`` with headless Chromium; return the path."""
    executable = find_chromium(chromium)
    target = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="hemicycle-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        output = Path(folder) / "report.pdf"
        command = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PrintError(f"Chromium did not finish printing within {timeout:g} s") from None
        if not output.exists() or not output.read_bytes().startswith(b"%PDF"):
            detail = completed.stderr.strip().splitlines()[-1:] or ["no message"]
            raise PrintError(
                f"Chromium exited with code {completed.returncode} without a PDF ({detail[0]})"
            )
        shutil.move(output, target)
    return target


__all__ = ["CANDIDATES", "ChromiumNotFoundError", "PrintError", "find_chromium", "print_pdf"]
