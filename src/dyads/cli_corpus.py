"""Corpus commands: aggregates, networks, briefings and exports over a dyads database.

Each command is one call into :mod:`dyads.analysis` or :mod:`dyads.export` on a database
opened read-only, so they run while ``dyads serve`` reads the same file. Registered on the
``dyads`` group by :mod:`dyads.cli`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

from dyads.cli import DEFAULT_DB, _fail_cleanly, _require_db, main

_FORMATS = click.Choice(["table", "csv", "jsonl", "json"])


def _read_db(func: Any) -> Any:
    return click.option("--db", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help="DuckDB database file to read.")(func)


def _period(func: Any) -> Any:
    func = click.option("--until", help="Latest event date (YYYY-MM-DD or YYYY-MM).")(func)
    return click.option("--since", help="Earliest event date (YYYY-MM-DD or YYYY-MM).")(func)


def _level(func: Any) -> Any:
    return click.option("--level", type=click.Choice(["country", "code", "name"]),
                        default="country", show_default=True,
                        help="Actor level: country code, PLOVER actor code, or name.")(func)


def _dedup(func: Any) -> Any:
    func = click.option("--rules", type=click.Path(dir_okay=False, exists=True),
                        help="YAML file of deduplication rules (see `dyads clusters`).")(func)
    return click.option("--dedup/--no-dedup", default=True, show_default=True,
                        help="Count each real-world event once across articles.")(func)


def _dyad_options(func: Any) -> Any:
    """The options shared by the dyad aggregates (``dyads``, ``timeline``)."""
    func = click.option("--format", "fmt", type=_FORMATS, default="table",
                        show_default=True)(func)
    func = _dedup(func)
    func = click.option("--directed", is_flag=True,
                        help="Keep actor -> recipient direction.")(func)
    func = _level(_period(func))
    func = click.option("--recipient", help="With --actor: only this pair.")(func)
    func = click.option("--actor", help="Keep dyads with this actor on either side "
                                        "(RUS, RUSGOV, name).")(func)
    return _read_db(func)


def _rules(dedup: bool, rules: str | None) -> Any:
    """The ``dedup`` argument of the analysis functions: False, True or loaded rules."""
    if not dedup:
        return False
    if rules is None:
        return True
    from dyads.analysis.dedup import load_rules

    return load_rules(rules)


def _open(db: str) -> Any:
    from dyads.store import Store

    _require_db(db)
    return Store(db, read_only=True)


#: Short headers for the table view of wide aggregate frames (csv/json keep every column).
_TABLE_COLUMNS = {"period": "period", "actor": "actor", "recipient": "recipient",
                  "partner": "partner", "events": "events",
                  "verbal_cooperation": "v.coop", "material_cooperation": "m.coop",
                  "verbal_conflict": "v.confl", "material_conflict": "m.confl",
                  "cooperation": "coop", "conflict": "confl", "score_sum": "score",
                  "cc_index": "index", "relation": "relation"}


def _echo_frame(frame: Any, fmt: str, title: str, compact: bool = False) -> None:
    """Print a DataFrame as a rich table, CSV, JSON Lines or JSON.

    ``compact``: the table view shows only the columns of ``_TABLE_COLUMNS``, renamed.
    """
    if compact and fmt == "table":
        keep = [c for c in _TABLE_COLUMNS if c in frame.columns]
        frame = frame[keep].rename(columns=_TABLE_COLUMNS)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
        return
    records = [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
        return
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{title}: {len(records)} row(s)")
    for col in frame.columns:
        table.add_column(str(col), overflow="fold")
    for record in records:
        table.add_row(*(_cell(record[c]) for c in frame.columns))
    Console().print(table)


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, NaN/NaT as None, arrays as lists."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# ------------------------------------------------------------- aggregates ---
@main.command("dyads")
@_dyad_options
@_fail_cleanly
def dyads_cmd(db: str, actor: str | None, recipient: str | None, since: str | None,
              until: str | None, level: str, directed: bool, dedup: bool, rules: str | None,
              fmt: str) -> None:
    """Dyads: events, PLOVER score sums, quad-class counts and cooperation-conflict index."""
    from dyads.analysis.aggregate import dyad_totals

    with _open(db) as store:
        frame = dyad_totals(store, level, actor=actor, recipient=recipient, since=since,
                            until=until, dedup=_rules(dedup, rules), directed=directed)
    _echo_frame(frame, fmt, "dyads", compact=True)


@main.command()
@click.option("--interval", type=click.Choice(["day", "week", "month", "year"]),
              default="month", show_default=True)
@_dyad_options
@_fail_cleanly
def timeline(db: str, interval: str, actor: str | None, recipient: str | None,
             since: str | None, until: str | None, level: str, directed: bool, dedup: bool,
             rules: str | None, fmt: str) -> None:
    """Per-dyad time series: counts, score sums, quad-class shares per day/week/month/year."""
    from dyads.analysis.aggregate import dyad_series

    with _open(db) as store:
        frame = dyad_series(store, interval, level, actor=actor, recipient=recipient,  # type: ignore[arg-type]
                            since=since, until=until, dedup=_rules(dedup, rules),
                            directed=directed)
    _echo_frame(frame, fmt, f"timeline by {interval}", compact=True)


@main.command()
@_read_db
@click.argument("actor")
@_period
@_level
@click.option("-n", "n", type=click.IntRange(1), default=10, show_default=True,
              help="Rows of each kind (partners, adversaries, mixed).")
@click.option("--min-events", type=click.IntRange(1), default=2, show_default=True,
              help="Events a counterpart needs to be listed.")
@_dedup
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@_fail_cleanly
def partners(db: str, actor: str, since: str | None, until: str | None, level: str, n: int,
             min_events: int, dedup: bool, rules: str | None, fmt: str) -> None:
    """An actor's top partners and adversaries by cooperation-conflict index."""
    from dyads.analysis.aggregate import partners as partners_of

    with _open(db) as store:
        frame = partners_of(store, actor, level=level, since=since, until=until, n=n,  # type: ignore[arg-type]
                            dedup=_rules(dedup, rules), min_events=min_events)
    _echo_frame(frame, fmt, f"partners and adversaries of {actor}", compact=True)


