"""The JSON contract of dyads: plain dataclasses, no NLP, no storage.

Every stage downstream of ``extract`` sees only these objects. ``to_dict`` gives
exactly the JSON contract documented in the README; ``from_dict`` reverses it.
This module imports nothing of ours.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Union

SCHEMA_VERSION = 2


@dataclass(frozen=True)
class ActorRef:
    """A resolved actor: who, from which country, in which sector.

    ``country`` is ISO 3166-1 alpha-3 or one of PLOVER's IGO/UNO/EUR/NGO/ISM/IMG/MNC
    (or None when nothing in the text tells); ``sector`` a PLOVER sector code;
    ``code`` their concatenation (``RUSGOV``).
    """

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        if self.code is None and (self.country or self.sector):
            object.__setattr__(self, "code", f"{self.country or ''}{self.sector or ''}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActorRef:
        return cls(**{k: d.get(k) for k in ("text", "name", "country", "sector", "code")})


#: An event argument: one actor, several (compound), or nothing.
Argument = Union[ActorRef, list[ActorRef], None]


def argument_to_json(arg: Argument) -> Any:
    if arg is None:
        return None
    if isinstance(arg, list):
        return [a.to_dict() for a in arg]
    return arg.to_dict()


def argument_from_json(obj: Any) -> Argument:
    if obj is None:
        return None
    if isinstance(obj, list):
        return [ActorRef.from_dict(o) for o in obj]
    return ActorRef.from_dict(obj)


def argument_list(arg: Argument) -> list[ActorRef]:
    """The actors of an argument as a list (empty for None)."""
    if arg is None:
        return []
    return arg if isinstance(arg, list) else [arg]


@dataclass
class Document:
    """One input article: text plus metadata."""

    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # where it was read from (path, path:line, "-")

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = self.content_hash[:16]

    @property
    def content_hash(self) -> str:
        """Stable content id (sha256 of the text); never Python's salted hash()."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def meta_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "published": self.published,
                "source": self.source, "url": self.url}


@dataclass
class ActorMention:
    text: str
    name: str | None
    country: str | None
    sector: str | None
    code: str | None
    start: int
    end: int
    sentence: int  # index of the sentence in the document
    kb_id: str | None = None  # stable id of the KB entry (None for unknown actors)

    def ref(self) -> ActorRef:
        return ActorRef(self.text, self.name, self.country, self.sector, self.code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    event_type: str
    actor: Argument
    recipient: Argument
    sentence: str
    evidence: str
    start: int
    end: int
    id: str = ""
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    date: str | None = None
    date_end: str | None = None
    location: dict[str, Any] | None = None  # a Place.to_dict()
    tense: str | None = None  # past / present / future
    negated: bool = False
    hypothetical: bool = False
    cameo: str | None = None
    quad: int | None = None
    score: float | None = None
    confidence: float | None = None
    #: where ``date`` comes from: "clause" (the event's own clause states it) or "published"
    #: (no date in the clause: the publication date stands in)
    date_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["actor"] = argument_to_json(self.actor)
        d["recipient"] = argument_to_json(self.recipient)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        kw = {f.name: d.get(f.name) for f in fields(cls) if f.name in d}
        kw["actor"] = argument_from_json(d.get("actor"))
        kw["recipient"] = argument_from_json(d.get("recipient"))
        kw["contexts"] = list(d.get("contexts") or [])
        return cls(**kw)


@dataclass
class Quote:
    speaker: Argument
    cue: str | None
    content: str
    kind: str  # direct / indirect / mixed
    start: int  # offsets of the content
    end: int
    hedged: bool = False
    #: ids of the events this quote carries (a praise quote is its SUPPORT event's evidence)
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["speaker"] = argument_to_json(self.speaker)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        kw = {f.name: d.get(f.name) for f in fields(cls) if f.name in d}
        kw["speaker"] = argument_from_json(d.get("speaker"))
        kw["event_ids"] = list(d.get("event_ids") or [])
        return cls(**kw)


@dataclass
class DateMention:
    text: str
    value: str | None  # ISO date, YYYY-MM or YYYY by precision
    value_end: str | None
    precision: str  # day / month / year
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    text: str
    name: str | None
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Analysis:
    """Everything dyads read in one document."""

    doc: Document
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc.meta_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "dates": [d.to_dict() for d in self.dates],
            "places": [p.to_dict() for p in self.places],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str = "") -> Analysis:
        doc = Document(text=text, **{k: d["doc"].get(k) for k in
                                     ("id", "title", "published", "source", "url")})
        return cls(
            doc=doc,
            actors=[ActorMention(**a) for a in d.get("actors", [])],
            events=[Event.from_dict(e) for e in d.get("events", [])],
            quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
            dates=[DateMention(**x) for x in d.get("dates", [])],
            places=[Place(**p) for p in d.get("places", [])],
        )


@dataclass
class Rejection:
    """An input that could not be analysed, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
