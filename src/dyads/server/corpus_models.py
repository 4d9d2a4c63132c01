"""Response models of the corpus endpoints (deduplicated events, dyad aggregates, changes).

The analysis library returns pandas DataFrames; :func:`records` turns one into JSON-ready
rows (numpy scalars to Python, NaN and NA to null, dates to ISO text) that these models
validate and document in the OpenAPI schema.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field


def plain(value: Any) -> Any:
    """A DataFrame cell as a JSON value: None for NaN/NA/NaT, ISO text for dates."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of JSON values."""
    cols = list(frame.columns)
    return [{c: plain(v) for c, v in zip(cols, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)]


class PageInfo(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")
    total: int = Field(description="Items matching the request, on all pages.")


class ArticleRef(BaseModel):
    """A stored article that reports (or recalls) a deduplicated event."""

    doc_id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = Field(default=None, description="The article's own URL, if stored.")
    view: str = Field(description="Path of the article view in this workspace.")


class Cluster(BaseModel):
    """One real-world event: every stored report of it merged into one."""

    cluster_id: str = Field(description="Stable id (hash of the cluster's anchor report).")
    event_type: str | None
    mode: str | None = Field(description="The most frequent PLOVER mode of the reports.")
    actor: str | None = Field(description="Actor key (country by default); members of a "
                                          "compound actor joined by '+'.")
    recipient: str | None
    date: str | None = Field(description="Earliest day (YYYY-MM-DD) or month (YYYY-MM).")
    date_end: str | None
    quad: int | None = Field(description="PLOVER quad class 1-4.")
    score: float | None = Field(description="Mean PLOVER score of the reports (-10..10).")
    n_reports: int = Field(description="Stored events merged, background mentions included.")
    n_articles: int = Field(description="Distinct articles reporting it.")
    n_sources: int = Field(description="Distinct outlets among them.")
    n_independent: int = Field(description="Reporting articles, republished copies once.")
    doc_ids: list[str] = Field(description="Reporting articles, first published first.")
    background_doc_ids: list[str] = Field(description="Later articles recalling the event.")
    first_report: str | None
    last_report: str | None
    first_doc_id: str | None
    evidence: str | None = Field(description="Evidence text of the first report.")
    articles: list[ArticleRef] = Field(description="The reporting articles, as doc_ids.")
    background: list[ArticleRef] = Field(description="The recalling articles.")


class ClusterPage(PageInfo):
    items: list[Cluster]


class DyadCounts(BaseModel):
    actor: str = Field(description="First actor key; undirected dyads sort the pair.")
    recipient: str
    events: int = Field(description="Distinct events (deduplicated unless dedup=false).")
    cooperation: int = Field(description="Events of quad classes 1-2.")
    conflict: int = Field(description="Events of quad classes 3-4.")
    score_sum: float
    score_mean: float | None
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    share_verbal_cooperation: float | None
    share_material_cooperation: float | None
    share_verbal_conflict: float | None
    share_material_conflict: float | None
    cc_index: float | None = Field(description=(
        "Cooperation-conflict index: (cooperation - conflict) / events, -1..1."))
    score_index: float | None = Field(description="Mean PLOVER score / 10, -1..1.")


class DyadPage(PageInfo):
    level: str
    directed: bool
    dedup: bool
    items: list[DyadCounts]


class DyadPeriod(DyadCounts):
    period: str = Field(description="First day of the period, YYYY-MM-DD.")


class DyadSeriesPage(PageInfo):
    interval: str
    level: str
    directed: bool
    dedup: bool
    items: list[DyadPeriod]


class Partner(BaseModel):
    partner: str = Field(description="The counterpart's key at the requested level.")
    events: int
    cooperation: int
    conflict: int
    score_sum: float
    cc_index: float | None
    score_index: float | None
    relation: Literal["partner", "mixed", "adversary"]


class PartnerList(BaseModel):
    actor: str
    level: str
    items: list[Partner]


class DyadChange(BaseModel):
    actor: str
    recipient: str
    period: str = Field(description="First day of the window after the change.")
    before_index: float
    after_index: float
    delta: float
    events_before: int
    events_after: int
    kind: Literal["turned hostile", "improved"]


class ChangePage(PageInfo):
    interval: str
    level: str
    items: list[DyadChange]


class NearDuplicate(BaseModel):
    doc_id: str = Field(description="The later copy.")
    duplicate_of: str = Field(description="The earlier-published article it copies.")
    similarity: float = Field(description="Exact Jaccard similarity of word 3-gram sets.")
    title: str | None = None
    original_title: str | None = None


class NearDuplicatePage(PageInfo):
    threshold: float
    items: list[NearDuplicate]


def dyad_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``dyad_totals`` / ``dyad_series`` with cooperation and conflict summed."""
    rows = records(frame)
    for r in rows:
        r["cooperation"] = r["verbal_cooperation"] + r["material_cooperation"]
        r["conflict"] = r["verbal_conflict"] + r["material_conflict"]
    return rows


def frame_page(frame: pd.DataFrame, limit: int, offset: int,
               rows: Callable[[pd.DataFrame], list[dict[str, Any]]] = records
               ) -> dict[str, Any]:
    """One page of a fully computed frame; only the page's rows become JSON values."""
    end = offset + limit
    return {"items": rows(frame.iloc[offset:end]), "limit": limit, "offset": offset,
            "next_offset": end if end < len(frame) else None, "total": len(frame)}
