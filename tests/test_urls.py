"""Normalising source URLs: one document, one stored URL, whatever link was pasted."""

# These tests are about look-alike characters (typographic quotes, full-width forms).

from __future__ import annotations

import re

import pytest

from claimtracker.errors import InvalidInput
from claimtracker.urls import MAX_URL_LENGTH, normalise_url

NORMALISED = [
    # Surrounding whitespace, scheme and host case.
    ("  https://example.com/a  ", "https://example.com/a"),
    ("\thttps://example.com/a\n", "https://example.com/a"),
    ("HTTPS://Example.COM/a", "https://example.com/a"),
    ("HtTp://EXAMPLE.com/a", "http://example.com/a"),
    # Path case is kept, and so is everything else about the path.
    ("https://example.com/Path/To/Page.HTML", "https://example.com/Path/To/Page.HTML"),
    ("https://example.com/a/../b/./c//d/", "https://example.com/a/../b/./c//d/"),
    ("https://example.com/a/", "https://example.com/a/"),
    ("https://example.com/a", "https://example.com/a"),
    ("https://www.example.com/", "https://www.example.com/"),
    # Empty path.
    ("https://example.com", "https://example.com/"),
    ("https://example.com?a=1", "https://example.com/?a=1"),
    ("https://example.com#top", "https://example.com/"),
    # Default ports dropped, others kept; an empty port means the default.
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:0080/a", "http://example.com/a"),
    ("http://example.com:443/a", "http://example.com:443/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com:08443/a", "https://example.com:8443/a"),
    ("https://example.com:/a", "https://example.com/a"),
    # Fragments dropped, except the routes of single-page sites.
    ("https://example.com/a#section-2", "https://example.com/a"),
    ("https://example.com/a#", "https://example.com/a"),
    ("https://example.com/a?b=1#c", "https://example.com/a?b=1"),
    ("https://twitter.com/#!/jack/status/20", "https://twitter.com/#!/jack/status/20"),
    ("https://example.com/app#/articles/12", "https://example.com/app#/articles/12"),
    # International hosts become punycode; ASCII hosts are only lower-cased.
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://BÜCHER.example/", "https://xn--bcher-kva.example/"),
    ("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"),
    ("https://XN--BCHER-KVA.example/", "https://xn--bcher-kva.example/"),
    ("http://例え.テスト/", "http://xn--r8jz45g.xn--zckzah/"),
    ("https://ＥＸＡＭＰＬＥ.com/", "https://example.com/"),
    # Non-ASCII in path, query and kept fragment is percent-encoded as UTF-8, like browsers
    # copy it; existing escapes are left as they are.
    ("https://fr.wikipedia.org/wiki/Percée", "https://fr.wikipedia.org/wiki/Perc%C3%A9e"),
    ("https://fr.wikipedia.org/wiki/Perc%C3%A9e", "https://fr.wikipedia.org/wiki/Perc%C3%A9e"),
    ("https://example.com/?q=été", "https://example.com/?q=%C3%A9t%C3%A9"),
    ("https://example.com/a%2fb?x=%e9", "https://example.com/a%2fb?x=%e9"),
    # Addresses.
    ("http://192.0.2.1:80/", "http://192.0.2.1/"),
    ("http://[2001:DB8:0:0:0:0:0:1]:8080/", "http://[2001:db8::1]:8080/"),
    ("https://[::1]:443", "https://[::1]/"),
    # A fully qualified name's trailing dot is kept (no games).
    ("https://example.com./a", "https://example.com./a"),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_normalises(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


TRACKING = [
    "utm_source=newsletter",
    "utm_medium=email",
    "utm_campaign=spring",
    "utm_term=x",
    "utm_content=y",
    "utm_id=1",
    "utm_anything_new=1",
    "fbclid=IwAR0abc",
    "gclid=Cj0KCQ",
    "dclid=1",
    "gbraid=1",
    "wbraid=1",
    "msclkid=1",
    "mc_cid=1",
    "mc_eid=1",
    "igshid=1",
    "yclid=1",
    "_hsenc=1",
    "_hsmi=1",
    "mkt_tok=1",
    "ref_src=twsrc",
    "ref_url=https%3A%2F%2Fexample.org",
]


@pytest.mark.parametrize("parameter", TRACKING)
def test_drops_each_tracking_parameter(parameter: str) -> None:
    assert normalise_url(f"https://example.com/a?{parameter}") == "https://example.com/a"
    assert normalise_url(f"https://example.com/a?x=1&{parameter}&y=2") == (
        "https://example.com/a?x=1&y=2"
    )


def test_tracking_names_match_whatever_their_case_or_encoding() -> None:
    url = "https://example.com/?UTM_Source=a&utm%5Fmedium=b&FBCLID=c&id=7"
    assert normalise_url(url) == "https://example.com/?id=7"


def test_keeps_other_parameters_in_order_and_verbatim() -> None:
    url = "https://example.com/s?z=1&utm_source=x&a=%C3%A9&q=a+b%20c&flag&empty=&a=2&fbclid=9"
    assert normalise_url(url) == "https://example.com/s?z=1&a=%C3%A9&q=a+b%20c&flag&empty=&a=2"


def test_parameters_that_only_resemble_tracking_ones_are_kept() -> None:
    url = "https://example.com/?utm=1&source_utm_x=2&xfbclid=3&ref=4&gclid_x=5"
    assert normalise_url(url) == url


def test_no_question_mark_when_no_parameter_remains() -> None:
    assert normalise_url("https://example.com/a?utm_source=x&fbclid=y") == "https://example.com/a"
    assert normalise_url("https://example.com/a?") == "https://example.com/a"
    assert normalise_url("https://example.com/a?&&") == "https://example.com/a"


def test_empty_pieces_between_ampersands_are_dropped() -> None:
    assert normalise_url("https://example.com/?a=1&&b=2&") == "https://example.com/?a=1&b=2"


@pytest.mark.parametrize(
    "host", ["twitter.com", "x.com", "mobile.twitter.com", "www.x.com", "TWITTER.COM"]
)
def test_s_is_dropped_on_twitter_and_x(host: str) -> None:
    assert normalise_url(f"https://{host}/jack/status/20?s=20&t=abc") == (
        f"https://{host.lower()}/jack/status/20?t=abc"
    )


@pytest.mark.parametrize(
    "host", ["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"]
)
def test_si_is_dropped_on_youtube(host: str) -> None:
    assert normalise_url(f"https://{host}/watch?v=dQw4w9WgXcQ&si=AbC") == (
        f"https://{host}/watch?v=dQw4w9WgXcQ"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/search?s=climate",
        "https://example.com/?si=2",
        "https://youtube.com/?s=1",
        "https://twitter.com/?si=1",
        "https://notx.com/?s=1",
        "https://x.com.example.org/?s=1",
        "https://fakeyoutube.com/?si=1",
    ],
)
def test_site_specific_parameters_are_kept_elsewhere(url: str) -> None:
    assert normalise_url(url) == url


@pytest.mark.parametrize(
    "raw",
    [raw for raw, _ in NORMALISED]
    + [
        "https://example.com/a?utm_source=x&b=2#frag",
        "https://twitter.com/a?s=20",
        "http://bücher.example:80/Percée?q=é&fbclid=1#!/route/é",
    ],
)
def test_idempotent(raw: str) -> None:
    once = normalise_url(raw)
    assert normalise_url(once) == once


def test_everything_at_once() -> None:
    raw = " HTTPS://Bücher.Example:443/Katalog/Percée?utm_source=nl&id=7&fbclid=x&Sort=Asc#top "
    assert normalise_url(raw) == "https://xn--bcher-kva.example/Katalog/Perc%C3%A9e?id=7&Sort=Asc"


def test_longest_accepted_url() -> None:
    url = "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/"))
    assert len(url) == MAX_URL_LENGTH
    assert normalise_url(url) == url


