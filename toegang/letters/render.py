"""The one PDF renderer for every letter: Jinja template -> HTML -> PDF (WeasyPrint).

PDF variant: PDF/A-3a
---------------------
WeasyPrint 70 takes one ``pdf_variant`` per document: PDF/A (``pdf/a-{1,2,3}{a,b,u}``,
``pdf/a-4{u,e,f}``), PDF/UA (``pdf/ua-1``, ``pdf/ua-2``) or PDF/X; the variants cannot be
combined. One of them is the combination we want, though: ``pdf/a-3a`` is PDF/A-3 (archival,
ISO 19005-3) at conformance level *A* (accessible). WeasyPrint turns ``pdf_tags`` on for it, so
the file gets the same structure tree (``/StructTreeRoot``, ``/MarkInfo /Marked true``, tabs in
structure order, ``/ViewerPreferences /DisplayDocTitle``) and ``/Lang`` that ``pdf/ua-1`` gets;
``pdf/ua-1`` differs only in declaring ``pdfuaid:part=1`` in the XMP metadata instead of
``pdfaid:part=3 pdfaid:conformance=A``, and in having no sRGB output intent. ``pdf/a-3b`` (or
``pdf/a-3u``) plus ``pdf_tags=True`` produces the same tagged file but declares the lower level.
We do not also claim PDF/UA-1 (possible by adding XMP): nothing here validates it (veraPDF is
not available), and an unverified claim is worse than none.

Measured on the project's 2-core machine: a one-page letter (``base_letter.html``, four
paragraphs), median of 50 warm renders in one process, ``render_template`` included, two runs::

    variant                       with example SVG logo   without logo   size (logo)
    plain PDF (no variant)        31.2 / 33.9 ms          29.0 / 30.3 ms  12 kB
    pdf/a-3b                      33.2 / 36.3 ms          30.9 / 31.2 ms  15 kB
    pdf/a-3u                      34.4 / 35.7 ms          31.4 / 30.9 ms  15 kB
    pdf/ua-1 (tagged)             33.9 / 35.3 ms          30.5 / 30.6 ms  14 kB
    pdf/a-3a (tagged)  <- chosen  37.3 / 38.1 ms          32.2 / 33.4 ms  17 kB

So PDF/A costs ~2 ms over a plain PDF (metadata, sRGB ICC profile) and the tags ~3 ms more:
well inside the 80-100 ms budget. For comparison: a fresh FontConfiguration and stylesheet per
render takes 54 ms; the fontTools subsetting fallback 175 ms; the first render in a new process
(font configuration, stylesheet, fonts) ~160 ms. Occasional renders take ~90 ms (GC pauses).

Verify with ``pypdf``: the XMP metadata has ``pdfaid:part="3"`` and ``pdfaid:conformance="A"``,
the catalog has ``/MarkInfo`` and ``/StructTreeRoot``, ``/Lang`` is ``nl``. Rendering is
deterministic: the same template, context and ``created`` give the same bytes (and hash).

Resources
---------
Letters are rendered against the pseudo base URL ``https://toegang.invalid/``: a template writes
``static/img/logo.svg`` (or the ``/static/...`` that ``url_for('static', ...)`` gives inside a
request) and :class:`StaticFileFetcher` maps that to the file in the app's static folder. Anything
else — other hosts, ``http(s)``, ``file://`` outside the static folder, ``data:``, paths that
escape the folder — raises :class:`ValueError`, which WeasyPrint reports and skips. Nothing is
ever fetched over a network; ``.invalid`` cannot resolve anyway.

Speed
-----
Per process we keep one :class:`~weasyprint.text.fonts.FontConfiguration` (``fonts.font_config``)
and the parsed letter stylesheet (re-parsed only when the file changes); both are created lazily
under a lock. Renders are serialised by a lock: WeasyPrint does not promise that one
FontConfiguration (Python caches over a shared Pango font map) may be used by two threads at
once, and a render is CPU-bound Python anyway. Fonts are subset with HarfBuzz-subset
(``fonts.subsetting_backend()``); the fontTools fallback is ~5 times slower (measured above).
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import Flask, current_app, render_template
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from toegang.letters.fonts import font_config
from toegang.timeutil import AMSTERDAM

#: Pseudo origin the letter HTML and CSS resolve their URLs against. Never contacted.
BASE_URL = "https://toegang.invalid/"
_BASE_HOST = "toegang.invalid"

#: Archival (PDF/A-3) and accessible (level A: tagged, Unicode text); see the module docstring.
PDF_VARIANT = "pdf/a-3a"

#: The print stylesheet, relative to the template folder.
LETTER_CSS = "letters/letter.css"

#: Language of every letter (``<html lang>``, PDF ``/Lang``).
LANG = "nl"


@dataclass(frozen=True)
class LetterMeta:
    """What the letter template gets as ``letter`` and what goes into the PDF metadata."""

    title: str
    author: str
    subject: str
    created: str  # W3C date-time, Europe/Amsterdam
    concept: bool


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    title: str,
    concept: bool = False,
    author: str | None = None,
    subject: str = "",
    created: datetime | None = None,
    variant: str | None = PDF_VARIANT,
) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes. Needs an app context.

    ``title`` becomes the HTML ``<title>`` and the PDF title (prefixed with "CONCEPT – " for a
    concept). ``author`` defaults to the name of ``context["gemeente"]``; ``subject`` is the PDF
    subject; ``created`` (timezone-aware; default: now) the creation date, written in
    Europe/Amsterdam time. ``concept=True`` prints a CONCEPT watermark on every page. ``variant``
    is WeasyPrint's ``pdf_variant`` (``None`` for a plain PDF): keep the default for letters.
    The template gets ``context`` plus ``letter`` (a :class:`LetterMeta`).
    """
    if created is not None and created.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    created_at = (created or datetime.now(UTC)).astimezone(AMSTERDAM).replace(microsecond=0)
    meta = LetterMeta(
        title=f"CONCEPT – {title}" if concept else title,
        author=author if author is not None else _gemeente_naam(context),
        subject=subject,
        created=created_at.isoformat(),
        concept=concept,
    )
    html_text = render_template(template_name, **{**context, "letter": meta})
    fetcher = static_fetcher(app)
    with _render_lock:
        options: dict[str, Any] = {"stylesheets": [letter_stylesheet(app)], "pdf_variant": variant}
        html = HTML(string=html_text, base_url=BASE_URL, url_fetcher=fetcher)
        document = html.render(font_config=font_config(), **options)
        md = document.metadata
        md.title = meta.title
        md.authors = [meta.author] if meta.author else []
        md.description = meta.subject or None
        md.created = md.modified = meta.created
        md.generator = "Toegang"
        md.lang = md.lang or LANG
        del options["stylesheets"]
        return document.write_pdf(**options)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits (how issued letters are stored)."""
    return hashlib.sha256(data).hexdigest()


class StaticFileFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only files inside the app's static folder.

    Accepted: ``https://toegang.invalid/<static_url_path>/<file>`` (what ``static/...`` and
    ``/static/...`` resolve to) and ``file://`` URLs of files inside the folder. Everything else
    raises :class:`ValueError`; WeasyPrint logs it and leaves the resource out.
    """

    def __init__(self, static_folder: str | Path, static_url_path: str = "/static") -> None:
        # No protocol is allowed for the inherited urllib machinery, which we never call anyway.
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.static_folder = Path(static_folder).resolve()
        self.url_prefix = static_url_path.rstrip("/") + "/"

    def resolve(self, url: str) -> Path:
        """The file in the static folder that ``url`` names, or :class:`ValueError`."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https") and parts.hostname == _BASE_HOST and parts.port is None:
            path = unquote(parts.path)
            if not path.startswith(self.url_prefix):
                raise ValueError(f"letters load only static files, not {path!r}")
            candidate = self.static_folder / path[len(self.url_prefix):]
        elif scheme == "file" and parts.netloc in ("", "localhost"):
            candidate = Path(url2pathname(parts.path))
        else:
            raise ValueError(f"letters load only the app's static files, not {scheme or 'relative'} URLs")
        if "\x00" in str(candidate):
            raise ValueError("invalid path")
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.static_folder) or not resolved.is_file():
            raise ValueError("not a file in the static folder")
        return resolved

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = self.resolve(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


# --- per-process state, created lazily ---------------------------------------------------------

_render_lock = threading.Lock()
_state_lock = threading.Lock()
_fetchers: dict[tuple[str, str], StaticFileFetcher] = {}
_stylesheets: dict[Path, tuple[int, CSS]] = {}


def static_fetcher(app: Flask) -> StaticFileFetcher:
    """The (stateless, shared) fetcher for ``app``'s static folder."""
    key = (str(app.static_folder), app.static_url_path or "/static")
    fetcher = _fetchers.get(key)
    if fetcher is None:
        with _state_lock:
            fetcher = _fetchers.setdefault(key, StaticFileFetcher(*key))
    return fetcher


def letter_stylesheet(app: Flask) -> CSS:
    """The parsed letter stylesheet, shared by every render; re-parsed when the file changes."""
    path = Path(app.root_path, app.template_folder or "templates", LETTER_CSS)
    mtime = path.stat().st_mtime_ns
    cached = _stylesheets.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    fetcher, fonts = static_fetcher(app), font_config()
    with _state_lock:
        cached = _stylesheets.get(path)
        if cached is None or cached[0] != mtime:
            css = CSS(string=path.read_text(encoding="utf-8"), base_url=BASE_URL,
                      url_fetcher=fetcher, font_config=fonts)
            cached = _stylesheets[path] = (mtime, css)
    return cached[1]


def _gemeente_naam(context: dict[str, Any]) -> str:
    gemeente = context.get("gemeente")
    if isinstance(gemeente, dict):
        return str(gemeente.get("naam") or "")
    return str(getattr(gemeente, "naam", "") or "")