@main.command()
@_read_db
@click.option("--interval", type=click.Choice(["week", "month", "year"]), default="month",
              show_default=True)
@click.option("--window", type=click.IntRange(1), default=1, show_default=True,
              help="Periods compared on each side of a change.")
@click.option("--threshold", type=click.FloatRange(0, 2), default=0.5, show_default=True,
              help="Least change of the cooperation-conflict index.")
@click.option("--min-events", type=click.IntRange(1), default=2, show_default=True,
              help="Events each window needs.")
@click.option("--actor", help="Keep dyads with this actor on either side.")
@_period
@_level
@_dedup
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@_fail_cleanly
def changes(db: str, interval: str, window: int, threshold: float, min_events: int,
            actor: str | None, since: str | None, until: str | None, level: str, dedup: bool,
            rules: str | None, fmt: str) -> None:
    """Change detection: dyads that turned hostile or improved, and when."""
    from dyads.analysis.aggregate import changes as detect

    with _open(db) as store:
        frame = detect(store, interval, level=level, actor=actor, since=since, until=until,  # type: ignore[arg-type]
                       dedup=_rules(dedup, rules), window=window, min_events=min_events,
                       threshold=threshold)
    _echo_frame(frame, fmt, "changes")


@main.command()
@_read_db
@click.option("--actor", help="Keep events with this actor.")
@click.option("--recipient", help="Keep events with this recipient.")
@_period
@click.option("--rules", type=click.Path(dir_okay=False, exists=True),
              help="YAML file of deduplication rules (default: the packaged dedup.yaml).")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@_fail_cleanly
