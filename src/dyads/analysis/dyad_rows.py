"""The events of each dyad, one row per distinct event, and their per-group sums.

The shared ground of :mod:`dyads.analysis.aggregate` and :mod:`dyads.analysis.changes`:
one read-only SQL query over the stored events (every value bound as a parameter), merged
with the cross-article clusters of :mod:`dyads.analysis.dedup` when deduplicating, then
collapsed so each (event, actor, recipient) is one row. Counting is done in pandas.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from dyads.analysis.dedup_rules import DedupRules
from dyads.analysis.queries import (
    _EVENT_DAY,
    INTERVALS,
    _filters,
    _join,
    _key,
)
from dyads.kb.plover import QUAD_NAMES, load_ontology
from dyads.store.queries import actor_match, check_date

#: Count columns, one per PLOVER quad class, in quad order (1..4).
QUAD_COLUMNS: dict[int, str] = {q: name.replace(" ", "_") for q, name in QUAD_NAMES.items()}
SHARE_COLUMNS: dict[int, str] = {q: f"share_{c}" for q, c in QUAD_COLUMNS.items()}
#: PLOVER scores run from -10 (most hostile) to +10 (most cooperative); the ontology loader
#: rejects anything outside, so dividing by 10 maps a mean score into [-1, 1].
SCORE_SCALE = 10.0
#: pandas period frequencies of the intervals; ``W-SUN`` weeks run Monday to Sunday, as
#: DuckDB's ``date_trunc('week', ...)`` does.
FREQ = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}


def cooperative_quads() -> frozenset[int]:
    """Quad classes of the cooperative PLOVER types (the rest are conflictual)."""
    return frozenset(t.quad for t in load_ontology().types.values() if t.cooperative)


def check_args(level: str, since: date | str | None, until: date | str | None,
               interval: str | None = None) -> None:
    """Raise ValueError / StoreError for an unknown level or interval or a malformed date."""
    _key(level, "a")  # raises ValueError naming the known levels
    if interval is not None and interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}; use one of {', '.join(INTERVALS)}")
    check_date("since", None if since is None else str(since))
    check_date("until", None if until is None else str(until))


def event_rows(con: duckdb.DuckDBPyConnection, level: str, *, actor: str | None = None,
               recipient: str | None = None, since: date | str | None = None,
               until: date | str | None = None, either: bool = False,
               dedup: bool | DedupRules = True, include_negated: bool = False,
               mark: str | None = None) -> pd.DataFrame:
    """One row per distinct event and (directed) actor/recipient key pair.

    Columns ``event`` (the cluster id when deduplicating, else ``doc_id:idx``), ``actor``,
    ``recipient``, ``day`` (datetime64; NaT when neither the event nor its article is
    dated), ``quad`` and ``score`` (filled from the PLOVER ontology when not stored).
    Events without an actor or a recipient are left out: they belong to no dyad.
    With ``mark`` (an actor query), two more boolean columns ``a_is`` / ``r_is`` tell
    whether the actor / recipient matches it, and only events where one does are kept.
    """
    if either and recipient and not actor:  # undirected: a lone recipient is either side too
        actor, recipient = recipient, None
    where, params = _filters(actor, recipient, since, until, either=either)
    if not include_negated:
        where.append("NOT coalesce(e.negated, FALSE)")
    select_extra, extra_params, outer_where = "", [], ""
    if mark:
        sql_a, p_a = actor_match("a", mark)
        sql_r, p_r = actor_match("r", mark)
        select_extra = f", coalesce({sql_a}, FALSE) AS a_is, coalesce({sql_r}, FALSE) AS r_is"
        extra_params = p_a + p_r
        outer_where = "AND (a_is OR r_is)"
    sql = f"""
        SELECT * FROM (
            SELECT e.doc_id, e.idx, e.event_type, e.mode, e.quad, e.score,
                   {_key(level, 'a')} AS actor, {_key(level, 'r')} AS recipient,
                   {_EVENT_DAY} AS day{select_extra}
            FROM events e
            JOIN documents d ON d.id = e.doc_id
            {_join('a', 'actor')}
            {_join('r', 'recipient')}
            WHERE {' AND '.join(where) if where else 'TRUE'}
        ) p
        WHERE actor IS NOT NULL AND recipient IS NOT NULL {outer_where}
    """
    df = con.execute(sql, extra_params + params).df()
    df["day"] = pd.to_datetime(df["day"])
    df["key"] = df["doc_id"].astype(str) + ":" + df["idx"].astype(str)
    df["event"] = df["key"]
    if dedup is not False and len(df):
        df["event"] = _cluster_keys(con, df, dedup, since, until)
    _fill_from_ontology(df)
    return df


def _cluster_keys(con: duckdb.DuckDBPyConnection, df: pd.DataFrame,
                  dedup: bool | DedupRules, since: date | str | None,
                  until: date | str | None) -> pd.Series:
    # Imported here: counting without dedup should not load the clustering (and datasketch).
    from dyads.analysis.dedup import cluster_assignments

    rules = dedup if isinstance(dedup, DedupRules) else None
    clusters = cluster_assignments(con, rules,
                                   since=None if since is None else str(since),
                                   until=None if until is None else str(until))
    by_key = pd.Series(clusters["cluster_id"].astype(str).to_numpy(),
                       index=(clusters["doc_id"].astype(str) + ":"
                              + clusters["idx"].astype(str)).to_numpy())
    # Events outside the clustering (negated ones, when asked for) stay events of their own.
    return df["key"].map(by_key).fillna(df["key"])


def _fill_from_ontology(df: pd.DataFrame) -> None:
    ontology = load_ontology()

    def lookup(event_type: Any, mode: Any) -> tuple[Any, Any]:
        try:
            return ontology.quad(event_type), ontology.score(event_type, mode)
        except (KeyError, TypeError, AttributeError):
            return None, None

    need = df["quad"].isna() | df["score"].isna()
    if need.any():
        # one ontology look-up per distinct (type, mode), not per event
        types = df.loc[need, "event_type"].astype(object)
        modes = df.loc[need, "mode"].astype(object)
        types, modes = types.where(types.notna(), None), modes.where(modes.notna(), None)
        pairs = pd.Series(list(zip(types, modes, strict=True)), index=types.index)
        table = {pair: lookup(*pair) for pair in set(pairs)}
        quad = df["quad"].astype(object)
        score = df["score"].astype(object)
        quad.loc[need] = quad.loc[need].where(quad.loc[need].notna(),
                                              pairs.map({k: v[0] for k, v in table.items()}))
        score.loc[need] = score.loc[need].where(score.loc[need].notna(),
                                                pairs.map({k: v[1] for k, v in table.items()}))
        df["quad"], df["score"] = quad, score
    df["quad"] = pd.to_numeric(df["quad"]).astype("Int64")
    df["score"] = pd.to_numeric(df["score"]).astype("float64")


def undirected(df: pd.DataFrame) -> pd.DataFrame:
    """Key each pair as (smaller, larger) key, so A->B and B->A are one dyad."""
    out = df.copy()
    swap = out["actor"] > out["recipient"]
    out.loc[swap, ["actor", "recipient"]] = out.loc[swap, ["recipient", "actor"]].to_numpy()
    return out


def distinct(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One row per event and group: the earliest day, the most reported quad, mean score.

    A deduplicated event is several stored reports; they may disagree on the day (the
    earliest is the event's), the quad (the most frequent wins, the lower class on a tie)
    or the score (their mean). Compound actors give one row per member, which collapse too.
    """
    keys = ["event", *by]
    if df.empty or not df.duplicated(keys).any():
        return df.loc[:, [*keys, "day", "quad", "score"]].reset_index(drop=True)
    grouped = df.groupby(keys, sort=False, dropna=False)
    out = grouped.agg(day=("day", "min"), score=("score", "mean")).reset_index()
    votes = (df.dropna(subset=["quad"]).groupby([*keys, "quad"], dropna=False).size()
             .rename("n").reset_index().sort_values([*keys, "n", "quad"],
                                                     ascending=[True] * len(keys) + [False, True]))
    votes = votes.drop_duplicates(keys)[[*keys, "quad"]]
    return out.merge(votes, on=keys, how="left")


