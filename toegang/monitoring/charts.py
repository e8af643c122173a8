"""Charts rendered on the server as SVG (no JavaScript, no CDN; CSP-safe: presentation
attributes only). Secret values are drawn as an empty, labelled slot — never as a number."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from toegang.monitoring.disclosure import Waarde

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 70, 40, 20


def _fmt(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def bar_chart(title: str, points: Sequence[tuple[str, Waarde]], chart_id: str) -> Markup:
    """A bar chart of published values per period, with an accessible title and description."""
    values = [float(w.waarde) for _, w in points if not w.geheim and w.waarde is not None]
    top = max(values) if values else 1.0
    top = top or 1.0
    inner_w = WIDTH - PAD_LEFT - 10
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = inner_w / max(len(points), 1)
    desc = "; ".join(f"{label}: {'geheim' if w.geheim or w.waarde is None else _fmt(w.waarde)}"
                     for label, w in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + inner_h}" x2="{WIDTH - 10}" y2="{PAD_TOP + inner_h}" '
        'stroke="#1a1a1a" stroke-width="1"/>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" font-size="12" fill="#1a1a1a">'
        f'{escape(_fmt(top))}</text>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + inner_h}" text-anchor="end" font-size="12" fill="#1a1a1a">0</text>',
    ]
    for i, (label, w) in enumerate(points):
        x = PAD_LEFT + i * slot + slot * 0.15
        bw = slot * 0.7
        cx = x + bw / 2
        if w.geheim or w.waarde is None:
            parts.append(f'<rect x="{x:.1f}" y="{PAD_TOP + inner_h - 30}" width="{bw:.1f}" height="30" fill="none" '
                         'stroke="#4b4b4b" stroke-dasharray="4 3"/>')
            parts.append(f'<text x="{cx:.1f}" y="{PAD_TOP + inner_h - 36}" text-anchor="middle" font-size="11" '
                         'fill="#4b4b4b">geheim</text>')
        else:
            h = inner_h * float(w.waarde) / top
            parts.append(f'<rect x="{x:.1f}" y="{PAD_TOP + inner_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                         'fill="#154273"/>')
            parts.append(f'<text x="{cx:.1f}" y="{PAD_TOP + inner_h - h - 4:.1f}" text-anchor="middle" '
                         f'font-size="11" fill="#1a1a1a">{escape(_fmt(w.waarde))}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" font-size="12" '
                     f'fill="#1a1a1a">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
