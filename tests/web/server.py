"""Running ``hemicycle serve`` in a child process on a free loopback port, for the browser,
load and fault tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """``hemicycle serve --db DB`` on 127.0.0.1; stopped by :meth:`stop` or :meth:`kill`."""

    def __init__(self, db: Path, *, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        command = [
            sys.executable,
            "-c",
            "from hemicycle.cli.app import main; main()",
            "serve",
            "--db",
            str(db),
            "--host",
            HOST,
            "--port",
            str(self.port),
        ]
        self.process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"server exited with {self.process.returncode}: {error}")
            try:
                with urllib.request.urlopen(self.url + "/api/methods", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"server on {self.url} did not start within {timeout} s")

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), as an operator would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()

    def kill(self) -> None:
        """Kill at once (SIGKILL), as a power cut would."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        self._close()

    def _close(self) -> None:
        if self.process.stderr:
            self.process.stderr.close()
