"""Language tags: every code typed or imported is stored in its BCP 47 canonical form.

``langcodes`` does the work (the IANA registry and CLDR's aliases, without the separate
``language-data`` package, which only names languages): case is fixed (``EN`` → ``en``,
``zh_hant_tw`` → ``zh-Hant-TW``), underscores become hyphens (``pt_BR`` → ``pt-BR``), deprecated
and legacy codes are replaced by their preferred ones (``iw`` → ``he``, ``in`` → ``id``,
``mo`` → ``ro``, ``tl`` → ``fil`` as CLDR has it, the grandfathered ``i-klingon`` → ``tlh``) and a
script that goes without saying is dropped (``en-Latn-US`` → ``en-US``).

A value that is not a tag, or uses a subtag nobody assigned (``xx``, ``en-Abcd``), is refused:
so is a language *name* ("english"), since guessing which language a word means is not
normalising a code. Two rules, for two kinds of input:

* a code coming in from a person or another system (``--lang``, ClaimReview, a seed file):
  :func:`normalise_language`, which refuses what it cannot normalise;
* a code already stored somewhere of ours (a migration over existing rows, a dump being
  restored): :func:`stored_language`, which normalises what it can and keeps the rest as it was
  — refusing would make an old database impossible to upgrade or move, and dropping the value
  would lose what its user wrote.

``langcodes`` is imported inside the functions, so that ``claim --help`` does not load it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from claimtracker.errors import InvalidInput

MAX_LANGUAGE_LENGTH: Final = 35
"""The longest tag stored (the language columns' size; RFC 5646 asks implementations for 35)."""

EXAMPLES: Final = "a BCP 47 code such as en, pt-BR or zh-Hant"


def normalise_language(code: str, *, what: str = "language") -> str:
    """``code`` in BCP 47 canonical form; :class:`InvalidInput` naming it if it is not a code.

    ``what`` says where the value came from in the message ("inLanguage", "languageCode").
    """
    found = _canonical(code.strip())
    if found is None:
        raise InvalidInput(
            f"{what} {code!r} is not a language code ({EXAMPLES})", inputs=["language"]
        )
    return found


def is_language_code(value: str) -> bool:
    """Whether ``value`` is a language code that :func:`normalise_language` accepts."""
    return _canonical(value.strip()) is not None


def stored_language(code: str) -> str:
    """An already stored ``code`` normalised if it can be, else unchanged (see the module doc)."""
    return _canonical(code.strip()) or code


@lru_cache(maxsize=1024)
def _canonical(code: str) -> str | None:
    """The canonical tag, or None when ``code`` is not a valid tag of at most 35 characters."""
    from langcodes import Language
    from langcodes.tag_parser import LanguageTagError

    if not code or len(code) > MAX_LANGUAGE_LENGTH:
        return None
    try:
        language = Language.get(code, normalize=True)
    except LanguageTagError:
        return None
    if not language.is_valid():
        return None
    tag = language.simplify_script().to_tag()
    return tag if len(tag) <= MAX_LANGUAGE_LENGTH else None


__all__ = ["MAX_LANGUAGE_LENGTH", "is_language_code", "normalise_language", "stored_language"]
