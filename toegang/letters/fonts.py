"""The letter fonts: files shipped in ``toegang/static/fonts``, never whatever the machine has.

Open Sans (Regular and Bold, Apache License 2.0, see ``static/fonts/LICENSE-OpenSans.txt``) is
declared with ``@font-face`` in ``templates/letters/letter.css`` and loaded through the letter URL
fetcher. It is not a Debian system font here, so a PDF whose fonts are all ``Open-Sans*`` provably
used the shipped files.

One :class:`weasyprint.text.fonts.FontConfiguration` serves every render in the process: creating
one (fontconfig + Pango font map) and registering the ``@font-face`` fonts costs more than
rendering a one-page letter.

What still comes from the system (fontconfig): a glyph Open Sans lacks, and text inside an SVG
image that names a generic family — e.g. the ``<text font-family="sans-serif">`` of the example
logos, which Pango resolves to DejaVu Sans. Pango's FT2 backend applies fontconfig's *pattern*
rules from the process-wide default configuration, not from WeasyPrint's per-document one, so
this cannot be redirected to the shipped font without patching global state; logos for letters
should have their text converted to outlines.
"""

from __future__ import annotations

import threading
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

#: The family name used in the letter CSS.
FONT_FAMILY = "Open Sans"

#: Shipped font files and the /BaseFont name WeasyPrint gives each in a PDF (after the
#: "ABCDEF+" subset prefix; WeasyPrint derives it from Pango's description of the font).
FONT_FILES: dict[str, str] = {
    "OpenSans-Regular.ttf": "Open-Sans",
    "OpenSans-Bold.ttf": "Open-Sans-Bold",
}

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"

_lock = threading.Lock()
_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """The process-wide font configuration, created on first use (thread-safe)."""
    global _font_config
    config = _font_config
    if config is None:
        with _lock:
            if _font_config is None:
                _font_config = FontConfiguration()
            config = _font_config
    return config


def subsetting_backend() -> str:
    """``"harfbuzz"`` when WeasyPrint subsets fonts with HarfBuzz-subset (fast), else ``"fonttools"``.

    Mirrors the test in ``weasyprint.pdf.fonts.Font.subset``: libharfbuzz-subset must load and
    HarfBuzz must be at least 4.1.0; otherwise WeasyPrint falls back to fontTools, several times
    slower per font, and logs a warning on every render.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"
