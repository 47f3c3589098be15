"""User names as people read them: one key to compare them by, and look-alikes refused.

A name is stored as the person typed it (trimmed, NFKC), so history shows what they wrote, but
two names are the same user when their :func:`user_key` is equal: ``bob``, ``Bob``, ``"bob "``
and the fullwidth ``ＢＯＢ`` are one person. A name that only *looks* like another (Unicode
TS #39: ``bоb`` with a Cyrillic о) is refused where a name enters, see :func:`look_alike`.

The confusables data (confusable-homoglyphs, ~1 MB of JSON) is imported only by the check.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from claimtracker.text import clean_text

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_USER_LENGTH = 100  # the width of every column that holds a user name


def tidy_user_name(value: str) -> str:
    """A name as recorded: NFKC, surrounding whitespace removed (never fails)."""
    return unicodedata.normalize("NFKC", value).strip()


def clean_user_name(value: str) -> str:
    """:func:`tidy_user_name`, refusing an empty or overlong name or a control character."""
    return clean_text(tidy_user_name(value), what="user name", max_length=MAX_USER_LENGTH)


def user_key(name: str | None) -> str | None:
    """What two names are compared by: NFKC, case-folded, trimmed, inner whitespace collapsed."""
    if name is None:
        return None
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def same_user(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` name the same user (both given)."""
    return a is not None and b is not None and user_key(a) == user_key(b)


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype (TS #39 confusables.txt, source → prototype).

    The library keeps the pairs both ways; a source has one partner (its prototype), a
    prototype has all its sources. A pair alone is the same class whichever way it points.
    """
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[str, str] = {}
    for char, partners in confusables_data.items():
        if len(char) != 1 or len(partners) != 1:
            continue
        other = partners[0]["c"]
        if len(other) > 1 or len(confusables_data.get(other, ())) > 1:
            table[char] = other
        elif other != char:
            table[char] = min(char, other)
    return table


def skeleton(name: str) -> str:
    """The TS #39 skeleton of a name's key: equal skeletons look alike."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", user_key(name) or "")
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in decomposed))


def _script(char: str) -> str:
    from confusable_homoglyphs.categories import alias

    return str(alias(char))


def _mixed_script_letter(name: str) -> str | None:
    """A letter from a minority script that looks like one of the name's main script."""
    from confusable_homoglyphs.confusables import is_confusable

    scripts = [_script(c) for c in name if c.isalpha()]
    counted = {s: scripts.count(s) for s in scripts if s not in ("COMMON", "INHERITED")}
    if len(counted) < 2:
        return None
    main = max(counted, key=lambda s: counted[s])
    found = is_confusable(name, preferred_aliases=[main])
    return str(found[0]["character"]) if found else None


def _letter(char: str) -> str:
    script = _script(char).title()
    article = "an" if script[0] in "AEIOU" else "a"
    return f"{article} {script} {char}"


def look_alike(name: str, known: Iterable[str]) -> str | None:
    """Why ``name`` is refused as a look-alike, or None.

    Refused: a name whose skeleton equals a known user's while their keys differ, or one
    that mixes scripts with a letter confusable with its main script's.
    """
    key = user_key(name)
    mark = skeleton(name)
    odd = _mixed_script_letter(name)
    hint = f" ({_letter(odd)})" if odd else ""
    for other in sorted(set(known)):
        if user_key(other) != key and skeleton(other) == mark:
            return (
                f"{name!r} looks like the user {other!r}{hint}: "
                "use the same name, or a different one"
            )
    if odd is not None:
        return (
            f"{name!r} mixes scripts: {_letter(odd)} among {_main_script(name)} letters "
            "looks like another letter; use one script"
        )
    return None


def _main_script(name: str) -> str:
    scripts = [_script(c) for c in name if c.isalpha() and _script(c) != "COMMON"]
    return max(set(scripts), key=scripts.count).title()
