"""Timing helpers: interleaved runs and medians, so machine noise hits both sides alike."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

BIN = Path(sys.executable).parent


def claim_command() -> list[str]:
    """The installed `claim` console script of this interpreter's environment."""
    script = BIN / "claim"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "claimtracker"]


def time_process(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds for one whole process, start to exit."""
    start = time.perf_counter()
    subprocess.run(
        argv,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start


@dataclass
class Comparison:
    """A measured command against its baseline."""

    name: str
    subject: list[float]
    baseline: list[float]
    baseline_name: str
    target: float | None = None

    @property
    def ratio(self) -> float:
        return statistics.median(self.subject) / statistics.median(self.baseline)

    def line(self) -> str:
        target = f"  target <= {self.target:.2f}x" if self.target else ""
        verdict = ""
        if self.target:
            verdict = "  met" if self.ratio <= self.target else "  MISSED"
        return (
            f"{self.name:<34} {statistics.median(self.subject) * 1000:8.1f} ms   "
            f"{self.baseline_name:<36} {statistics.median(self.baseline) * 1000:8.1f} ms   "
            f"ratio {self.ratio:5.2f}x{target}{verdict}"
        )


def compare_processes(
    name: str,
    argv: Sequence[str],
    baseline_name: str,
    baseline_argv: Sequence[str],
    runs: int,
    target: float | None = None,
    warmup: int = 2,
) -> Comparison:
    """Run subject and baseline alternately ``runs`` times each; keep every timing."""
    for _ in range(warmup):
        time_process(argv)
        time_process(baseline_argv)
    subject: list[float] = []
    baseline: list[float] = []
    for _ in range(runs):
        subject.append(time_process(argv))
        baseline.append(time_process(baseline_argv))
    return Comparison(name, subject, baseline, baseline_name, target)