def clusters(db: str, actor: str | None, recipient: str | None, since: str | None,
             until: str | None, rules: str | None, fmt: str) -> None:
    """Deduplicated events across articles, with provenance (articles, sources, reports)."""
    from dyads.analysis.dedup import event_clusters, load_rules

    with _open(db) as store:
        frame = event_clusters(store, load_rules(rules) if rules else None, since=since,
                               until=until, actor=actor, recipient=recipient)
    if fmt == "table":
        frame = frame[["date", "event_type", "actor", "recipient", "n_articles", "n_sources",
                       "first_report", "evidence"]]
    _echo_frame(frame, fmt, "deduplicated events")


@main.command("near-duplicates")
@_read_db
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Least word 3-shingle Jaccard similarity.")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@_fail_cleanly
def near_duplicates(db: str, threshold: float, fmt: str) -> None:
    """Stored articles that are near-duplicates (republished wire copy), by MinHash."""
    from dyads.analysis.near_dup import near_duplicate_pairs

    with _open(db) as store:
        frame = near_duplicate_pairs(store, threshold)
    _echo_frame(frame, fmt, "near-duplicate articles")


# --------------------------------------------- network, briefing, exports ---
@main.command()
@_read_db
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .graphml or .gexf (for Gephi).")
@click.option("--actor", help="Ego network: events with this actor on either side.")
@_period
@_level
@click.option("--min-events", type=click.IntRange(1), default=1, show_default=True,
              help="Leave out edges with fewer events.")
@_dedup
@_fail_cleanly
def network(db: str, out: str, actor: str | None, since: str | None, until: str | None,
            level: str, min_events: int, dedup: bool, rules: str | None) -> None:
    """Write the actor network (weighted, signed edges) as GraphML or GEXF."""
    from dyads.analysis.graph import actor_graph, write_graph

    with _open(db) as store:
        graph = actor_graph(store, level, actor=actor, since=since, until=until,  # type: ignore[arg-type]
                            dedup=_rules(dedup, rules), min_events=min_events)
    path = write_graph(graph, out)
    click.echo(f"{path}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} edges")


@main.command()
@_read_db
@click.option("--actor", required=True, help="Actor key, e.g. RUS (or a name with --level).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .md (chart written beside it as .svg) or .html.")
@_period
@_level
@click.option("--events", "n_events", type=click.IntRange(1), default=10, show_default=True,
              help="Key events listed.")
@_fail_cleanly
def brief(db: str, actor: str, out: str, since: str | None, until: str | None, level: str,
          n_events: int) -> None:
    """Write a briefing on an actor: key events, quotes, partners, adversaries, timeline."""
    from dyads.analysis.brief import write_brief

    with _open(db) as store:
        path = write_brief(store, actor, out, level=level, since=since, until=until,
                           n_events=n_events)
    click.echo(str(path))


@main.command()
@_read_db
@click.option("--out", "out", required=True, type=click.Path(),
              help="Output file (events) or folder (--tables).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]),
              default="jsonl", show_default=True,
              help="jsonl: PLOVER records; gdelt: GDELT 2.0 event-table TSV (deduplicated).")
@click.option("--tables", is_flag=True,
              help="Write the documents, events, actors and quotes tables (parquet or csv) "
                   "into the --out folder instead.")
@click.option("--actor", help="Keep events with this actor.")
@click.option("--recipient", help="Keep events with this recipient.")
@click.option("--type", "event_type", help="PLOVER event type.")
@_period
@_fail_cleanly
def export(db: str, out: str, fmt: str, tables: bool, actor: str | None,
           recipient: str | None, event_type: str | None, since: str | None,
           until: str | None) -> None:
    """Export events (PLOVER JSONL, CSV, Parquet, GDELT TSV) or whole tables."""
    from dyads.export import export_events, export_tables

    with _open(db) as store:
        if tables:
            if fmt not in ("parquet", "csv"):
                raise click.UsageError("--tables writes parquet or csv")
            Path(out).mkdir(parents=True, exist_ok=True)
            for name, path in export_tables(store, out, fmt).items():
                click.echo(f"{name}: {path}")
            return
        n = export_events(store, out, fmt, actor=actor, recipient=recipient,
                          event_type=event_type.upper() if event_type else None,
                          since=since, until=until, limit=None)
    click.echo(f"{out}: {n} row(s)")
