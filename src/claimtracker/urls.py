"""Normalising source URLs, so that one document is stored once whatever link was pasted."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import NoReturn
from urllib.parse import quote, unquote, urlsplit

from claimtracker.errors import InvalidInput
from claimtracker.text import excerpt

MAX_URL_LENGTH = 2048
"""The longest URL accepted, before and after normalisation (the width of the column)."""

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only say how a reader reached the page (campaign, click and share ids).
# Keeping them would store the same article once per newsletter or share.
_TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
    }
)
# Short names that are share ids on these sites only; elsewhere "s" and "si" are often real
# parameters (a search term, a page), so they are dropped only for these hosts.
_SITE_TRACKING_PARAMETERS = {
    "s": ("twitter.com", "x.com"),
    "si": ("youtube.com", "youtu.be"),
}

# The password part of "scheme://user:password@host", so that messages never repeat it. The
# greedy [^/?#]* stops at the last "@" of the authority, as urlsplit does.
_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*:)[^/?#]*@")
_HOST_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_PORT = re.compile(r"[0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]*")


def normalise_url(url: str) -> str:
    """Return the canonical form of an http(s) source URL.

    Surrounding whitespace is stripped; scheme and host are lower-cased, an international host
    becomes punycode; the default port, the fragment (except a ``#!`` or ``#/`` route) and
    tracking parameters (``utm_*``, ``fbclid``...) are dropped; an empty path becomes ``/``.
    Non-ASCII characters in path and query are percent-encoded; everything else, including the
    order and spelling of the remaining parameters, is kept. The result normalises to itself.

    Raises :class:`InvalidInput` for anything that is not an absolute http or https URL with a
    host: another scheme, spaces or control characters, a user name or password, a bad host or
    port, or more than 2,048 characters.
    """
    raw = url.strip()
    if not raw:
        _fail(raw, "it is empty")
    if len(raw) > MAX_URL_LENGTH:
        _fail(raw, f"it is {len(raw):,} characters; the maximum is {MAX_URL_LENGTH:,}")
    # Nearly every URL is printable ASCII, which holds none of the characters looked for below
    # (an import of 100,000 notes checks 57,000 links; the loop was most of each check).
    for index, ch in enumerate("" if _PRINTABLE_ASCII.fullmatch(raw) else raw):
        # urlsplit silently deletes tabs and line breaks and strips leading controls, so these
        # must be caught before it runs. Format characters (zero-width space, bidi overrides)
        # are invisible and would make look-alike duplicates.
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs"):
            what = "a control character"
        elif category == "Cf":
            what = "an invisible formatting character"
        elif ch.isspace():
            what = "a space character"
        else:
            continue
        _fail(raw, f"it contains {what} U+{ord(ch):04X} at position {index + 1}")

    try:
        parts = urlsplit(raw)
    except ValueError:
        # Unbalanced brackets or a host that NFKC turns into URL delimiters.
        _fail(raw, "the host is malformed")
    scheme = parts.scheme  # urlsplit lower-cases it
    if scheme not in _DEFAULT_PORTS:
        _fail(raw, "it must start with http:// or https://")
    if "@" in parts.netloc:
        # A source is a public document: credentials in its link are a mistake, and storing
        # them would publish them.
        _fail(raw, "it contains a user name or password")
    host, port = _split_netloc(raw, parts.netloc)
    host = _normalise_host(raw, host)
    port_text = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"

    path = _encode_non_ascii(parts.path) or "/"
    query = _drop_tracking(_encode_non_ascii(parts.query), host)
    normalised = f"{scheme}://{host}{port_text}{path}"
    if query:
        normalised += f"?{query}"
    # A fragment is usually a place in the page, but "#!" and "#/" fragments are the address of
    # the page itself in single-page sites (old Twitter links, hash routers).
    if parts.fragment.startswith(("!", "/")):
        normalised += f"#{_encode_non_ascii(parts.fragment)}"

    if len(normalised) > MAX_URL_LENGTH:  # punycode and percent-encoding make URLs longer
        _fail(
            raw,
            f"it is {len(normalised):,} characters once normalised; "
            f"the maximum is {MAX_URL_LENGTH:,}",
        )
    return normalised


def _split_netloc(raw: str, netloc: str) -> tuple[str, int | None]:
    """Split ``host[:port]`` (the host may be a bracketed IPv6 address); check the port."""
    if netloc.startswith("["):
        host, _, rest = netloc.partition("]")
        host += "]"
        if rest and not rest.startswith(":"):
            _fail(raw, "the host is malformed")
        port_text = rest[1:]
    else:
        host, _, port_text = netloc.partition(":")
    if not host:
        _fail(raw, "it has no host")
    if not port_text:  # no port, or an empty one, which RFC 3986 makes the default
        return host, None
    # Checked here rather than through SplitResult.port, which accepts "+80" and non-ASCII
    # digits in some Python versions.
    if not _PORT.fullmatch(port_text) or not 1 <= int(port_text) <= 65535:
        _fail(raw, f"the port {excerpt(port_text)} is not a number from 1 to 65535")
    return host, int(port_text)


def _normalise_host(raw: str, host: str) -> str:
    """Lower-case ``host``, encode it as punycode if international, and check it."""
    if host.startswith("["):
        try:
            # Scope ids ("%eth0") name a network interface of one machine: not a public source.
            address = ipaddress.IPv6Address(host[1:-1]) if "%" not in host else None
        except ValueError:
            address = None
        if address is None:
            # Same words as when urlsplit rejects a bracketed host itself, which it does for
            # some of these cases depending on the Python version.
            _fail(raw, "the host is malformed")
        return f"[{address.compressed}]"
    if not host.isascii():
        try:
            # The stdlib codec implements IDNA 2003 (nameprep, so it also case-folds and maps
            # "ß" to "ss"); that matches how most links to such hosts are written.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            _fail(raw, f"the host {excerpt(host)} is not a valid international domain name")
    host = host.lower()
    labels = host.split(".")
    if len(labels) > 1 and not labels[-1]:
        labels.pop()  # a fully qualified name's trailing dot is allowed, and kept
    if len(host) > 254 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        _fail(raw, f"the host {excerpt(host)} is invalid")
    return host


def _encode_non_ascii(component: str) -> str:
    """Percent-encode (as UTF-8) the non-ASCII characters of a path, query or fragment.

    A URI must be ASCII; doing this makes ``/wiki/Percée`` and ``/wiki/Perc%C3%A9e`` (what
    browsers copy) the same source. Existing escapes and ASCII characters are left alone.
    """
    return _NON_ASCII.sub(lambda match: quote(match.group(), safe=""), component)


def _drop_tracking(query: str, host: str) -> str:
    """Remove tracking parameters (and empty ``&&`` pieces); keep the rest verbatim, in order."""
    kept = [piece for piece in query.split("&") if piece and not _is_tracking(piece, host)]
    return "&".join(kept)


def _is_tracking(piece: str, host: str) -> bool:
    # Compared decoded and case-insensitively: "UTM_Source" and "utm%5Fsource" are the same
    # campaign tag, and no site gives such names a meaning of its own.
    name = unquote(piece.partition("=")[0]).lower()
    if name.startswith("utm_") or name in _TRACKING_PARAMETERS:
        return True
    sites = _SITE_TRACKING_PARAMETERS.get(name, ())
    return any(host == site or host.endswith(f".{site}") for site in sites)


def _fail(raw: str, reason: str) -> NoReturn:
    shown = excerpt(_PASSWORD.sub(r"\g<head>***@", raw))
    raise InvalidInput(f"invalid URL {shown}: {reason}")