def invalid(url: str, message: str) -> None:
    """Assert that ``url`` is rejected with exactly ``message``."""
    with pytest.raises(InvalidInput) as caught:
        normalise_url(url)
    assert str(caught.value) == message


SCHEME = "it must start with http:// or https://"


@pytest.mark.parametrize(
    "url",
    [
        "example.com",
        "www.example.com/page",
        "//example.com/page",
        "/relative/path",
        "ftp://example.com/file",
        "FTP://example.com/file",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<b>hi</b>",
        "mailto:someone@example.com",
        "file:///etc/passwd",
        "httpx://example.com/",
        "localhost:8080",
    ],
)
def test_rejects_other_schemes(url: str) -> None:
    invalid(url, f"invalid URL '{url}': {SCHEME}")


@pytest.mark.parametrize("url", ["", "   ", "\n\t"])
def test_rejects_empty(url: str) -> None:
    invalid(url, "invalid URL '': it is empty")


@pytest.mark.parametrize(
    "url", ["http://", "https://", "http:///path", "http:example.com", "http:/example.com"]
)
def test_rejects_missing_host(url: str) -> None:
    invalid(url, f"invalid URL '{url}': it has no host")


def test_rejects_port_without_host() -> None:
    invalid("https://:443/", "invalid URL 'https://:443/': it has no host")


@pytest.mark.parametrize(
    ("url", "shown", "what", "position"),
    [
        ("http://exa mple.com/", "http://exa mple.com/", "a space character U+0020", 11),
        ("http://example.com/a b", "http://example.com/a b", "a space character U+0020", 21),
        (
            "http://example.com/a\u00a0b",
            "http://example.com/a\\xa0b",
            "a space character U+00A0",
            21,
        ),
        ("http://example.com/a\tb", "http://example.com/a\\tb", "a control character U+0009", 21),
        ("http://example.com/a\nb", "http://example.com/a\\nb", "a control character U+000A", 21),
        ("http://example.com/\x07", "http://example.com/\\x07", "a control character U+0007", 20),
        ("http://exam\x00ple.com/", "http://exam\\x00ple.com/", "a control character U+0000", 12),
        ("http://example.com/\x7f", "http://example.com/\\x7f", "a control character U+007F", 20),
        (
            "http://exa\u200bmple.com/",
            "http://exa\\u200bmple.com/",
            "an invisible formatting character U+200B",
            11,
        ),
        (
            "http://example.com/\u202eevil",
            "http://example.com/\\u202eevil",
            "an invisible formatting character U+202E",
            20,
        ),
    ],
)
def test_rejects_spaces_and_control_characters(
    url: str, shown: str, what: str, position: int
) -> None:
    # Position counts from 1 in the URL as shown (surrounding whitespace removed); the quoted
    # URL escapes the character so the message stays on one line and shows it.
    invalid(url, f"invalid URL '{shown}': it contains {what} at position {position}")