def add_period(df: pd.DataFrame, interval: str) -> pd.DataFrame:
    """Rows with a day, with ``ordinal`` (consecutive integers per period) and ``period``."""
    out = df[df["day"].notna()].copy()
    periods = pd.PeriodIndex(out["day"], freq=FREQ[interval])
    out["ordinal"] = periods.asi8
    starts = {o: period_start(o, interval) for o in set(out["ordinal"])}
    out["period"] = out["ordinal"].map(starts).astype(object)
    return out


def period_start(ordinal: int, interval: str) -> date:
    """The first day of the period numbered ``ordinal`` (see :func:`add_period`)."""
    return pd.Period(ordinal=ordinal, freq=FREQ[interval]).start_time.date()


def sums(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group: events, score sum and mean, quad-class counts and shares, indices.

    ``df`` holds one row per distinct event (see :func:`distinct`).
    """
    coop = cooperative_quads()
    work = df.assign(
        **{col: (df["quad"] == q).fillna(False).astype("int64")
           for q, col in QUAD_COLUMNS.items()},
        cooperation=df["quad"].isin(coop).fillna(False).astype("int64"),
        conflict=(df["quad"].notna() & ~df["quad"].isin(coop)).astype("int64"),
        scored=df["score"].notna().astype("int64"))
    counts = ["cooperation", "conflict", "scored", *QUAD_COLUMNS.values()]
    if work.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in by})
        for col in ("events", *counts):
            out[col] = pd.Series(dtype="int64")
        out["score_sum"] = pd.Series(dtype="float64")
    else:
        grouped = work.groupby(by, sort=True, dropna=False)
        out = grouped[counts].sum()
        out.insert(0, "events", grouped.size())
        out["score_sum"] = grouped["score"].sum()
        out = out.reset_index()
    events = out["events"].astype("float64")
    out["score_mean"] = (out["score_sum"] / out["scored"].where(out["scored"] > 0))
    for q, col in QUAD_COLUMNS.items():
        out[SHARE_COLUMNS[q]] = out[col] / events
    out["cc_index"] = (out["cooperation"] - out["conflict"]) / events
    out["score_index"] = out["score_mean"] / SCORE_SCALE
    return out
