"""Run the benchmarks: ``python -m benchmarks [--runs N] [NAME …]``.

Each line gives the median of the measured command, the median of its baseline measured in
the same run (interleaved), their ratio and the target. Record the figures in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
from typing import TYPE_CHECKING

from benchmarks import (
    capture,
    claimreview,
    community_notes,
    dump,
    reports,
    startup,
    text,
    workflow,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from benchmarks.harness import Comparison

SUITES: dict[str, Callable[[int], list[Comparison]]] = {
    "startup": startup.run,
    "capture": capture.run,
    "workflow": workflow.run,
    "community-notes": community_notes.run,
    "dump": dump.run,
    "claimreview": claimreview.run,
    "reports": reports.run,
    "text": text.run,
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("suites", nargs="*", metavar="NAME", help=f"one of {', '.join(SUITES)}")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each side")
    args = parser.parse_args()
    print(f"# python {platform.python_version()} on {platform.machine()}, runs={args.runs}")
    missed = 0
    unknown = [name for name in args.suites if name not in SUITES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    for name in args.suites or list(SUITES):
        print(f"## {name}")
        for comparison in SUITES[name](args.runs):
            print(comparison.line(), flush=True)
            missed += capture.is_missed(comparison)
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
