"""The network drawn as a picture a person can read (SVG or PNG, matplotlib): actors as circles
coloured by their kind's family and sized by degree, groups as squares, brokers ringed, each
node labelled, a legend, and a title with region and day."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from koko_offers.network.figures import Figures
from koko_offers.network.layout import (
    FAMILIES,
    GROUP_FAMILY,
    family_of,
    label_lines,
    marker_area,
    positions,
    short_label,
    side_inches,
)
from koko_offers.network.service import Snapshot

# Figures are made without pyplot (no global state: requests render in worker threads). Labels
# in SVG stay text (searchable, small files); the same network gives the same file.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "koko"

_WORDS = {
    "de": {
        "title": "Akteursnetzwerk {region}, Stand {day}",
        "public": "veröffentlichte Akteure und Beziehungen",
        "full": "alle Akteure und Beziehungen",
        "summary": "{actors} Akteure, {groups} Gremien, {ties} Beziehungen, {parts} Teilnetze",
        "broker": "Vermittler (verbindet sonst getrennte Teile)",
        "tie": "Kooperation, Verweisung, Arbeitskontakt",
        "membership": "Mitgliedschaft in einem Gremium",
        "empty": "Keine Akteure an diesem Tag.",
    },
    "en": {
        "title": "Actor network {region}, as of {day}",
        "public": "published actors and ties",
        "full": "all actors and ties",
        "summary": "{actors} actors, {groups} groups, {ties} ties, {parts} components",
        "broker": "Broker (links otherwise separate parts)",
        "tie": "Cooperation, referral, working contact",
        "membership": "Membership in a group",
        "empty": "No actors on this day.",
    },
}


def words(language: str) -> dict[str, str]:
    return _WORDS.get(language.split("-")[0], _WORDS["de"])


def draw(snapshot: Snapshot, result: Figures, *, output: str, language: str = "de") -> bytes:
    """The picture as SVG (text stays text) or PNG (150 dpi)."""
    text = words(language)
    english = language.split("-")[0] == "en"
    graph = snapshot.graph()
    labels = {
        node: short_label(data["label"], snapshot.region.name)
        for node, data in graph.nodes(data=True)
    }
    layout = positions(graph, labels)
    count = graph.number_of_nodes()
    side = side_inches(count)
    figure = Figure(figsize=(side * 1.25, side))
    axes = figure.subplots()
    axes.set_axis_off()
    title = text["title"].format(region=snapshot.region.name, day=snapshot.on.strftime("%d.%m.%Y"))
    view = text["full"] if snapshot.view.full else text["public"]
    axes.set_title(f"{title}\n{view}", fontsize=15, loc="left")

    for source, target, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = layout[source], layout[target]
        membership = data["kind"] == "membership"
        axes.plot(
            [x1, x2],
            [y1, y2],
            color="#b0b0b0" if membership else "#555555",
            linewidth=0.8 if membership else 0.6 + 0.6 * data["weight"],
            linestyle=(0, (3, 2)) if membership else "solid",
            zorder=1,
        )
    for node, data in graph.nodes(data=True):
        x, y = layout[node]
        colour = family_of(data["type"], data["kind"])[3]
        size = marker_area(result.nodes[node].degree)
        broker = node in result.brokers
        axes.scatter(
            [x],
            [y],
            s=size,
            c=colour,
            marker="s" if data["type"] == "group" else "o",
            edgecolors="#000000" if broker else "#ffffff",
            linewidths=2.5 if broker else 1.0,
            zorder=3,
        )
        axes.annotate(
            label_lines(labels[node]),
            (x, y),
            xytext=(0, -(size**0.5) / 2 - 3),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            # under the nodes, over the lines; a light box rather than a halo keeps labels text in
            # the SVG
            zorder=2,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.75,
            },
        )
    if count == 0:
        axes.text(0.5, 0.5, text["empty"], ha="center", va="center", fontsize=14)

    families = {family_of(d["type"], d["kind"]) for _, d in graph.nodes(data=True)}
    handles = [
        Line2D(
            [],
            [],
            marker="s" if f is GROUP_FAMILY else "o",
            linestyle="",
            markersize=11,
            markerfacecolor=f[3],
            markeredgecolor="#ffffff",
            label=f[2] if english else f[1],
        )
        for f in (*FAMILIES, GROUP_FAMILY)
        if f in families
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor="#ffffff",
            markeredgecolor="#000000",
            markeredgewidth=2.5,
            label=text["broker"],
        ),
        Line2D([], [], color="#555555", linewidth=1.5, label=text["tie"]),
        Line2D(
            [], [], color="#b0b0b0", linewidth=1, linestyle=(0, (3, 2)), label=text["membership"]
        ),
    ]
    legend = axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=10,
        frameon=False,
        borderaxespad=0.5,
    )
    legend.set_title(
        text["summary"].format(
            actors=len(snapshot.actors),
            groups=len(snapshot.groups),
            ties=len(snapshot.ties),
            parts=len(result.components),
        ),
        prop=FontProperties(size=10),
    )
    axes.margins(0.08)
    buffer = io.BytesIO()
    metadata = {"Date": None} if output == "svg" else {}
    figure.savefig(buffer, format=output, dpi=150, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()
