"""Ingest: every kind of input becomes a Document or a Rejection saying why."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyads.errors import InputError
from dyads.ingest import decode_bytes, normalize_date, read_inputs
from dyads.model import Document, Rejection

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Russia hosts Taliban talks | World News</title>
<meta property="article:published_time" content="2021-09-07T10:00:00+03:00">
<meta property="og:site_name" content="World News">
<link rel="canonical" href="https://news.example.org/russia-taliban">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Russia hosts Taliban talks</h1>
<p>Russia hosted talks with a Taliban delegation in Moscow on Tuesday, officials said.
The meeting was also attended by envoys from China and Pakistan.</p>
<p>Foreign Minister Sergei Lavrov said the talks had been useful and would continue
next month in Kabul, according to a statement from the ministry.</p>
</article>
<footer>Copyright 2021 World News. All rights reserved.</footer>
</body></html>"""

NO_TEXT_HTML = ("<html><head><title>Menu</title></head>"
                "<body><nav><a href='/'>Home</a></nav></body></html>")

PARAGRAPH = "Le président a rencontré le ministre à Genève pour des négociations très difficiles."


def read_one(tmp_path: Path, name: str, content: bytes | str, **kwargs) -> Document | Rejection:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    (item,) = list(read_inputs([str(path)], **kwargs))
    return item


# (file name, bytes, expected Document fields) -------------------------------------------
@pytest.mark.parametrize("name, content, expected", [
    ("a.txt", b"Russia met the Taliban.\n", {"text": "Russia met the Taliban.\n", "title": None}),
    ("a.txt", b"Line one.\r\nLine two.\r\n", {"text": "Line one.\nLine two.\n"}),
    ("bom.txt", "\ufeffRussia met the Taliban.".encode(), {"text": "Russia met the Taliban."}),
    ("utf16.txt", "Россия и Китай.".encode("utf-16"), {"text": "Россия и Китай."}),
    ("latin1.txt", PARAGRAPH.encode("latin-1"), {"text": PARAGRAPH}),
    ("cp1252.txt", "\u201cWe agree\u201d \u2013 he said.".encode("cp1252"),
     {"text": "\u201cWe agree\u201d \u2013 he said."}),
    ("cp1251.txt", ("Министр иностранных дел России заявил, что переговоры продолжатся. "
                    * 3).encode("cp1251"), {"text": "Министр иностранных дел России заявил, "
                                                    "что переговоры продолжатся. " * 3}),
    ("notes", b"No extension is text too.", {"text": "No extension is text too."}),
    ("article.md", b"# Title\n\nBody.", {"text": "# Title\n\nBody."}),
    ("page.html", ARTICLE_HTML.encode(), {
        "title": "Russia hosts Taliban talks", "published": "2021-09-07",
        "url": "https://news.example.org/russia-taliban", "source": "World News"}),
])
def test_documents(tmp_path: Path, name: str, content: bytes, expected: dict) -> None:
    doc = read_one(tmp_path, name, content)
    assert isinstance(doc, Document), doc
    for key, value in expected.items():
        assert getattr(doc, key) == value, key
    assert doc.origin == str(tmp_path / name)
    assert doc.id == doc.content_hash[:16]


def test_html_main_text_drops_boilerplate(tmp_path: Path) -> None:
    doc = read_one(tmp_path, "page.html", ARTICLE_HTML)
    assert isinstance(doc, Document)
    assert "Sergei Lavrov said the talks had been useful" in doc.text
    assert "Taliban delegation in Moscow" in doc.text
    assert "Copyright" not in doc.text
    assert "Sport" not in doc.text


