"""REST endpoints of the corpus layer: deduplicated events, dyad aggregates, partners,
changes and event exports. All read-only; every list is computed whole by the analysis
library and then paged (``limit`` / ``offset``, with ``total``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any, Literal
from urllib.parse import quote

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from dyads.analysis import queries
from dyads.analysis.aggregate import changes, dyad_series, dyad_totals, partners
from dyads.analysis.brief_sources import known_actor, resolve_key
from dyads.analysis.dedup import event_clusters
from dyads.analysis.memo import memo
from dyads.analysis.near_dup import near_duplicate_pairs
from dyads.analysis.queries import connection
from dyads.export import export_events
from dyads.server.api import _ERRORS, Page, StoreDep
from dyads.server.corpus_models import (
    ChangePage,
    ClusterPage,
    DyadPage,
    DyadSeriesPage,
    NearDuplicatePage,
    PartnerList,
    dyad_rows,
    frame_page,
    records,
)
from dyads.server.errors import ApiError
from dyads.server.params import (
    ActorParam,
    CorpusLevelParam,
    DedupParam,
    DirectedParam,
    EventFilters,
    LimitParam,
    OffsetParam,
    RecipientParam,
    SinceParam,
    UntilParam,
    event_filters,
    paginate,
)
from dyads.store import Store

router = APIRouter(prefix="/api", tags=["corpus"], responses=_ERRORS)

IntervalParam = Annotated[Literal["day", "week", "month", "year"],
                          Query(description="Period length (weeks start on Monday).")]
SeriesLimit = Annotated[int, Query(ge=1, le=5000, description="Rows per page (1-5000).")]
#: format -> (media type, file name) of an event export.
EXPORTS = {"jsonl": ("application/x-ndjson", "dyads-events.jsonl"),
           "csv": ("text/csv; charset=utf-8", "dyads-events.csv"),
           "gdelt": ("text/tab-separated-values; charset=utf-8", "dyads-events-gdelt.tsv")}
CHUNK = 64 * 1024


def _range(since: str | None, until: str | None) -> None:
    EventFilters(since=since, until=until)  # 422 in the one error shape when reversed


def article_refs(store: Store, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, date, outlet and URL of stored articles, by id, for provenance lists."""
    if not doc_ids:
        return {}
    rows = connection(store).execute(
        "SELECT id, title, published, source, url FROM documents "
        "WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))", [sorted(doc_ids)]).fetchall()
    return {r[0]: {"doc_id": r[0], "title": r[1], "published": r[2], "source": r[3],
                   "url": r[4], "view": f"/documents/{quote(r[0], safe='')}"} for r in rows}


def clusters(store: Store, **kw: Any) -> pd.DataFrame:
    """``event_clusters(store, **kw)``, kept while the database does not change: clustering
    reads every event, while a page shows fifty. Callers must not modify the frame."""
    return memo(store.connection, ("event_clusters", tuple(sorted(kw.items()))),
                lambda: event_clusters(store, **kw))


