"""Bytes to text: UTF-8 first, then a Western legacy encoding, then detection.

News files that are not UTF-8 are overwhelmingly Windows-1252 (the WHATWG encoding
standard maps the "latin-1" label to it for the same reason), and statistical
detectors misjudge short Western texts (charset-normalizer reads ``caf\\xe9`` as Urdu
cp1006), so cp1252 is tried before detection, but only when the result looks like
Western text. Every candidate decoding must pass :func:`looks_like_text`, which
rejects what a detector "makes sense of" by mixing scripts inside words.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from dyads.errors import InputError

#: BOMs that name their encoding outright (longest first: UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: C0/C1 controls other than the whitespace ones plain text holds, and private-use
#: code points: what binary data decodes to.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")

#: Legacy text uses bytes 0x80-0x9f as letters and quotes, so only C0 controls tell
#: binary data from text no encoding fits.
_C1_TO_SPACE = {c: " " for c in range(0x80, 0xA0)}

#: Scripts written without spaces between their kinds of letters count as one.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK",
                  "HALFWIDTH": "CJK", "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}

#: Judging a decoding by its start is enough and keeps huge files fast.
_SAMPLE_CHARS = 200_000

#: Above this share of control characters a decoded file is binary, not text.
MAX_CONTROL_SHARE = 0.01

#: Above this share of letter runs mixing scripts a decoding is judged garbage.
MAX_MIXED_WORD_SHARE = 0.02

#: cp1252 is accepted only when at most this share of the letters are non-ASCII:
#: Western languages stay far below it, Cyrillic or Greek misread as cp1252 far above.
MAX_NON_ASCII_LETTER_SHARE = 1 / 3

BINARY = "binary file, not text"


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode a file's bytes to text.

    Args:
        data: the raw bytes.
        origin: names the input in the error (a path or ``-``).

    Returns:
        The decoded text, BOM removed.

    Raises:
        InputError: the bytes are binary or no text encoding fits them.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break  # bytes that merely start like a BOM: judge them like any others
            if looks_like_text(text):
                return text
            break
    if b"\x00" in data:
        raise InputError(origin, BINARY)
    try:
        return _checked(data.decode("utf-8-sig"), origin)
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
    for text in _candidates(data):
        if looks_like_text(text):
            return text
    if control_share(data.decode("latin-1").translate(_C1_TO_SPACE)) > MAX_CONTROL_SHARE:
        raise InputError(origin, BINARY)
    raise InputError(origin, f"{utf8_error} and no other text encoding fits; "
                             "convert it to UTF-8")


def _checked(text: str, origin: str) -> str:
    if control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(origin, BINARY)
    return text


def _candidates(data: bytes) -> list[str]:
    """Decodings to try, most likely first."""
    out: list[str] = []
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _non_ascii_letter_share(western) <= MAX_NON_ASCII_LETTER_SHARE:
        out.append(western)
    for match in charset_normalizer.from_bytes(data):
        out.append(str(match))
    return out


def control_share(text: str) -> float:
    """Share of characters that are controls (not tab/newline) or private-use."""
    if not text:
        return 0.0
    return len(_NOT_TEXT.findall(text)) / len(text)


def _non_ascii_letter_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if not ch.isascii()) / len(letters)


def _script(ch: str) -> str:
    """Coarse script of a letter: the first word of its Unicode name (LATIN, CYRILLIC, ...)."""
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"
    return _SCRIPT_GROUPS.get(first, first)


def looks_like_text(text: str) -> bool:
    """True if a decoding reads as text: few controls, and words keep to one script.

    Real text in any language rarely mixes two scripts inside one word; a wrong
    decoding scatters foreign letters into otherwise ASCII words.
    """
    text = text[:_SAMPLE_CHARS]
    if control_share(text) > MAX_CONTROL_SHARE:
        return False
    words = mixed = 0
    script: str | None = None
    is_mixed = False
    for ch in text + " ":
        if ch.isalpha():
            s = _script(ch)
            if script is None:
                script, is_mixed = s, False
            elif s != script:
                is_mixed = True
        elif script is not None:
            words += 1
            mixed += is_mixed
            script = None
    return words == 0 or mixed / words <= MAX_MIXED_WORD_SHARE
