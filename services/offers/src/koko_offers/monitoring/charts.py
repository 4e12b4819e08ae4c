"""The report's charts as SVG (matplotlib, no pyplot: requests render in worker threads). Text
stays text in the SVG, so the PDF carries the charts as vector paths and searchable words."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure as Canvas
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from koko_offers.monitoring import wording
from koko_offers.monitoring.figures import SIGN_TEXT, Coverage, Flow, IndicatorGroup, LevelGap
from koko_offers.monitoring.figures import MonthStarts as Month

matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "koko"
matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
matplotlib.rcParams["font.size"] = 8

BLUE = "#00537a"
LIGHT = "#7fb2cc"
ORANGE = "#d9822b"
GREY = "#8a8a8a"
# One colour per state of a flow or category of an indicator, in their order: neighbours differ
# in hue and lightness, so stacked segments stay apart in print.
PALETTE = ("#00537a", "#7fb2cc", "#d9822b", "#6b8e23", "#a23b3b", "#e3c35a", "#7b5ea7", "#8a8a8a")
# The colours dark enough for white numbers on them.
DARK = frozenset({"#00537a", "#6b8e23", "#a23b3b", "#7b5ea7", "#8a8a8a"})


def _svg(figure: Canvas) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _clean(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def indicator_stack(group: IndicatorGroup, language: str) -> str:
    """One bar per area with the indicator's categories side by side as stacked shares (%);
    an area whose shares are withheld shows the sign instead of a bar, a withheld category
    the sign after the bar."""
    areas = group.areas
    figure = Canvas(figsize=(6.6, 1.0 + 0.17 * len(areas)))
    axes = figure.add_subplot()
    labels = [
        f"{row.area_label} ({row.denominator.value:.0f})"
        if row.denominator.shown
        else f"{row.area_label} ({SIGN_TEXT.get(row.denominator.sign, '.')})"
        for row in areas
    ]
    positions = list(range(len(areas)))[::-1]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(group.categories))]
    widest = 100.0  # perturbed counts: an area's shares may add up to a little more than 100
    for position, area_index in zip(positions, range(len(areas)), strict=True):
        left = 0.0
        withheld = []
        for index, category in enumerate(group.categories):
            row = [*category.rows, category.total][area_index]
            if not row.rate.shown:
                withheld.append(SIGN_TEXT.get(row.rate.sign, "."))
                continue
            width = (row.rate.value or 0) * 100
            axes.barh(position, width, left=left, color=colours[index], height=0.74)
            if width >= 7:
                axes.text(
                    left + width / 2,
                    position,
                    f"{width:.0f}",
                    ha="center",
                    va="center",
                    fontsize=5.5,
                    color="white" if colours[index] in DARK else "#1b1b1b",
                )
            left += width
        widest = max(widest, left)
        if withheld:
            axes.text(
                left + 1,
                position,
                withheld[0],
                va="center",
                fontsize=9,
                fontweight="bold",
                color=GREY,
            )
    axes.set_yticks(positions, labels, fontsize=6.5)
    for tick in axes.get_yticklabels()[-1:]:
        tick.set_fontweight("bold")  # the total: the last row, drawn at the bottom
    axes.set_ylim(-0.6, len(areas) - 0.4)
    axes.set_xlim(0, widest + 4)
    axes.set_xlabel(f"{wording.words(language)['share']} (%)")
    axes.legend(
        handles=[
            Patch(facecolor=colours[index], label=category.category_label or category.code)
            for index, category in enumerate(group.categories)
        ],
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncol=min(4, max(1, len(group.categories))),
        fontsize=6.5,
    )
    _clean(axes)
    return _svg(figure)


def _band(x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float]) -> Path:
    """A ribbon from the span y0 at x0 to the span y1 at x1 (cubic Bézier edges)."""
    middle = (x0 + x1) / 2
    vertices = [
        (x0, y0[0]),
        (middle, y0[0]),
        (middle, y1[0]),
        (x1, y1[0]),
        (x1, y1[1]),
        (middle, y1[1]),
        (middle, y0[1]),
        (x0, y0[1]),
        (x0, y0[0]),
    ]
    codes = [
        Path.MOVETO,
        Path.CURVE4,
        Path.CURVE4,
        Path.CURVE4,
        Path.LINETO,
        Path.CURVE4,
        Path.CURVE4,
        Path.CURVE4,
        Path.CLOSEPOLY,
    ]
    return Path(vertices, codes)


def flow_chart(flow: Flow, language: str) -> str:
    """Where the subjects of the earlier wave are in the later one: stacked states on both sides,
    ribbons as wide as the published counts (withheld cells are left out)."""
    counts = {(c.from_state, c.to_state): c.count.value or 0 for c in flow.cells if c.count.shown}
    codes = [code for code, _label in flow.states]
    labels = dict(flow.states)
    colours = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes)}
    out = {s: sum(v for (f, _t), v in counts.items() if f == s) for s in codes}
    into = {s: sum(v for (_f, t), v in counts.items() if t == s) for s in codes}
    total = sum(counts.values()) or 1
    gap = total * 0.025
    figure = Canvas(figsize=(6.6, 4.2))
    axes = figure.add_subplot()
    axes.axis("off")
    left, right, width = 0.0, 1.0, 0.06

    def stack(sizes: dict[str, float]) -> dict[str, float]:
        tops, y = {}, total + gap * len(codes)
        for code in codes:
            if sizes[code]:
                tops[code] = y
                y -= sizes[code] + gap
        return tops

    out_top, into_top = stack(out), stack(into)
    out_used = dict.fromkeys(codes, 0.0)
    into_used = dict.fromkeys(codes, 0.0)
    for source in codes:
        for target in codes:
            value = counts.get((source, target), 0)
            if not value:
                continue
            y0 = out_top[source] - out_used[source]
            y1 = into_top[target] - into_used[target]
            out_used[source] += value
            into_used[target] += value
            axes.add_patch(
                PathPatch(
                    _band(left + width, right, (y0, y0 - value), (y1, y1 - value)),
                    facecolor=colours[source],
                    alpha=0.35,
                    edgecolor="none",
                )
            )
    for tops, sizes, x, align, offset in (
        (out_top, out, left, "right", -0.01),
        (into_top, into, right, "left", width + 0.01),
    ):
        for code, top in tops.items():
            axes.add_patch(
                Rectangle((x, top - sizes[code]), width, sizes[code], color=colours[code])
            )
            axes.text(
                x + offset,
                top - sizes[code] / 2,
                f"{labels[code]} ({sizes[code]:.0f})",
                ha=align,
                va="center",
                fontsize=7.5,
            )
    axes.text(
        left + width / 2,
        total + gap * (len(codes) + 1.5),
        flow.from_wave,
        ha="center",
        fontweight="bold",
    )
    axes.text(
        right + width / 2,
        total + gap * (len(codes) + 1.5),
        flow.to_wave,
        ha="center",
        fontweight="bold",
    )
    axes.set_xlim(-0.45, 1.5)
    axes.set_ylim(0, total + gap * (len(codes) + 3))
    return _svg(figure)


def gap_bars(gaps: list[LevelGap], language: str) -> str:
    """Demand and free seats side by side per CEFR level."""
    w = wording.words(language)
    figure = Canvas(figsize=(6.6, 2.8))
    axes = figure.add_subplot()
    positions = range(len(gaps))
    axes.bar(
        [p - 0.2 for p in positions],
        [g.free_seats for g in gaps],
        width=0.4,
        color=BLUE,
        label=w["free_seats"],
    )
    shown = [
        (p + 0.2, g.demand.value or 0)
        for p, g in zip(positions, gaps, strict=True)
        if g.demand.shown
    ]
    axes.bar(
        [x for x, _v in shown], [v for _x, v in shown], width=0.4, color=ORANGE, label=w["demand"]
    )
    for position, gap in zip(positions, gaps, strict=True):
        if not gap.demand.shown:
            axes.text(
                position + 0.2,
                0.5,
                SIGN_TEXT.get(gap.demand.sign, "."),
                ha="center",
                fontsize=10,
                fontweight="bold",
                color=GREY,
            )
    axes.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncol=2)
    axes.set_xticks(list(positions), [g.level for g in gaps])
    axes.set_xlabel(w["level"])
    _clean(axes)
    return _svg(figure)


def months_chart(months: list[Month], language: str) -> str:
    """Course starts per month (bars) and the free places of those runs (line)."""
    w = wording.words(language)
    figure = Canvas(figsize=(6.6, 2.8))
    axes = figure.add_subplot()
    names = [wording.month(m.month, language) for m in months]
    positions = list(range(len(months)))
    axes.bar(positions, [m.starts for m in months], color=LIGHT, label=w["starts"])
    axes.set_ylabel(w["starts"])
    seats = axes.twinx()
    seats.plot(
        positions,
        [m.free_seats for m in months],
        color=ORANGE,
        marker="o",
        markersize=3,
        label=w["free_seats"],
    )
    seats.set_ylabel(w["free_seats"])
    seats.set_ylim(0, max(1, *(m.free_seats for m in months)) * 1.15)
    axes.set_ylim(0, max(1, *(m.starts for m in months)) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    seats.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xticks(positions, names, rotation=45, ha="right")
    handles = axes.get_legend_handles_labels()
    more = seats.get_legend_handles_labels()
    # Above the plot: the line must not run through the legend.
    axes.legend(
        handles[0] + more[0],
        handles[1] + more[1],
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncol=2,
    )
    axes.spines["top"].set_visible(False)
    seats.spines["top"].set_visible(False)
    return _svg(figure)


def coverage_grid(coverage: Coverage, language: str) -> str:
    """Areas (rows) by fields of action (columns): the number of actors, gaps in orange."""
    rows, columns = coverage.areas, coverage.fields
    figure = Canvas(figsize=(min(7.0, 2.4 + 0.45 * len(columns)), 1.8 + 0.2 * len(rows)))
    axes = figure.add_subplot()
    for y, (area, _name) in enumerate(rows):
        for x, (field, _label) in enumerate(columns):
            count = coverage.actor_counts.get((field, area), 0)
            colour = "#fbe3cc" if count == 0 else ("#d6e6ef" if count < 3 else "#9cc3d8")
            axes.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white"))
            axes.text(
                x + 0.5,
                y + 0.5,
                str(count),
                ha="center",
                va="center",
                fontsize=6,
                color="#9a1c1c" if count == 0 else "#1b1b1b",
            )
    axes.set_xlim(0, len(columns))
    axes.set_ylim(len(rows), 0)
    axes.xaxis.tick_top()
    axes.set_xticks(
        [x + 0.5 for x in range(len(columns))],
        [label for _c, label in columns],
        rotation=40,
        ha="left",
        fontsize=6.5,
    )
    axes.set_yticks([y + 0.5 for y in range(len(rows))], [n for _c, n in rows], fontsize=6.5)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return _svg(figure)
