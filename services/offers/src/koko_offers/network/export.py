"""The network as files for network tools: GraphML (yEd, Gephi, Cytoscape) and GEXF 1.2 (Gephi,
with colours, positions and sizes as the drawing shows them). Each node carries its figures."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from koko_offers.network.figures import Figures
from koko_offers.network.layout import family_of, positions, rgb, short_label
from koko_offers.network.service import Snapshot

if TYPE_CHECKING:
    import networkx as nx

_EMPTY_GRAPH_NAME = re.compile(rb"(<graph [^>]*?) name=\"\"")
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def annotated(snapshot: Snapshot, result: Figures) -> nx.Graph:
    """The snapshot's graph with each node's figures as attributes."""
    graph = snapshot.graph()
    brokers = set(result.brokers)
    for node, data in graph.nodes(data=True):
        figures = result.nodes[node]
        data.update(
            degree=figures.degree,
            betweenness=round(figures.betweenness, 6),
            component=figures.component,
            broker=node in brokers,
            family=family_of(data["type"], data["kind"])[0],
        )
    graph.graph.update(
        region_ars=snapshot.region.ars, region=snapshot.region.name, on=snapshot.on.isoformat()
    )
    return graph


def graphml(snapshot: Snapshot, result: Figures) -> bytes:
    buffer = io.BytesIO()
    import networkx as nx  # loaded when first used (see figures.py)

    nx.write_graphml(annotated(snapshot, result), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf(snapshot: Snapshot, result: Figures) -> bytes:
    graph = annotated(snapshot, result)
    # the drawing's layout, labels included, so that Gephi opens the network as it is drawn
    labels = {
        node: short_label(d["label"], snapshot.region.name) for node, d in graph.nodes(data=True)
    }
    layout = positions(graph, labels)
    for node, data in graph.nodes(data=True):
        red, green, blue = rgb(family_of(data["type"], data["kind"])[3])
        x, y = layout[node]
        data["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "position": {"x": round(x * 500, 2), "y": round(y * 500, 2), "z": 0.0},
            "size": 8.0 + 2.0 * data["degree"],
        }
    graph.graph.clear()  # GEXF keeps graph attributes in <meta>, which networkx does not write
    buffer = io.BytesIO()
    import networkx as nx  # loaded when first used (see figures.py)

    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    # networkx gives <graph> a `name` that GEXF 1.2 does not define (an empty one: drop it).
    return _EMPTY_GRAPH_NAME.sub(rb"\1", buffer.getvalue(), count=1)
