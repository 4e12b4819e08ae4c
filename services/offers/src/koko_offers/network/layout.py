"""Where each node of the network sits in a picture, and the colour of its kind: one layout for
the drawing and the GEXF export, so Gephi opens the network as the picture shows it."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
# Characters per line of a node's label.
LABEL_WIDTH = 22
_FAMILY_OF = {kind: family for family in FAMILIES for kind in family[4]}


def family_of(node_type: str, kind: str) -> tuple[str, str, str, str, tuple[str, ...]]:
    if node_type == "group":
        return GROUP_FAMILY
    return _FAMILY_OF.get(kind, FAMILIES[-1])


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _unit_layout(component: nx.Graph) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 (Gephi's own layout) of one connected part, fitted into [0, 1]²."""
    import networkx as nx  # loaded when first used (see figures.py)

    if component.number_of_nodes() == 1:
        return {next(iter(component.nodes)): (0.5, 0.5)}
    sizes = {node: 6.0 + 0.6 * degree for node, degree in component.degree}
    layout = nx.forceatlas2_layout(
        component, max_iter=1000, scaling_ratio=24.0, gravity=1.0, node_size=sizes, seed=20180626
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


def side_inches(count: int) -> float:
    """The height of the drawing (its width is a quarter more, for the legend)."""
    return min(max(10.0, 2.6 * count**0.5), 28.0)


def marker_area(degree: int) -> float:
    """A node's marker in points² (matplotlib's scatter size)."""
    return 120.0 + 45.0 * degree


def short_label(label: str, region_name: str) -> str:
    """Names without the region's own administration in front: "Landeshauptstadt Magdeburg –
    Jugendamt" is "Jugendamt" in Magdeburg's picture."""
    place = region_name.removeprefix("Landkreis ").removeprefix("Stadt ")
    for prefix in ("Landeshauptstadt ", "Stadt ", "Landkreis ", "Kreis ", ""):
        head = f"{prefix}{place} – "
        if label.startswith(head) and len(label) > len(head):
            return label[len(head) :]
    return label


def label_lines(label: str) -> str:
    # "e. V." (eingetragener Verein) stays on one line
    return textwrap.fill(label.replace("e. V.", "e.\u00a0V."), LABEL_WIDTH, break_long_words=False)


def _declutter(
    points: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float]]
) -> dict[str, tuple[float, float]]:
    """Push apart nodes whose label boxes overlap (each box: width, height and how far its
    centre lies below the node), along the axis where they overlap least, until none do."""
    import numpy as np  # only for drawings and GEXF: not loaded by a service that never lays out

    names = sorted(points)
    xy = np.array([points[n] for n in names], dtype=float)
    width = np.array([boxes[n][0] for n in names])
    height = np.array([boxes[n][1] for n in names])
    drop = np.array([boxes[n][2] for n in names])
    order = np.arange(len(names))
    tie = np.sign(order[:, None] - order[None, :])
    for _ in range(400):
        centre_y = xy[:, 1] - drop
        dx = xy[:, 0][:, None] - xy[:, 0][None, :]
        dy = centre_y[:, None] - centre_y[None, :]
        over_x = (width[:, None] + width[None, :]) / 2 - np.abs(dx)
        over_y = (height[:, None] + height[None, :]) / 2 - np.abs(dy)
        overlap = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        sign_x = np.where(dx == 0, tie, np.sign(dx))
        sign_y = np.where(dy == 0, tie, np.sign(dy))
        along_x = overlap & (over_x < over_y)
        along_y = overlap & ~along_x
        xy[:, 0] += np.where(along_x, sign_x * over_x / 2, 0.0).sum(axis=1) * 0.5
        xy[:, 1] += np.where(along_y, sign_y * over_y / 2, 0.0).sum(axis=1) * 0.5
    return {name: (float(x), float(y)) for name, (x, y) in zip(names, xy, strict=True)}


def _normalised(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs = [x for x, _ in points.values()]
    ys = [y for _, y in points.values()]
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {node: ((x - middle_x) / half, (y - middle_y) / half) for node, (x, y) in points.items()}


def positions(
    graph: nx.Graph, labels: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own, the largest on the left and the others in
    columns beside it, their boxes sized by their number of nodes; then scaled into [-1, 1]².
    With `labels`, nodes are moved apart until no two labels (as the drawing sets them) overlap.
    The same network gives the same layout (fixed seed, nodes in a fixed order)."""
    if graph.number_of_nodes() == 0:
        return {}
    import networkx as nx  # loaded when first used (see figures.py)

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
    result = _normalised(result)
    if labels is None:
        return result
    # Points per layout unit in the drawing: the axes span about 0.97 of the height in inches
    # over 2.2 units (margins included).
    unit = 72 * 0.97 * side_inches(ordered.number_of_nodes()) / 2.2
    boxes = {}
    for node, degree in ordered.degree:
        lines = label_lines(labels.get(node, "")).split("\n")
        radius = marker_area(degree) ** 0.5 / 2
        width = max(max(len(line) for line in lines) * 5.2 + 8, 2 * radius) / unit
        height = (len(lines) * 11.5 + 2 * radius + 6) / unit
        boxes[node] = (width, height, height / 2 - radius / unit)
    return _normalised(_declutter(result, boxes))
