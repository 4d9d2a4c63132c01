"""The parts of an actor briefing: plain, frozen dataclasses filled from the store.

Everything here is data read from stored events and quotes; the only words dyads adds
are fixed labels (quad class names, the reason a signal was raised), documented on
:class:`Signal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dyads.kb.plover import QUAD_NAMES

#: a counterpart needs this many events before it is called a partner or an adversary, and
#: an index at least this far from 0 (see :func:`dyads.analysis.aggregate.partners`)
PARTNER_MIN_EVENTS = 2
PARTNER_MARGIN = 0.2


@dataclass(frozen=True)
class ActorLabel:
    """An actor key at the brief's level and a name a reader recognises."""

    key: str
    name: str

    def __str__(self) -> str:
        return self.name if self.name == self.key else f"{self.name} ({self.key})"


@dataclass(frozen=True)
class Totals:
    """Deduplicated events involving the actor (either side), by PLOVER quad class."""

    events: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    articles: int = 0

    @property
    def cooperation(self) -> int:
        return self.verbal_cooperation + self.material_cooperation

    @property
    def conflict(self) -> int:
        return self.verbal_conflict + self.material_conflict

    @property
    def cooperation_share(self) -> float | None:
        return self.cooperation / self.events if self.events else None

    @property
    def conflict_share(self) -> float | None:
        return self.conflict / self.events if self.events else None

    @property
    def cc_index(self) -> float | None:
        """(cooperation - conflict) / events: +1 all cooperation, -1 all conflict."""
        return (self.cooperation - self.conflict) / self.events if self.events else None


@dataclass(frozen=True)
class KeyEvent:
    """One deduplicated event (all reports of it merged) with its first report."""

    date: str | None
    date_end: str | None
    event_type: str
    mode: str | None
    quad: int | None
    score: float | None
    actor: ActorLabel | None
    recipient: ActorLabel | None
    evidence: str
    n_reports: int
    n_articles: int
    n_sources: int
    first_report: str | None
    first_doc_id: str | None
    first_title: str | None = None
    first_source: str | None = None
    first_url: str | None = None
    #: the sentence of the first report, which ``evidence`` (the trigger words) is part of
    sentence: str | None = None

    @property
    def parts(self) -> tuple[str, str, str]:
        """The sentence split around its evidence: (before, evidence, after).

        Without a sentence that contains the evidence, ("", evidence, "").
        """
        text = " ".join((self.sentence or "").split())
        ev = " ".join(self.evidence.split())
        at = text.find(ev) if ev else -1
        if at < 0:
            return "", self.evidence, ""
        return text[:at], ev, text[at + len(ev):]

    @property
    def quad_name(self) -> str:
        return QUAD_NAMES.get(self.quad or 0, "unclassified")

    @property
    def cooperative(self) -> bool:
        return self.quad in (1, 2)

    @property
    def when(self) -> str:
        """The event's date (or range), else 'date unknown'."""
        if not self.date:
            return "date unknown"
        if self.date_end and self.date_end != self.date:
            return f"{self.date} to {self.date_end}"
        return self.date

    @property
    def label(self) -> str:
        """PLOVER type and mode, e.g. ``THREATEN/violence``."""
        return self.event_type + (f"/{self.mode}" if self.mode else "")


@dataclass(frozen=True)
class Counterpart:
    """Another actor and the actor's events with it (both directions)."""

    actor: ActorLabel
    events: int
    cooperation: int
    conflict: int
    score_sum: float | None
    cc_index: float | None
    relation: str  # partner / adversary / mixed


@dataclass(frozen=True)
class Change:
    """A dyad of the actor whose cooperation-conflict index turned in one period."""

    actor: ActorLabel
    recipient: ActorLabel
    period: date
    before_index: float | None
    after_index: float | None
    delta: float | None
    events_before: int
    events_after: int
    kind: str  # "turned hostile" / "improved"


@dataclass(frozen=True)
class BriefQuote:
    """A quote by the actor (``relation='by'``) or naming it (``relation='about'``)."""

    speaker: str
    speaker_country: str | None
    cue: str | None
    content: str
    kind: str
    hedged: bool
    relation: str
    published: str | None
    doc_id: str
    title: str | None
    source: str | None
    url: str | None


@dataclass(frozen=True)
class TimelineRow:
    """Deduplicated events involving the actor in one period, by quad class."""

    period: date
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0

    @property
    def cooperation(self) -> int:
        return self.verbal_cooperation + self.material_cooperation

    @property
    def conflict(self) -> int:
        return self.verbal_conflict + self.material_conflict


@dataclass(frozen=True)
class Signal:
    """A threat or an opportunity, always one stored event or one measured change.

    Threats are (a) deduplicated conflict events (quad 3-4, negative PLOVER score) whose
    recipient is the actor and whose source is someone else, most hostile first, and
    (b) the actor's dyads that *turned hostile*. Opportunities are (a) deduplicated
    cooperation events (quad 1-2, positive score) between the actor and someone else, in
    either direction (offers, agreements, aid, support), most cooperative first, and
    (b) dyads that *improved*. ``reason`` is built from the event's quad class and
    counterpart, or the change's kind: dyads writes no other words.
    """

    kind: str  # threat / opportunity
    reason: str
    event: KeyEvent | None = None
    change: Change | None = None


@dataclass(frozen=True)
class Brief:
    """Everything a briefing on one actor shows; render with ``render_markdown/html``."""

    actor: ActorLabel
    level: str
    since: str | None
    until: str | None
    first_date: str | None
    last_date: str | None
    totals: Totals
    key_events: list[KeyEvent] = field(default_factory=list)
    partners: list[Counterpart] = field(default_factory=list)
    adversaries: list[Counterpart] = field(default_factory=list)
    mixed: list[Counterpart] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    threats: list[Signal] = field(default_factory=list)
    opportunities: list[Signal] = field(default_factory=list)
    quotes: list[BriefQuote] = field(default_factory=list)
    timeline: list[TimelineRow] = field(default_factory=list)
    interval: str = "month"

    @property
    def empty(self) -> bool:
        """True when no stored event involves the actor in the period."""
        return self.totals.events == 0

    @property
    def period_label(self) -> str:
        """The requested period, else the span of the actor's events."""
        start = self.since or self.first_date
        end = self.until or self.last_date
        if not start and not end:
            return "all stored dates"
        return f"{start or '…'} to {end or '…'}"