def cluster_page(store: Store, *, actor: str | None = None, recipient: str | None = None,
                 since: str | None = None, until: str | None = None,
                 both: bool = False, sort: str = "date", min_articles: int = 1,
                 limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A page of deduplicated events with their articles (the API and the Stories page)."""
    frame = clusters(store, since=since, until=until, actor=actor, recipient=recipient)
    if both and actor and recipient:
        back = clusters(store, since=since, until=until, actor=recipient, recipient=actor)
        # a month-dated event (YYYY-MM) sorts before the days of its month, as in the library
        frame = (pd.concat([frame, back], ignore_index=True)
                 .drop_duplicates("cluster_id")
                 .sort_values(["date", "first_report", "cluster_id"], na_position="last",
                              kind="stable", ignore_index=True))
    frame = frame[frame["n_articles"] >= min_articles]
    if sort == "reports":
        frame = frame.sort_values(["n_articles", "n_sources"], ascending=False, kind="stable")
    page = frame_page(frame, limit, offset)
    refs = article_refs(store, {d for c in page["items"]
                                for d in c["doc_ids"] + c["background_doc_ids"]})

    def ref(doc_id: str) -> dict[str, Any]:
        return refs.get(doc_id) or {"doc_id": doc_id,
                                   "view": f"/documents/{quote(doc_id, safe='')}"}

    for c in page["items"]:
        c["articles"] = [ref(d) for d in c["doc_ids"]]
        c["background"] = [ref(d) for d in c["background_doc_ids"]]
    return page


@router.get("/clusters", response_model=ClusterPage,
            summary="Deduplicated events: every report of one event merged, with provenance")
def list_clusters(store: StoreDep, actor: ActorParam = None, recipient: RecipientParam = None,
                  since: SinceParam = None, until: UntilParam = None,
                  both: Annotated[bool, Query(description=(
                      "With actor and recipient: events in either direction between them."))
                  ] = False,
                  sort: Annotated[Literal["date", "reports"], Query(description=(
                      "date: earliest first; reports: most reporting articles first."))
                  ] = "date",
                  min_articles: Annotated[int, Query(ge=1, le=100_000, description=(
                      "Only events reported by at least this many articles."))] = 1,
                  limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    """Clusters of stored events that report one real-world event (same type, actor and
    recipient, dates within the rules' window). ``actor`` / ``recipient`` keep clusters
    with a matching report; dates filter the reports before clustering."""
    _range(since, until)
    return cluster_page(store, actor=actor, recipient=recipient, since=since, until=until,
                        both=both, sort=sort, min_articles=min_articles, limit=limit,
                        offset=offset)


@router.get("/dyads", response_model=DyadPage,
            summary="Dyad totals with the cooperation-conflict index, most events first")
def list_dyads(store: StoreDep, level: CorpusLevelParam = "country", actor: ActorParam = None,
               recipient: RecipientParam = None, since: SinceParam = None,
               until: UntilParam = None, directed: DirectedParam = False,
               dedup: DedupParam = True, limit: LimitParam = 50,
               offset: OffsetParam = 0) -> dict:
    """One row per actor pair: distinct events, quad-class counts and shares, PLOVER score
    sum and mean, ``cc_index`` = (cooperation - conflict) / events."""
    _range(since, until)
    frame = dyad_totals(store, level, actor=actor, recipient=recipient, since=since,
                        until=until, dedup=dedup, directed=directed)
    return {**frame_page(frame, limit, offset, dyad_rows), "level": level,
            "directed": directed, "dedup": dedup}


@router.get("/dyads/series", response_model=DyadSeriesPage,
            summary="Dyad time series: events, quad classes and index per period")
def list_dyad_series(store: StoreDep, interval: IntervalParam = "month",
                     level: CorpusLevelParam = "country", actor: ActorParam = None,
                     recipient: RecipientParam = None, since: SinceParam = None,
                     until: UntilParam = None, directed: DirectedParam = False,
                     dedup: DedupParam = True, limit: SeriesLimit = 500,
                     offset: OffsetParam = 0) -> dict:
    """Rows per dyad and period with at least one event, sorted by dyad then period.
    Undirected, ``actor`` and ``recipient`` match either side of the pair; events with a
    compound argument also give rows for its other pairs, so select the dyad's rows by
    their ``actor`` and ``recipient`` keys."""
    _range(since, until)
    frame = dyad_series(store, interval, level, actor=actor, recipient=recipient, since=since,
                        until=until, dedup=dedup, directed=directed)
    return {**frame_page(frame, limit, offset, dyad_rows), "interval": interval,
            "level": level, "directed": directed, "dedup": dedup}


@router.get("/dyads/types", response_model=Page,
            summary="Event counts per actor pair and event type")
def list_dyad_types(store: StoreDep, actor: ActorParam = None,
                    recipient: RecipientParam = None, since: SinceParam = None,
                    until: UntilParam = None,
                    level: Annotated[Literal["code", "country", "name"], Query(
                        description="Actor level of the keys.")] = "code",
                    limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    """Every stored report counts (no deduplication), directed, split by event type."""
    _range(since, until)
    rows = queries.dyad_counts(store, actor=actor, recipient=recipient, since=since,
                               until=until, level=level, limit=limit + 1, offset=offset)
    return paginate(rows, limit, offset)


def require_actor(store: Store, key: str, level: str) -> str:
    """The actor's key at ``level`` (a country name becomes its code); 404 if unknown."""
    resolved = resolve_key(key, level) or key
    if not known_actor(connection(store), resolved):
        raise ApiError(404, "not found", f"no actor {key!r} in stored events or quotes")
    return resolved


@router.get("/actors/{key}/partners", response_model=PartnerList,
            summary="An actor's partners, mixed relations and adversaries")
def list_partners(store: StoreDep, key: Annotated[str, Path(min_length=1, max_length=200)],
                  level: CorpusLevelParam = "country", since: SinceParam = None,
                  until: UntilParam = None, dedup: DedupParam = True,
                  n: Annotated[int, Query(ge=1, le=500, description=(
                      "Most rows of each relation."))] = 10,
                  min_events: Annotated[int, Query(ge=1, le=100_000, description=(
                      "Distinct events a counterpart needs to be listed."))] = 2,
                  margin: Annotated[float, Query(ge=0, le=1, description=(
                      "cc_index at least +margin: partner; at most -margin: adversary."))
                  ] = 0.2) -> dict:
    """Counterparts of ``key`` in events in either direction, with the cooperation-conflict
    index of their events; 404 when no stored event or quote names the actor."""
    _range(since, until)
    actor = require_actor(store, key, level)
    frame = partners(store, actor, level=level, since=since, until=until, n=n, dedup=dedup,
                     min_events=min_events, margin=margin)
    return {"actor": actor, "level": level, "items": records(frame)}


@router.get("/changes", response_model=ChangePage,
            summary="Dyads that turned hostile or improved from one window to the next")
def list_changes(store: StoreDep, interval: IntervalParam = "month",
                 level: CorpusLevelParam = "country", actor: ActorParam = None,
                 recipient: RecipientParam = None, since: SinceParam = None,
                 until: UntilParam = None, directed: DirectedParam = False,
                 dedup: DedupParam = True,
                 window: Annotated[int, Query(ge=1, le=60, description=(
                     "Periods in each compared window."))] = 1,
                 min_events: Annotated[int, Query(ge=1, le=100_000, description=(
                     "Distinct events each window needs."))] = 2,
                 threshold: Annotated[float, Query(gt=0, le=2, description=(
                     "Least change of the index (on its -1..1 scale)."))] = 0.5,
                 index: Annotated[Literal["count", "score"], Query(description=(
                     "count: cooperation-conflict index; score: mean PLOVER score / 10."))
                 ] = "count",
                 limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    """Compares the ``window`` periods before each period with it and the ones after; see
    ``dyads.analysis.changes`` for the method."""
    _range(since, until)
    frame = changes(store, interval, level=level, actor=actor, recipient=recipient,
                    since=since, until=until, dedup=dedup, window=window,
                    min_events=min_events, threshold=threshold, index=index,
                    directed=directed)
    return {**frame_page(frame, limit, offset), "interval": interval, "level": level}


@router.get("/near-duplicates", response_model=NearDuplicatePage,
            summary="Republished copies: pairs of near-identical articles (MinHash LSH)")
def list_near_duplicates(store: StoreDep,
                         threshold: Annotated[float, Query(gt=0, le=1, description=(
                             "Least Jaccard similarity of the articles' word 3-grams."))
                         ] = 0.8,
                         limit: LimitParam = 50, offset: OffsetParam = 0) -> dict:
    """Each pair names the later copy and the earlier-published original; deduplicated
    events count such copies once among their independent reports."""
    frame = near_duplicate_pairs(store, threshold)
    page = frame_page(frame, limit, offset)
    refs = article_refs(store, {d for r in page["items"]
                                for d in (r["doc_id"], r["duplicate_of"])})
    for r in page["items"]:
        r["title"] = refs.get(r["doc_id"], {}).get("title")
        r["original_title"] = refs.get(r["duplicate_of"], {}).get("title")
    return {**page, "threshold": threshold}


def _stream(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()


@router.get("/export/events", response_class=StreamingResponse,
            summary="Download events as PLOVER JSONL, CSV or a GDELT-style TSV",
            responses={200: {"description": "The export file (an attachment)",
                             "content": {m.split(";")[0]: {"schema": {"type": "string"}}
                                         for m, _ in EXPORTS.values()}}})
def export(store: StoreDep, filters: Annotated[EventFilters, Depends(event_filters)],
           format: Annotated[Literal["jsonl", "csv", "gdelt"], Query(description=(
               "jsonl: one PLOVER record per event; csv: the flat events table; gdelt: "
               "GDELT 2.0 event columns, one row per deduplicated event."))] = "jsonl",
           include_negated: Annotated[bool, Query(description=(
               "Also export events the text denies."))] = False,
           dedup: Annotated[bool, Query(description=(
               "gdelt only: one row per deduplicated event (false: per report)."))] = True,
           ) -> StreamingResponse:
    """Every stored event matching the filters of ``GET /api/events``, as a file."""
    media, name = EXPORTS[format]
    fd, path = tempfile.mkstemp(prefix="dyads-export-", suffix="." + name.rsplit(".", 1)[1])
    os.close(fd)
    try:
        n = export_events(store, path, format, include_negated=include_negated, dedup=dedup,
                          **filters.store_kwargs())
        handle = open(path, "rb")  # noqa: SIM115  (closed by the stream)
    finally:
        os.unlink(path)  # the open handle keeps the data readable until the stream ends
    return StreamingResponse(_stream(handle), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Dyads-Rows": str(n)})