def test_declared_cp1252_html_decodes(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Lavrov said", "Lavrov\u2019s aide said")
    doc = read_one(tmp_path, "page.html", page.encode("cp1252"))
    assert isinstance(doc, Document)
    assert "Lavrov\u2019s aide said" in doc.text


# (file name, bytes, expected rejection reason substring) ---------------------------------
@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n  ", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary file, not text"),
    ("controls.txt", bytes(range(1, 9)) * 50 + b"abc", "binary file, not text"),
    ("garbage.txt", bytes(range(0x80, 0x100)) * 4, "not valid UTF-8"),
    ("page.html", NO_TEXT_HTML.encode(), "HTML has no main text"),
    ("empty.html", b"", "empty file"),
    ("binary.html", b"\x00\x01\x02" * 100, "binary file, not text"),
    ("empty.jsonl", b"\n\n", "empty file"),
])
def test_rejections(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    item = read_one(tmp_path, name, content)
    assert isinstance(item, Rejection), item
    assert reason in item.reason
    assert item.origin == str(tmp_path / name)


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    assert list(read_inputs([missing])) == [Rejection(missing, "no such file or directory")]
    missing_dir = str(tmp_path / "nowhere")
    assert list(read_inputs([missing_dir])) == [Rejection(missing_dir, "no such file or directory")]


def test_too_big_is_rejected_unread(tmp_path: Path) -> None:
    item = read_one(tmp_path, "big.txt", b"word " * 1000, max_bytes=1000)
    assert isinstance(item, Rejection)
    assert "5,000 bytes, above the limit of 1,000" in item.reason


# JSON Lines ---------------------------------------------------------------------------
JSONL_LINES = [
    json.dumps({"text": "Russia met the Taliban.", "title": "Talks", "published": "2021-09-07",
                "url": "https://x.org/1", "source": "X", "id": "a1", "extra": [1, 2]}),
    "",
    "{not json",
    "[1, 2, 3]",
    json.dumps({"title": "no text"}),
    json.dumps({"text": 42}),
    json.dumps({"text": "ok", "title": 7}),
    json.dumps({"text": "ok", "published": "07/09/2021"}),
    json.dumps({"text": "   "}),
    json.dumps({"text": "Integer ids are kept.", "id": 1234,
                "published": "Tue, 07 Sep 2021 10:00:00 GMT"}),
    json.dumps({"text": "ok", "id": True}),
    json.dumps({"text": "bad \ud800 surrogate"}),
    json.dumps({"text": "Dates are normalised.", "published": "2021-09-07T23:30:00Z"}),
    json.dumps({"text": "Null fields are fine.", "title": None, "published": None, "id": None}),
]

JSONL_EXPECTED = [
    (1, {"text": "Russia met the Taliban.", "title": "Talks", "published": "2021-09-07",
         "url": "https://x.org/1", "source": "X", "id": "a1"}),
    (3, "invalid JSON"),
    (4, "not a JSON object (got an array)"),
    (5, 'no "text" field'),
    (6, '"text" must be a string, got a number'),
    (7, '"title" must be a string or null, got a number'),
    (8, "not a full, unambiguous date"),
    (9, "empty text"),
    (10, {"id": "1234", "published": "2021-09-07"}),
    (11, '"id" must be a non-empty string or an integer, got a boolean'),
    (12, "unpaired surrogate"),
    (13, {"published": "2021-09-07"}),
    (14, {"title": None, "published": None}),
]


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert len(items) == len(JSONL_EXPECTED)
    for item, (line, expected) in zip(items, JSONL_EXPECTED):
        assert item.origin == f"{path}:{line}"
        if isinstance(expected, str):
            assert isinstance(item, Rejection), item
            assert expected in item.reason
        else:
            assert isinstance(item, Document), item
            for key, value in expected.items():
                assert getattr(item, key) == value, (line, key)


def test_jsonl_bad_utf8_line_and_long_line(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_bytes(b'\xef\xbb\xbf{"text": "first"}\n{"text": "caf\xe9"}\n'
                     + b'{"text": "' + b"x" * 200 + b'"}\n')
    items = list(read_inputs([str(path)], max_bytes=100))
    assert isinstance(items[0], Document) and items[0].text == "first"
    assert isinstance(items[1], Rejection) and "not valid UTF-8" in items[1].reason
    assert isinstance(items[2], Rejection) and "above the limit of 100" in items[2].reason


# published override -------------------------------------------------------------------
def test_published_argument_overrides_and_fills(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Plain text.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "x", "published": "garbage"}) + "\n",
                                      encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], published="5 October 2022"))
    assert [type(i) for i in items] == [Document, Document, Document]
    assert {i.published for i in items} == {"2022-10-05"}


@pytest.mark.parametrize("bad", ["yesterday", "2021-02-30", "07/09/2021", "2021"])
def test_bad_published_argument_raises_before_reading(bad: str) -> None:
    with pytest.raises(InputError, match="published"):
        read_inputs(["/does/not/matter"], published=bad)


