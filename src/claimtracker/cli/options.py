"""Option helpers shared by command modules: reading text, dates, ids, pages, stances and
links."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from claimtracker.enums import LinkType, Stance
from claimtracker.errors import InvalidInput

if TYPE_CHECKING:
    from claimtracker.dates import ParsedDate

F = TypeVar("F", bound=Callable[..., Any])


def read_text_argument(value: str, what: str = "claim text") -> str:
    """``-`` reads standard input (strict UTF-8); ``@file`` reads a file; else the value."""
    if value == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, str):
            return data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{what} on standard input is not UTF-8 (byte 0x{data[exc.start]:02x} "
                f"at offset {exc.start})"
            ) from None
    return value


def parse_date_option(
    value: str | None, *, dayfirst: bool = False, base: ParsedDate | None = None
) -> ParsedDate | None:
    """Parse a date as typed by a person, relative dates resolved against ``base``."""
    if value is None:
        return None
    from claimtracker.dates import parse_date

    return parse_date(value, dayfirst=dayfirst, base=base.value if base else None)


class OptionError(click.ClickException):
    """A bad option value, as click's usage errors are (exit status 2), in one line."""

    exit_code = 2


def normalise_language_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``--lang``: the code in BCP 47 canonical form (``EN`` → ``en``); refuses what is not one."""
    if value is None:
        return None
    from claimtracker.errors import InvalidInput
    from claimtracker.languages import normalise_language

    try:
        return normalise_language(value)
    except InvalidInput as exc:
        raise OptionError(f"Invalid value for '{param.opts[0]}': {exc}") from None


def language_option(help_text: str) -> Callable[[F], F]:
    """``--lang CODE``, normalised as it is parsed."""
    return click.option(
        "--lang",
        "language",
        metavar="CODE",
        callback=normalise_language_option,
        help=help_text,
    )


def language_label(language: str | None, inferred: bool) -> str:
    """A claim's language as shown: ``te (inferred)`` when read off the script."""
    if language is None:
        return ""
    return f"{language} (inferred)" if inferred else language


def paging_options(func: F) -> F:
    """``--limit`` and ``--page`` for listings."""
    func = click.option(
        "--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page number."
    )(func)
    return click.option(
        "--limit",
        type=click.IntRange(min=1, max=10_000),
        default=50,
        show_default=True,
        help="Rows per page.",
    )(func)


def dayfirst_option(func: F) -> F:
    """``--dayfirst``: read 03/04/2025 as 3 April."""
    return click.option(
        "--dayfirst",
        is_flag=True,
        help="Read ambiguous numeric dates day first (03/04/2025 = 3 April). ISO dates "
        "(2025-04-03) are always year-month-day.",
    )(func)


def truncate(text: str | None, width: int) -> str:
    """One line of at most ``width`` characters, for table cells."""
    if not text:
        return ""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


# Option names of the link types ("translation-of"), in the order of the enum.
LINK_OPTION_NAMES = [t.value.replace("_", "-") for t in LinkType]
# How `claim add` words a link type in its help: "the new claim <words> claim ID".
_CAPTURE_WORDS = {"translation-of": "is a translation of", "derived-from": "is derived from"}


def link_options(help_for: Callable[[str], str]) -> Callable[[F], F]:
    """One ``--<link type> ID`` option per link type (`claim add`, `link`, `unlink`)."""

    def decorate(func: F) -> F:
        for name in reversed(LINK_OPTION_NAMES):
            func = click.option(
                f"--{name}", name.replace("-", "_"), metavar="ID", help=help_for(name)
            )(func)
        return func

    return decorate


capture_link_options = link_options(
    lambda name: (
        f"Record that the new claim {_CAPTURE_WORDS.get(name, name)} claim ID "
        "(never a duplicate stop on it)."
    )
)


# Link types that cannot both hold from one claim to another: a claim that rebuts another
# neither supports it, nor makes the same assertion, nor translates it.
CONTRADICTORY_LINKS = {
    frozenset({LinkType.REBUTS, other})
    for other in (LinkType.SUPPORTS, LinkType.DUPLICATES, LinkType.TRANSLATION_OF)
}


def link_flag(link_type: LinkType) -> str:
    """The option of a link type: ``--translation-of``."""
    return "--" + link_type.value.replace("_", "-")


def chosen_links(options: dict[str, str | None]) -> list[tuple[LinkType, str]]:
    """The (link type, claim id) pairs given with :func:`link_options`, in order.

    Two contradictory link types to the same claim (``--rebuts 3 --supports 3``) are a usage
    error naming both.
    """
    chosen = [(LinkType(name), ref) for name, ref in options.items() if ref]
    for i, (first, first_ref) in enumerate(chosen):
        for second, second_ref in chosen[i + 1 :]:
            same = first_ref.strip().lstrip("#") == second_ref.strip().lstrip("#")
            if same and frozenset({first, second}) in CONTRADICTORY_LINKS:
                raise click.UsageError(
                    f"{link_flag(first)} {first_ref} and {link_flag(second)} {second_ref} "
                    "contradict each other: give one link to that claim"
                )
    return chosen


def stance_options(func: F) -> F:
    """``--supports``, ``--refutes``, ``--contextualizes``, ``--mentions``, passed to ``func``
    as ``stance`` (a :class:`Stance` or None); two of them at once are a usage error."""
    names = {stance: f"stance_{stance.value}" for stance in Stance}
    helps = {
        Stance.SUPPORTS: "The source supports the claim.",
        Stance.REFUTES: "The source refutes the claim.",
        Stance.CONTEXTUALIZES: "The source gives context to the claim.",
        Stance.MENTIONS: "The source mentions the claim.",
    }

    @functools.wraps(func)
    def with_stance(*args: Any, **kwargs: Any) -> Any:
        given = [stance for stance, name in names.items() if kwargs.pop(name)]
        if len(given) > 1:
            flags = " and ".join(f"--{stance.value}" for stance in given)
            raise click.UsageError(f"{flags} are conflicting stances: give one")
        return func(*args, stance=given[0] if given else None, **kwargs)

    decorated: Callable[..., Any] = with_stance
    for stance in reversed(Stance):
        decorated = click.option(
            f"--{stance.value}", names[stance], is_flag=True, help=helps[stance]
        )(decorated)
    return cast("F", decorated)
