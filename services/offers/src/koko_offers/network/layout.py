"""Where each node of the network sits in a picture, and the colour of its kind: one layout for
the drawing and the GEXF export, so Gephi opens the network as the picture shows it."""

from __future__ import annotations

import networkx as nx

# Kinds grouped into families a reader tells apart at a glance; each family one colour.
FAMILIES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # (family, German label, English label, colour, kinds)
    (
        "administration",
        "Verwaltung",
        "Administration",
        "#1f77b4",
        ("administration", "state_agency"),
    ),
    (
        "labour",
        "Arbeitsmarkt und Kammern",
        "Labour market and chambers",
        "#ff7f0e",
        ("jobcenter", "employment_agency", "chamber"),
    ),
    ("bamf", "BAMF", "BAMF", "#d62728", ("bamf",)),
    (
        "education",
        "Bildung",
        "Education",
        "#2ca02c",
        ("school", "kita", "vhs", "education_provider", "university"),
    ),
    (
        "counselling",
        "Beratung und Wohlfahrt",
        "Counselling and welfare",
        "#9467bd",
        ("counselling_service", "welfare_association"),
    ),
    (
        "civil_society",
        "Zivilgesellschaft",
        "Civil society",
        "#e377c2",
        ("migrant_organisation", "volunteer_initiative", "advisory_council", "culture_sport"),
    ),
    (
        "other",
        "Netzwerkprojekte und Sonstige",
        "Network projects and others",
        "#7f7f7f",
        ("network_project", "other"),
    ),
)
GROUP_FAMILY = (
    "group",
    "Arbeitsgruppen und Runde Tische",
    "Working groups and round tables",
    "#f2c14e",
    (),
)
_FAMILY_OF = {kind: family for family in FAMILIES for kind in family[4]}


def family_of(node_type: str, kind: str) -> tuple[str, str, str, str, tuple[str, ...]]:
    if node_type == "group":
        return GROUP_FAMILY
    return _FAMILY_OF.get(kind, FAMILIES[-1])


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _unit_layout(component: nx.Graph) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 (Gephi's own layout) of one connected part, fitted into [0, 1]²."""
    if component.number_of_nodes() == 1:
        return {next(iter(component.nodes)): (0.5, 0.5)}
    sizes = {node: 3.0 + 0.6 * degree for node, degree in component.degree}
    layout = nx.forceatlas2_layout(
        component, max_iter=1000, scaling_ratio=14.0, gravity=1.0, node_size=sizes, seed=20180626
    )
    xs = [float(x) for x, _ in layout.values()]
    ys = [float(y) for _, y in layout.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    offset_x = (span - (max(xs) - min(xs))) / 2
    offset_y = (span - (max(ys) - min(ys))) / 2
    return {
        node: ((float(x) - min(xs) + offset_x) / span, (float(y) - min(ys) + offset_y) / span)
        for node, (x, y) in layout.items()
    }


def positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own, the largest on the left and the others in
    columns beside it, their boxes sized by their number of nodes; then scaled into [-1, 1]².
    The same network gives the same layout (fixed seed, nodes in a fixed order)."""
    if graph.number_of_nodes() == 0:
        return {}
    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    ordered.add_edges_from(sorted(graph.edges(data=True)))
    parts = sorted(
        (sorted(c) for c in nx.connected_components(ordered)), key=lambda c: (-len(c), c)
    )
    largest = len(parts[0])
    result: dict[str, tuple[float, float]] = {}
    column_x, cursor_y, column_width = 0.0, 0.0, 0.0
    for index, nodes in enumerate(parts):
        size = 1.0 if index == 0 else max(0.15, len(nodes) / largest)
        if index == 1 or (index > 1 and cursor_y + size > 1.0):
            column_x, cursor_y = column_x + column_width + 0.12, 0.0
            column_width = 0.0
        for node, (x, y) in _unit_layout(ordered.subgraph(nodes)).items():
            result[node] = (column_x + x * size, 1.0 - (cursor_y + (1 - y) * size))
        cursor_y += size + 0.1
        column_width = max(column_width, size)
    xs = [x for x, _ in result.values()]
    ys = [y for _, y in result.values()]
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {node: ((x - middle_x) / half, (y - middle_y) / half) for node, (x, y) in result.items()}
