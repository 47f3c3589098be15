"""Where the shared data sets are: ``shared/data`` beside the repository's folder, unless the
environment says otherwise.

The data sets are too large (and not ours) to be in the repository; a checkout at
``<work>/<name>`` finds them in ``<work>/shared/data``. ``CLAIM_SHARED_DATA`` names another
folder (``BENCH_DATA_DIR``, its earlier name, is still read).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "CLAIM_SHARED_DATA"
OLD_ENV = "BENCH_DATA_DIR"
# benchmarks/shared_data.py -> the repository -> the folder that holds it.
BESIDE_REPOSITORY = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data_dir() -> Path:
    """``$CLAIM_SHARED_DATA``, else ``$BENCH_DATA_DIR``, else ``../shared/data`` from the
    repository root."""
    for name in (ENV, OLD_ENV):
        value = os.environ.get(name)
        if value:
            return Path(value)
    return BESIDE_REPOSITORY
