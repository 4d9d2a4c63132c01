"""Dyad analytics: counts, PLOVER scores and quad-class shares per dyad and period.

A *dyad* is a pair of actor keys (see :mod:`dyads.analysis.queries` for the levels
``code``, ``country`` and ``name``; ``country`` here by default). An event with compound
arguments belongs to every actor x recipient pair of its members; events without an actor
or a recipient belong to no dyad. Undirected dyads (``directed=False``, the default) key
the pair as the sorted ``(actor, recipient)``, so KGZ->TJK and TJK->KGZ are one dyad
``(KGZ, TJK)``; a domestic event (MWI police against MWI protesters) is the dyad
``(MWI, MWI)``.

What counts as one event:

- ``dedup=True`` (or a :class:`~dyads.analysis.dedup.DedupRules`): each cluster of
  :func:`dyads.analysis.dedup.cluster_assignments` counts once, however many articles
  report it. Its day is the earliest of its reports' days, its quad class the one most of
  its reports carry (the lower class on a tie), its score their mean. The clusters are
  made at the rules' own actor level; counted at another ``level`` a cluster can fall into
  more than one dyad (once in each).
- ``dedup=False``: every stored event counts (one per article that reports it).
- Negated events ("did not attack") never count unless ``include_negated=True``.

The day of an event is its own date (a month-precision date counts as the 1st of the
month), else its article's publication date; events with neither count in totals but not
in series. ``since`` / ``until`` filter on the same date as ``Store.query_events`` does.
Periods start on the 1st of the month, on Monday for weeks, on 1 January for years.

Columns of :func:`dyad_series` and :func:`dyad_totals`:

- ``events``: distinct events; ``score_sum`` / ``score_mean``: sum and mean of their PLOVER
  scores (-10 most hostile .. +10 most cooperative; a score missing in the store is the
  ontology's score of the type and mode);
- ``verbal_cooperation`` .. ``material_conflict``: events per PLOVER quad class (1..4), and
  ``share_verbal_cooperation`` .. ``share_material_conflict``: those counts / ``events``;
- ``cc_index``, the **cooperation-conflict index**: (cooperative events - conflictual
  events) / events, in [-1, 1]: +1 all cooperation (quads 1-2), -1 all conflict (quads
  3-4), 0 balanced. It weighs a threat and a massacre alike; its score-based variant
- ``score_index`` = ``score_mean`` / 10, also in [-1, 1], weighs events by PLOVER intensity
  (an ASSAULT at -9 outweighs an ACCUSE at -3).

:func:`partners` needs ``min_events`` distinct events before it calls a counterpart a
partner or an adversary, so one handshake does not make an ally. :func:`changes` (in
:mod:`dyads.analysis.changes`, documented there) finds dyads turning hostile or improving.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dyads.analysis.changes import changes
from dyads.analysis.dedup_rules import DedupRules
from dyads.analysis.dyad_rows import (
    QUAD_COLUMNS,
    SHARE_COLUMNS,
    add_period,
    check_args,
    distinct,
    event_rows,
    sums,
    undirected,
)
from dyads.analysis.queries import Interval, Level, connection

__all__ = ["PARTNER_COLUMNS", "SERIES_COLUMNS", "TOTALS_COLUMNS", "changes", "dyad_series",
           "dyad_totals", "partners"]

TOTALS_COLUMNS = ["actor", "recipient", "events", "score_sum", "score_mean",
                  *QUAD_COLUMNS.values(), *SHARE_COLUMNS.values(), "cc_index", "score_index"]
SERIES_COLUMNS = ["period", *TOTALS_COLUMNS]
PARTNER_COLUMNS = ["partner", "events", "cooperation", "conflict", "score_sum", "cc_index",
                   "score_index", "relation"]


def _dyad_table(store_or_con: Any, level: str, by_period: str | None, *,
                actor: str | None, recipient: str | None, since: date | str | None,
                until: date | str | None, dedup: bool | DedupRules, directed: bool,
                include_negated: bool) -> pd.DataFrame:
    check_args(level, since, until, by_period)
    rows = event_rows(connection(store_or_con), level, actor=actor, recipient=recipient,
                      since=since, until=until, either=not directed, dedup=dedup,
                      include_negated=include_negated)
    if not directed:
        rows = undirected(rows)
    rows = distinct(rows, ["actor", "recipient"])
    by = ["actor", "recipient"]
    if by_period is not None:
        rows = add_period(rows, by_period)
        by = ["period", *by]
    out = sums(rows, by)
    for col in ("events", *QUAD_COLUMNS.values()):
        out[col] = out[col].astype("int64")
    return out


def dyad_series(store_or_con: Any, interval: Interval = "month", level: Level = "country", *,
                actor: str | None = None, recipient: str | None = None,
                since: date | str | None = None, until: date | str | None = None,
                dedup: bool | DedupRules = True, directed: bool = False,
                include_negated: bool = False) -> pd.DataFrame:
    """Per dyad and period: events, PLOVER-score sum and mean, quad-class counts and shares.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        interval: ``day``, ``week`` (from Monday), ``month`` or ``year``.
        level: actor level of the keys: ``code``, ``country`` or ``name``.
        actor, recipient: actor queries as in ``Store.query_events`` (``TJK`` matches
            TJKGOV and TJKMIL). Undirected, they match either side (the pair, whoever acts);
            directed, ``actor`` acts on ``recipient``.
        since, until: ISO date prefixes (``2024``, ``2024-03``, ``2024-03-12``), inclusive.
        dedup: True (default rules), a ``DedupRules``, or False to count every report.
        directed: keep (actor, recipient) order instead of sorting the pair.
        include_negated: count negated events too.

    Returns:
        One row per dyad and period with at least one event, sorted by actor, recipient,
        period; columns :data:`SERIES_COLUMNS` (``period`` is a ``datetime.date``, the
        period's first day). See the module docstring for the definitions.

    Raises:
        ValueError: unknown level or interval. StoreError: malformed since/until.
    """
    out = _dyad_table(store_or_con, level, interval, actor=actor, recipient=recipient,
                      since=since, until=until, dedup=dedup, directed=directed,
                      include_negated=include_negated)
    return (out.sort_values(["actor", "recipient", "period"], kind="stable")
            .reset_index(drop=True)[SERIES_COLUMNS])


def dyad_totals(store_or_con: Any, level: Level = "country", *, actor: str | None = None,
                recipient: str | None = None, since: date | str | None = None,
                until: date | str | None = None, dedup: bool | DedupRules = True,
                directed: bool = False, include_negated: bool = False) -> pd.DataFrame:
    """One row per dyad over the whole (filtered) period, most events first.

    The arguments are those of :func:`dyad_series`; the columns :data:`TOTALS_COLUMNS`
    (those of the series without ``period``). Events without any date count here too.
    """
    out = _dyad_table(store_or_con, level, None, actor=actor, recipient=recipient,
                      since=since, until=until, dedup=dedup, directed=directed,
                      include_negated=include_negated)
    return (out.sort_values(["events", "actor", "recipient"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)[TOTALS_COLUMNS])


def partners(store_or_con: Any, actor: str, *, level: Level = "country",
             since: date | str | None = None, until: date | str | None = None, n: int = 10,
             dedup: bool | DedupRules = True, min_events: int = 2, margin: float = 0.2,
             include_negated: bool = False) -> pd.DataFrame:
    """An actor's partners and adversaries: its counterparts in events, both directions.

    ``actor`` is an actor query as in ``Store.query_events`` (``TCD``, ``RUSGOV``,
    ``Lavrov``); a counterpart is the key (at ``level``) of whoever is on the other side of
    its events. Events of the actor with itself (matching on both sides) are left out.

    A counterpart with at least ``min_events`` distinct events is a ``"partner"`` when its
    ``cc_index`` (see the module docstring) is at least ``margin``, an ``"adversary"`` when
    it is at most ``-margin``, otherwise ``"mixed"``; counterparts with fewer events are
    left out (one event is not a relationship; pass ``min_events=1`` to see them all).

    Returns:
        Columns :data:`PARTNER_COLUMNS` (``cooperation`` / ``conflict``: events of quads
        1-2 / 3-4). Partners first (most net cooperative events first, then most events),
        then mixed (most events first), then adversaries (most net conflictual first); at
        most ``n`` rows of each relation.

    Raises:
        ValueError: unknown level, ``n`` or ``min_events`` below 1, or a negative margin.
    """
    if n < 1 or min_events < 1:
        raise ValueError(f"n and min_events must be at least 1, got n={n}, "
                         f"min_events={min_events}")
    if margin < 0:
        raise ValueError(f"margin must be zero or more, got {margin}")
    check_args(level, since, until)
    rows = event_rows(connection(store_or_con), level, since=since, until=until,
                      dedup=dedup, include_negated=include_negated, mark=actor)
    as_actor = rows[rows["a_is"] & ~rows["r_is"]].assign(partner=lambda d: d["recipient"])
    as_recipient = rows[rows["r_is"] & ~rows["a_is"]].assign(partner=lambda d: d["actor"])
    rows = distinct(pd.concat([as_actor, as_recipient], ignore_index=True), ["partner"])
    out = sums(rows, ["partner"])
    out = out[out["events"] >= min_events].copy()
    out["relation"] = "mixed"
    out.loc[out["cc_index"] >= margin, "relation"] = "partner"
    out.loc[out["cc_index"] <= -margin, "relation"] = "adversary"
    out["net"] = out["cooperation"] - out["conflict"]
    out["rank"] = out["relation"].map({"partner": 0, "mixed": 1, "adversary": 2})
    out["strength"] = out["net"].where(out["relation"] != "partner", -out["net"])
    out.loc[out["relation"] == "mixed", "strength"] = 0
    out = out.sort_values(["rank", "strength", "events", "partner"],
                          ascending=[True, True, False, True], kind="stable")
    out = out.groupby("rank", sort=True).head(n)
    for col in ("events", "cooperation", "conflict"):
        out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)[PARTNER_COLUMNS]