@pytest.mark.parametrize("value, expected", [
    ("2021-09-07", "2021-09-07"),
    ("2021-09-07T10:00:00+03:00", "2021-09-07"),
    ("2021-09-07 10:00:00", "2021-09-07"),
    ("20210907", "2021-09-07"),
    ("7 September 2021", "2021-09-07"),
    ("Sep 7, 2021", "2021-09-07"),
    ("Tue, 07 Sep 2021 10:00:00 GMT", "2021-09-07"),
])
def test_normalize_date(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


# directories and stdin ---------------------------------------------------------------
def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "z.txt").write_text("Zed.", encoding="utf-8")
    (root / "a.txt").write_text("Ay.", encoding="utf-8")
    (root / "b" / "deeper" / "c.txt").write_text("Cee.", encoding="utf-8")
    (root / "b" / "d.jsonl").write_text('{"text": "Dee."}\n', encoding="utf-8")
    (root / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (root / ".git" / "config.txt").write_text("Hidden too.", encoding="utf-8")
    (root / "gold.json").write_text("{}", encoding="utf-8")
    items = list(read_inputs([str(root)]))
    assert [(Path(i.origin).relative_to(root).as_posix(), getattr(i, "text", None))
            for i in items] == [
        ("a.txt", "Ay."),
        ("b/d.jsonl:1", "Dee."),
        ("b/deeper/c.txt", "Cee."),
        ("gold.json", None),
        ("z.txt", "Zed."),
    ]
    assert "name the file itself" in items[3].reason
    assert list(read_inputs([str(root)])) == items  # the same order every run


def test_several_paths_keep_their_order(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    paths = [str(tmp_path / "y.txt"), str(tmp_path / "missing"), str(tmp_path / "x.txt")]
    assert [i.origin for i in read_inputs(paths)] == paths


@pytest.mark.parametrize("stream, expected", [
    (io.BytesIO(b"Russia met the Taliban.\nThen they left.\n"),
     [("-", "Russia met the Taliban.\nThen they left.\n")]),
    (io.StringIO("Text streams work too."), [("-", "Text streams work too.")]),
    (io.BytesIO(b'\n{"text": "one"}\n{"text": "two", "id": "t"}\n'),
     [("-:2", "one"), ("-:3", "two")]),
    (io.BytesIO(b'{"text": "one"}\nnot json\n'), [("-:1", "one"), ("-:2", None)]),
    (io.BytesIO(ARTICLE_HTML.encode()), [("-", None)]),
    (io.BytesIO(b""), [("-", None)]),
    (io.BytesIO(b"caf\xe9 cr\xe8me, s'il vous pla\xeet."), [("-", "café crème, s'il vous plaît.")]),
])
def test_stdin(stream, expected: list[tuple[str, str | None]]) -> None:
    items = list(read_inputs(["-"], stdin=stream))
    assert [i.origin for i in items] == [origin for origin, _ in expected]
    for item, (_, text) in zip(items, expected):
        if text is not None:
            assert isinstance(item, Document) and item.text == text


def test_stdin_html_and_limits() -> None:
    (page,) = read_inputs(["-"], stdin=io.BytesIO(ARTICLE_HTML.encode()))
    assert isinstance(page, Document) and page.title == "Russia hosts Taliban talks"
    (empty,) = read_inputs(["-"], stdin=io.BytesIO(b"  \n"))
    assert isinstance(empty, Rejection) and empty.reason == "empty file"
    (big,) = read_inputs(["-"], stdin=io.BytesIO(b"line\n" * 100), max_bytes=50)
    assert isinstance(big, Rejection) and "above the limit of 50" in big.reason


# decoding never raises anything but InputError -----------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_any_bytes(data: bytes) -> None:
    try:
        text = decode_bytes(data, "x")
    except InputError as exc:
        assert exc.origin == "x" and exc.reason
    else:
        assert isinstance(text, str)
        assert "\x00" not in text


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs", "Cc", "Co")), min_size=1))
def test_utf8_text_decodes_unchanged(text: str) -> None:
    expected = text[1:] if text.startswith("\ufeff") else text  # a BOM is not content
    assert decode_bytes(text.encode("utf-8"), "x") == expected


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Meridian Wire</title>
<item><title>Talks resume</title><link>https://example.org/a</link>
<pubDate>Tue, 14 May 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Kazakhstan and Uzbekistan resumed talks on water sharing.&lt;/p&gt;&lt;p&gt;The ministers met in Tashkent.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/b</link><description></description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Caspian Post</title>
<entry><title>Drills announced</title><link href="https://example.org/c"/>
<updated>2024-05-20T10:00:00Z</updated>
<content type="html">Kyrgyzstan will hold military exercises near its southern border.</content></entry>
</feed>"""


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("wire.rss", RSS, [("Talks resume", "2024-05-14", "Meridian Wire", "https://example.org/a",
                        "Kazakhstan and Uzbekistan resumed talks on water sharing.\n\n"
                        "The ministers met in Tashkent."),
                       "feed entry has no text"]),
    ("post.atom", ATOM, [("Drills announced", "2024-05-20", "Caspian Post",
                          "https://example.org/c",
                          "Kyrgyzstan will hold military exercises near its southern border.")]),
    ("broken.xml", b"<rss><channel><item>", ["not an RSS/Atom feed"]),
])
def test_feeds(tmp_path, name, data, expected) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert len(items) == len(expected)
    for item, exp in zip(items, expected):
        if isinstance(exp, str):
            assert isinstance(item, Rejection) and exp in item.reason
        else:
            assert isinstance(item, Document)
            assert (item.title, item.published, item.source, item.url, item.text) == exp
