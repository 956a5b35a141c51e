"""L4's charts as server-side SVG: drawn without a network or a script, readable on a
phone (horizontal bars stack down the screen), each with a text title for screen readers;
the page puts the same numbers in a table beside them."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH, PAD = 22, 8, 170, 260, 10
MAX_BARS = 40  # more units than this: the chart shows the first (behind first), the table all


def _x(share: float) -> float:
    return LABEL_WIDTH + PLOT_WIDTH * max(0.0, min(share, 100.0)) / 100.0


def unit_bars(rows: list[dict], indicator: str, target: float | None, title: str) -> Markup:
    """One bar per unit (its share of `indicator`), a dashed line at the target."""
    shown = rows[:MAX_BARS]
    height = PAD * 2 + len(shown) * (BAR_HEIGHT + GAP) + 20
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, row in enumerate(shown):
        y = PAD + index * (BAR_HEIGHT + GAP)
        share = row["shares"].get(indicator)
        behind = target is not None and (share is None or share < target)
        colour = "#c0392b" if behind else "#1e8449"
        name = escape(row["name"][:28])
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{name}</text>')
        if share is None:
            parts.append(
                f'<text x="{LABEL_WIDTH}" y="{y + 15}" font-size="12" fill="#666">—</text>'
            )
            continue
        parts.append(
            f'<rect class="bar" data-unit="{escape(row["unit"])}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{_x(share) - LABEL_WIDTH:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{_x(share) + 4:.1f}" y="{y + 15}" font-size="12">{share:g}%</text>')
    if target is not None:
        x, bottom = _x(target), height - 18
        parts.append(
            f'<line class="target-line" data-target="{target:g}" x1="{x:.1f}" y1="{PAD - 4}" '
            f'x2="{x:.1f}" y2="{bottom}" stroke="#1f4e79" stroke-width="2" '
            f'stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 4}" font-size="12" text-anchor="middle" '
            f'fill="#1f4e79">{target:g}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_line(points: list[dict], indicator: str, target: float | None, title: str) -> Markup:
    """The jurisdiction's share of `indicator` over the years, with the target line."""
    width, height, left, top, plot_h = 360, 200, 40, 15, 150
    years = [p["year"] for p in points]
    step = (width - left - 20) / max(1, len(years) - 1)

    def y_of(share: float) -> float:
        return top + plot_h * (1 - max(0.0, min(share, 100.0)) / 100.0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        f'stroke="#999"/>',
    ]
    coords = []
    for index, point in enumerate(points):
        x = left + index * step if len(points) > 1 else left + (width - left) / 2
        share = point["shares"].get(indicator)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">'
            f"{point['year']}</text>"
        )
        if share is not None:
            coords.append((x, y_of(share), share))
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1e8449" stroke-width="2"/>')
        for x, y, share in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1e8449"/>')
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle">'
                f"{share:g}%</text>"
            )
    if target is not None:
        y = y_of(target)
        parts.append(
            f'<line class="target-line" x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
            f'stroke="#1f4e79" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="2" y="{y + 4:.1f}" font-size="11" fill="#1f4e79">{target:g}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
