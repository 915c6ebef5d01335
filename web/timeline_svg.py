"""A monthly line chart drawn on the server as SVG: no JavaScript, no chart library.

The chart is an image with a text alternative (``<title>`` and ``<desc>``, named
by ``aria-labelledby``) that says what a reader would take from it: each
search's total and its busiest month. The numbers themselves are in the table
beside it (:mod:`web.compare`). Lines differ by dash pattern and marker as well
as colour, so they stay apart for readers who do not see colour. Time runs left
to right, as on a printed chart, even on the right-to-left page. Every text
placed in the SVG is escaped: queries are untrusted.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from search.query.timeline import Timeline

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 80, 16, 16, 40
#: Colour (4.5:1 or more on white), dash pattern and marker of each series.
STYLES = [
    ("#0b5cad", "", "circle"),
    ("#b3261e", "8 4", "square"),
    ("#1e6b2f", "2 3", "diamond"),
    ("#6b3fa0", "10 3 2 3", "triangle"),
]


@dataclass(frozen=True)
class Shown:
    """One series as the page draws and names it."""

    q: str
    colour: str
    dash: str
    marker: str


def series_styles(found: Timeline) -> list[Shown]:
    return [Shown(s.q, *STYLES[i % len(STYLES)]) for i, s in enumerate(found.series)]


def value_text(value: float, scale: str) -> str:
    """A point's value as the table and the text alternative write it."""
    return f"{value * 100:.2f}٪" if scale == "share" else f"{int(value)}"


def text_alternative(found: Timeline) -> str:
    """What the chart shows, in words: per search, its total and its busiest month."""
    if not found.months:
        return "لا توجد مقالات مؤرخة تطابق هذه البحوث."
    kind = "حصة من كل مقالات المصادر المختارة" if found.scale == "share" else "عدد المقالات"
    parts = [f"{kind} شهريًا من {found.months[0]} إلى {found.months[-1]}."]
    for series in found.series:
        peak = max(range(len(found.months)), key=lambda i: series.values[i])
        name = series.q or "كل المقالات"
        parts.append(
            f"«{name}»: {series.total} مقالًا، أعلاه {found.months[peak]} "
            f"({value_text(series.values[peak], found.scale)})."
        )
    return " ".join(parts)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y:.1f} "
        points += f"{x:.1f},{y + 4.5:.1f} {x - 4.5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 4:.1f} {x - 4.5:.1f},{y + 4:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def line_chart(found: Timeline, chart_id: str = "chart") -> Markup:
    """The SVG of ``found``; its title and description are the text alternative."""
    months = found.months
    top = max((v for s in found.series for v in s.values), default=0.0) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(value: float) -> float:
        return TOP + inner_h * (1 - value / top)

    title = "البحوث عبر الزمن" if found.scale == "count" else "حصة البحوث عبر الزمن"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="timeline-chart" role="img" dir="ltr" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(text_alternative(found))}</desc>',
        '<g aria-hidden="true" font-size="12" fill="#333333">',
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" '
        'stroke="#555555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" stroke="#555555"/>',
    ]
    for fraction in (0.5, 1.0):
        value = top * fraction
        out.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            'stroke="#dddddd"/>'
        )
        label = escape(value_text(value, found.scale) if found.scale == "share" else f"{value:g}")
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<text x="{LEFT - 6}" y="{TOP + inner_h + 4}" text-anchor="end">0</text>')
    labelled = {0, len(months) - 1} | {i for i, m in enumerate(months) if m.endswith("-01")}
    if len(labelled) > 12:  # long spans: years only
        labelled = {i for i, m in enumerate(months) if m.endswith("-01")} or {0}
    for i in sorted(labelled):
        if 0 <= i < len(months):
            anchor = "start" if i == 0 else "end" if i == len(months) - 1 else "middle"
            out.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}">'
                f"{escape(months[i])}</text>"
            )
    for series, shown in zip(found.series, series_styles(found), strict=True):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series.values))
        dash = f' stroke-dasharray="{shown.dash}"' if shown.dash else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{shown.colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
        for i, value in enumerate(series.values):
            out.append(_marker(shown.marker, x(i), y(value), shown.colour))
    out.append("</g></svg>")
    return Markup("".join(out))  # noqa: S704 - every text in it was escaped above
