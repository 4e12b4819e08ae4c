"""Network figures with networkx: degree and betweenness per node, connected components, and
brokers — actors whose leaving would split their part of the network (articulation points)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class NodeFigures:
    node: str
    degree: int
    betweenness: float  # normalised to [0, 1] (networkx, undirected)
    component: int  # index into Figures.components


@dataclass(frozen=True, slots=True)
class Figures:
    nodes: dict[str, NodeFigures]
    components: list[list[str]]  # largest first; nodes sorted within
    brokers: list[str]  # actor nodes that are articulation points, highest betweenness first
    density: float

    @property
    def edge_count(self) -> int:
        return sum(f.degree for f in self.nodes.values()) // 2


def figures(graph: nx.Graph) -> Figures:
    # networkx is imported where a graph is used, not when the service starts: a service that
    # never computes a network does not carry it (nor walk its objects in every full GC).
    import networkx as nx

    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph else {}
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    component_of = {node: index for index, nodes in enumerate(components) for node in nodes}
    nodes = {
        node: NodeFigures(node, graph.degree(node), betweenness[node], component_of[node])
        for node in graph.nodes
    }
    brokers = sorted(
        (n for n in nx.articulation_points(graph) if graph.nodes[n].get("type") == "actor"),
        key=lambda n: (-betweenness[n], n),
    )
    return Figures(
        nodes=nodes,
        components=components,
        brokers=brokers,
        density=nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
    )
