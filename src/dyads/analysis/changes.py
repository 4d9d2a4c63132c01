"""Change detection: dyads turning hostile, or improving, from one window to the next.

The method, per dyad (counted as in :mod:`dyads.analysis.aggregate`: one row per distinct
event, undirected by default):

1. Split time into periods of ``interval`` (day, week from Monday, month, year).
2. For every period *t* in which the dyad has events, compare the **before** window, the
   ``window`` periods just before *t* (t-window .. t-1), with the **after** window, *t* and
   the ``window - 1`` periods after it (t .. t+window-1). Both are calendar windows: a
   quiet period is a period with no events, not skipped.
3. Compute the index of each window from its summed counts: the cooperation-conflict index
   (cooperative - conflictual events) / events, or with ``index="score"`` the mean PLOVER
   score / 10; both lie in [-1, 1]. ``delta`` = after - before.
4. *t* is a candidate when both windows hold at least ``min_events`` events and
   - ``delta <= -threshold`` and the after window is conflictual (index < 0):
     **"turned hostile"** (a cooperative dyad crossing into conflict, or a hostile one
     sharply escalating);
   - ``delta >= threshold`` and the after window is cooperative (index > 0): **"improved"**.
5. Candidates of the same kind in one dyad less than ``window + 1`` periods apart are one
   episode (overlapping windows see the same shift); the candidate with the largest
   ``|delta|`` (the earliest on a tie) stands for it.

The windows sum counts rather than average period indices, so a busy month weighs more than
a quiet one, and ``min_events`` on both sides keeps a single event from making a trend.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pandas as pd

from dyads.analysis.dedup_rules import DedupRules
from dyads.analysis.dyad_rows import (
    SCORE_SCALE,
    add_period,
    check_args,
    cooperative_quads,
    distinct,
    event_rows,
    period_start,
    undirected,
)
from dyads.analysis.queries import Interval, Level, connection

CHANGE_COLUMNS = ["actor", "recipient", "period", "before_index", "after_index", "delta",
                  "events_before", "events_after", "kind"]


def changes(store_or_con: Any, interval: Interval = "month", *, level: Level = "country",
            actor: str | None = None, recipient: str | None = None,
            since: date | str | None = None, until: date | str | None = None,
            dedup: bool | DedupRules = True, window: int = 1, min_events: int = 2,
            threshold: float = 0.5, index: Literal["count", "score"] = "count",
            directed: bool = False, include_negated: bool = False) -> pd.DataFrame:
    """Periods where a dyad turned hostile or improved (method in the module docstring).

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        interval: period length: ``day``, ``week``, ``month`` or ``year``.
        level, actor, recipient, since, until, dedup, directed, include_negated: as in
            :func:`dyads.analysis.aggregate.dyad_series`.
        window: periods in each of the two compared windows.
        min_events: distinct events each window needs before it is compared.
        threshold: the least change of the index (on its [-1, 1] scale) that counts.
        index: ``"count"`` for the cooperation-conflict index, ``"score"`` for the
            PLOVER-score index.

    Returns:
        Columns :data:`CHANGE_COLUMNS`, sorted by period, actor, recipient: ``period``
        (``datetime.date``) is the first day of the after window, ``before_index`` /
        ``after_index`` the windows' indices, ``events_before`` / ``events_after`` their
        distinct events, ``kind`` ``"turned hostile"`` or ``"improved"``.

    Raises:
        ValueError: unknown level, interval or index, window or min_events below 1, or a
            threshold that is not positive.
    """
    if window < 1 or min_events < 1:
        raise ValueError(f"window and min_events must be at least 1, got window={window}, "
                         f"min_events={min_events}")
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    if index not in ("count", "score"):
        raise ValueError(f"unknown index {index!r}; use 'count' or 'score'")
    check_args(level, since, until, interval)
    rows = event_rows(connection(store_or_con), level, actor=actor, recipient=recipient,
                      since=since, until=until, either=not directed, dedup=dedup,
                      include_negated=include_negated)
    if not directed:
        rows = undirected(rows)
    rows = add_period(distinct(rows, ["actor", "recipient"]), interval)
    found: list[dict[str, Any]] = []
    for (a, r), dyad in rows.groupby(["actor", "recipient"], sort=True):
        found += [{"actor": a, "recipient": r, **row} for row in
                  _dyad_changes(_per_period(dyad, index), window, min_events, threshold)]
    for row in found:
        row["period"] = period_start(row.pop("ordinal"), interval)
    out = pd.DataFrame(found, columns=CHANGE_COLUMNS)
    for col in ("events_before", "events_after"):
        out[col] = out[col].astype("int64")
    return (out.sort_values(["period", "actor", "recipient"], kind="stable")
            .reset_index(drop=True))


def _per_period(dyad: pd.DataFrame, index: str) -> dict[int, tuple[int, float, int]]:
    """period ordinal -> (events, index numerator, index denominator)."""
    if index == "count":
        coop = cooperative_quads()
        sign = dyad["quad"].map(lambda q: 0 if pd.isna(q) else (1 if q in coop else -1))
        num, den = sign.astype("float64"), pd.Series(1, index=dyad.index)
    else:
        num = dyad["score"].fillna(0.0) / SCORE_SCALE
        den = dyad["score"].notna().astype("int64")
    frame = pd.DataFrame({"ordinal": dyad["ordinal"], "num": num, "den": den})
    grouped = frame.groupby("ordinal")
    return {int(o): (int(n), float(s), int(d)) for o, n, s, d in
            zip(grouped.size().index, grouped.size(), grouped["num"].sum(),
                grouped["den"].sum(), strict=True)}


def _dyad_changes(per: dict[int, tuple[int, float, int]], window: int, min_events: int,
                  threshold: float) -> list[dict[str, Any]]:
    def total(start: int) -> tuple[int, float | None]:
        cells = [per[o] for o in range(start, start + window) if o in per]
        events = sum(c[0] for c in cells)
        den = sum(c[2] for c in cells)
        return events, (sum(c[1] for c in cells) / den if den else None)

    candidates: list[dict[str, Any]] = []
    for t in sorted(per):
        n_before, before = total(t - window)
        n_after, after = total(t)
        if n_before < min_events or n_after < min_events or before is None or after is None:
            continue
        delta = after - before
        if delta <= -threshold and after < 0:
            kind = "turned hostile"
        elif delta >= threshold and after > 0:
            kind = "improved"
        else:
            continue
        candidates.append({"ordinal": t, "before_index": before, "after_index": after,
                           "delta": delta, "events_before": n_before,
                           "events_after": n_after, "kind": kind})
    episodes: list[list[dict[str, Any]]] = []
    for c in candidates:  # sorted by period
        last = episodes[-1][-1] if episodes else None
        if last is not None and last["kind"] == c["kind"] and \
                c["ordinal"] - last["ordinal"] <= window:
            episodes[-1].append(c)
        else:
            episodes.append([c])
    # max() keeps the first of equal |delta|: the earliest candidate
    return [max(ep, key=lambda c: abs(c["delta"])) for ep in episodes]
