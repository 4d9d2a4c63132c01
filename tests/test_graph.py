"""The actor network: edges, weights and signs, and GraphML / GEXF files read back."""

from __future__ import annotations

import duckdb
import networkx as nx
import pytest
from sample_store import build_store

from dyads.analysis.aggregate import dyad_totals
from dyads.analysis.graph import actor_graph, write_graph
from dyads.analysis.output import ExportError
from dyads.store import Store

EDGE_KEYS = ("weight", "cooperation", "conflict", "score_sum", "cc_index", "sign")


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    return str(build_store(tmp_path_factory.mktemp("graph") / "small.duckdb"))


@pytest.fixture()
def con(small_db):
    c = duckdb.connect(small_db, read_only=True)
    yield c
    c.close()


def edges(graph: nx.DiGraph) -> dict[tuple[str, str], tuple]:
    return {(u, v): tuple(d[k] for k in EDGE_KEYS) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize(("kwargs", "expected"), [
    # three reports of one meeting count once; the accusation of a compound recipient makes
    # one edge per member; the negated attack makes none
    ({}, {("RUS", "TUR"): (1, 1, 0, 4.0, 1.0, 1),
          ("TUR", "RUS"): (1, 0, 1, -3.5, -1.0, -1),
          ("TUR", "UKR"): (1, 0, 1, -3.5, -1.0, -1)}),
    ({"dedup": False}, {("RUS", "TUR"): (3, 3, 0, 12.0, 1.0, 1),
                        ("TUR", "RUS"): (1, 0, 1, -3.5, -1.0, -1),
                        ("TUR", "UKR"): (1, 0, 1, -3.5, -1.0, -1)}),
    ({"dedup": False, "min_events": 2}, {("RUS", "TUR"): (3, 3, 0, 12.0, 1.0, 1)}),
    ({"actor": "UKR"}, {("TUR", "UKR"): (1, 0, 1, -3.5, -1.0, -1)}),
    ({"include_negated": True, "actor": "UKR"},
     {("TUR", "UKR"): (1, 0, 1, -3.5, -1.0, -1), ("RUS", "UKR"): (1, 0, 1, -9.0, -1.0, -1)}),
    ({"level": "code"}, {("RUSGOV", "TUR"): (1, 1, 0, 4.0, 1.0, 1),
                         ("TUR", "RUSGOV"): (1, 0, 1, -3.5, -1.0, -1),
                         ("TUR", "UKR"): (1, 0, 1, -3.5, -1.0, -1)}),
    ({"until": "2024-02"}, {}),
])
def test_actor_graph_edges(con, kwargs, expected):
    assert edges(actor_graph(con, **kwargs)) == expected


def test_actor_graph_nodes(con):
    g = actor_graph(con)
    assert dict(g.nodes(data=True)) == {
        "RUS": {"label": "Russia", "events": 2, "as_actor": 1, "as_recipient": 1},
        "TUR": {"label": "Turkey", "events": 3, "as_actor": 2, "as_recipient": 1},
        "UKR": {"label": "Ukraine", "events": 1, "as_actor": 0, "as_recipient": 1},
    }
    assert g.graph["level"] == "country" and g.graph["dedup"] is True


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"level": "planet"}, ValueError), ({"min_events": 0}, ValueError),
])
def test_actor_graph_bad_arguments(con, kwargs, error):
    with pytest.raises(error):
        actor_graph(con, **kwargs)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_write_graph_round_trip(con, tmp_path, suffix):
    g = actor_graph(con, dedup=False, include_negated=True)
    path = write_graph(g, tmp_path / f"net{suffix}")
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert isinstance(back, nx.DiGraph)
    assert set(back.edges()) == set(g.edges())
    for u, v, d in g.edges(data=True):
        b = back.edges[u, v]
        assert float(b["weight"]) == float(d["weight"])
        assert (int(b["cooperation"]), int(b["conflict"]), int(b["sign"])) == \
            (d["cooperation"], d["conflict"], d["sign"])
        assert float(b["score_sum"]) == pytest.approx(d["score_sum"])
        assert float(b["cc_index"]) == pytest.approx(d["cc_index"])
    for n, d in g.nodes(data=True):
        assert back.nodes[n]["label"] == d["label"]
        assert int(back.nodes[n]["events"]) == d["events"]


@pytest.mark.parametrize(("name", "error", "message"), [
    ("net.png", ValueError, "graphml"),
    ("missing/net.gexf", ExportError, "does not exist"),
])
def test_write_graph_bad_path(con, tmp_path, name, error, message):
    with pytest.raises(error, match=message):
        write_graph(actor_graph(con), tmp_path / name)


def test_actor_graph_of_corpus(corpus_db, tmp_path):
    with Store(corpus_db, read_only=True) as store:
        g = actor_graph(store)
        totals = dyad_totals(store, directed=True)
        raw = actor_graph(store, dedup=False)
    # each edge is the directed dyad of dyad_totals, self-dyads (domestic events) left out
    expected = {(r.actor, r.recipient): r.events for r in totals.itertuples()
                if r.actor != r.recipient}
    assert {(u, v): d["weight"] for u, v, d in g.edges(data=True)} == expected
    assert g.number_of_edges() > 10
    assert sum(d["weight"] for *_, d in g.edges(data=True)) <= \
        sum(d["weight"] for *_, d in raw.edges(data=True))
    for suffix in (".graphml", ".gexf"):
        back = (nx.read_graphml if suffix == ".graphml" else nx.read_gexf)(
            write_graph(g, tmp_path / f"corpus{suffix}"))
        assert back.number_of_edges() == g.number_of_edges()