def test_leading_control_characters_are_not_silently_removed() -> None:
    # urlsplit would strip these itself; they must be reported instead.
    invalid(
        "\x01http://example.com/",
        "invalid URL '\\x01http://example.com/': "
        "it contains a control character U+0001 at position 1",
    )


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("http://example.com:99999/", "99999"),
        ("http://example.com:65536/", "65536"),
        ("http://example.com:0/", "0"),
        ("http://example.com:http/", "http"),
        ("http://example.com:-1/", "-1"),
        ("http://example.com:+80/", "+80"),
        ("http://example.com:8O/", "8O"),
        ("http://example.com:\u0668\u0660/", "\u0668\u0660"),  # Arabic-Indic digits
        ("http://example.com:80:81/", "80:81"),
        ("http://[::1]:x/", "x"),
    ],
)
def test_rejects_invalid_port(url: str, port: str) -> None:
    invalid(url, f"invalid URL '{url}': the port '{port}' is not a number from 1 to 65535")


def test_highest_port_is_accepted() -> None:
    assert normalise_url("http://example.com:65535/") == "http://example.com:65535/"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://a..b/", "a..b"),
        ("http://.example.com/", ".example.com"),
        ("http://example.com../", "example.com.."),
        ("http://exa%6dple.com/", "exa%6dple.com"),
        ("http://example.com\\evil.com/", "example.com\\evil.com"),
        ("http://exa!mple.com/", "exa!mple.com"),
        (f"http://{'a' * 64}.com/", f"{'a' * 64}.com"),
    ],
)
def test_rejects_invalid_host(url: str, host: str) -> None:
    invalid(url, f"invalid URL '{url}': the host '{host}' is invalid")


def test_rejects_invalid_international_host() -> None:
    invalid(
        "http://bücher..example/",
        "invalid URL 'http://bücher..example/': "
        "the host 'bücher..example' is not a valid international domain name",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/",
        "http://::1]/",
        "http://[::1]x/",
        "http://a[b].com/",
        "http://[zz]/",
        "http://[1.2.3.4]/",
        "http://[::1::2]/",
        # A zone id names an interface of one machine: never a public source.
        "http://[fe80::1%25eth0]/",
    ],
)
def test_rejects_malformed_bracketed_host(url: str) -> None:
    invalid(url, f"invalid URL '{url}': the host is malformed")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://alice:s3cret@example.com/", "https://alice:***@example.com/"),
        ("https://alice:p@ss@example.com/a", "https://alice:***@example.com/a"),
        ("https://alice@example.com/", "https://alice@example.com/"),
        ("https://:s3cret@example.com/", "https://:***@example.com/"),
        ("https://@example.com/", "https://@example.com/"),
        ("https://example.com@evil.example/", "https://example.com@evil.example/"),
    ],
)
def test_rejects_credentials_without_repeating_the_password(url: str, shown: str) -> None:
    invalid(url, f"invalid URL '{shown}': it contains a user name or password")


def test_password_is_hidden_in_every_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_url("ftp://bob:hunter2@example.com/")
    assert "hunter2" not in str(caught.value)
    assert str(caught.value) == f"invalid URL 'ftp://bob:***@example.com/': {SCHEME}"


def test_an_at_sign_in_the_path_is_not_a_credential() -> None:
    url = "https://medium.com/@author/post?x=a@b"
    assert normalise_url(url) == url


def test_rejects_too_long_url_and_truncates_the_quote() -> None:
    url = "https://example.com/" + "a" * MAX_URL_LENGTH
    with pytest.raises(InvalidInput) as caught:
        normalise_url(url)
    message = str(caught.value)
    assert message == (
        f"invalid URL '{url[:77]}...': it is {len(url):,} characters; the maximum is 2,048"
    )
    assert "\n" not in message


def test_rejects_url_that_grows_too_long_when_normalised() -> None:
    # 2,000 characters given, but each "é" becomes the six characters "%C3%A9".
    url = "https://example.com/" + "é" * (2000 - len("https://example.com/"))
    assert len(url) == 2000
    with pytest.raises(
        InvalidInput,
        match=re.escape("characters once normalised; the maximum is 2,048"),
    ):
        normalise_url(url)


def test_line_breaks_inside_are_escaped_in_the_one_line_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_url("http://example.com/a\r\nb")
    assert str(caught.value) == (
        "invalid URL 'http://example.com/a\\r\\nb': "
        "it contains a control character U+000D at position 21"
    )
