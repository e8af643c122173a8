"""The letter renderer: what a letter shows and where, PDF/A-3a with tags and metadata, the shipped
fonts, the HarfBuzz subsetting path, and a URL fetcher that serves only the app's static files."""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import urllib.request
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdf
import pytest
from flask import Flask
from fontTools.ttLib import TTFont
from jinja2 import ChoiceLoader, DictLoader
from weasyprint.pdf import fonts as weasy_pdf_fonts

from toegang.letters import render
from toegang.letters.fonts import FONT_FILES, FONTS_DIR, font_config, subsetting_backend
from toegang.letters.render import StaticFileFetcher, render_pdf, sha256_hex

MM = 25.4 / 72  # PDF points -> millimetres

GEMEENTE = {
    "naam": "Gemeente Voorbeeld",
    "postadres": "Postbus 100, 9990 AA Voorbeeld",
    "bezoekadres": "Raadhuisplein 1, Voorbeeld",
    "telefoon": "14 0999",
    "website": "www.voorbeeld.nl",
    "logo_bestand": "img/logo-voorbeeld.svg",
    "ondertekenaar_naam": "J. de Vries",
    "ondertekenaar_functie": "Teamleider Sociaal Domein",
}


def letter_context(**overrides: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "gemeente": GEMEENTE,
        "ontvanger": {"naam": "Mevrouw A. Jansen", "adres": ["Dorpsstraat 12", "9991 AB  VOORBEELD"]},
        "datum": date(2026, 11, 23),
        "kenmerk": "ZK-2026-000123",
        "onderwerp": "Verslag van het onderzoek naar uw hulpvraag",
        "aanhef": "Geachte mevrouw Jansen,",
        "alineas": ["Op 12 november 2026 hebben wij met u gesproken over uw hulpvraag. In deze brief "
                    "leest u wat wij hebben besproken en welke afspraken wij hebben gemaakt."],
    }
    context.update(overrides)
    return context


def render_letter(template: str = "letters/base_letter.html", **kwargs: Any) -> bytes:
    context = kwargs.pop("context", None) or letter_context()
    kwargs.setdefault("title", "Verslag van het onderzoek")
    kwargs.setdefault("subject", "Verslag onderzoek ZK-2026-000123")
    return render_pdf(template, context, **kwargs)


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def positions_mm(page: pypdf.PageObject) -> dict[str, tuple[float, float]]:
    """Each text run -> (x from the left edge, baseline y from the top edge), in millimetres."""
    height = float(page.mediabox.height)
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: Any) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.setdefault(text.strip(), (x * MM, (height - y) * MM))

    page.extract_text(visitor_text=visit)
    return found


def font_names(pdf: bytes) -> set[str]:
    """/BaseFont names of every font in the PDF, without the "ABCDEF+" subset prefix."""
    names = set()
    for obj in _font_objects(pdf):
        names.add(str(obj["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def _font_objects(pdf: bytes) -> list[Any]:
    """Every font referenced from the pages' resources, including those of forms and patterns."""
    found: dict[int, Any] = {}

    def walk(resources: Any, depth: int = 0) -> None:
        if resources is None or depth > 5:
            return
        resources = resources.get_object()
        for ref in resources.get("/Font", {}).values():
            found[ref.idnum] = ref.get_object()
        for kind in ("/XObject", "/Pattern"):
            for ref in resources.get(kind, {}).values():
                walk(ref.get_object().get("/Resources"), depth + 1)

    for page in reader(pdf).pages:
        walk(page.get("/Resources"))
    return list(found.values())


# --- what the letter shows ----------------------------------------------------------------------

def test_letter_shows_recipient_date_kenmerk_and_page_number(app_ctx: None) -> None:
    pdf = render_letter()

    assert pdf.startswith(b"%PDF-")
    assert len(reader(pdf).pages) == 1
    text = text_of(pdf)
    for expected in ("Mevrouw A. Jansen", "Dorpsstraat 12", "23 november 2026", "ZK-2026-000123",
                     "Verslag van het onderzoek naar uw hulpvraag", "Geachte mevrouw Jansen,",
                     "Retouradres: Postbus 100, 9990 AA Voorbeeld", "Met vriendelijke groet,",
                     "J. de Vries", "pagina 1 van 1", "14 0999", "www.voorbeeld.nl"):
        assert expected in text, expected
    assert "CONCEPT" not in text


def test_recipient_address_sits_in_the_window_of_the_envelope(app_ctx: None) -> None:
    pos = positions_mm(reader(render_letter()).pages[0])

    # Window envelope: address field from ~50 mm below the top edge, 22 mm from the left edge.
    for line in ("Retouradres: Postbus 100, 9990 AA Voorbeeld", "Mevrouw A. Jansen", "9991 AB  VOORBEELD"):
        x, y = pos[line]
        assert 21 <= x <= 23, (line, x)
        assert 50 <= y <= 85, (line, y)
    assert pos["Retouradres: Postbus 100, 9990 AA Voorbeeld"][1] < pos["Mevrouw A. Jansen"][1]
    # The date and kenmerk come below the window, the page number in the footer.
    assert pos["23 november 2026"][1] > 90
    assert pos["pagina 1 van 1"][1] > 270


def test_long_letter_numbers_every_page_with_the_total(app_ctx: None) -> None:
    context = letter_context(alineas=["Een alinea die de brief over meerdere pagina's laat lopen. " * 6] * 14)

    pdf = render_letter(context=context)

    pages = reader(pdf).pages
    assert len(pages) == 2
    assert "pagina 1 van 2" in pages[0].extract_text()
    assert "pagina 2 van 2" in pages[1].extract_text()
    assert "Postbus 100, 9990 AA Voorbeeld · 14 0999" in pages[1].extract_text()


def test_concept_marking_appears_only_for_a_concept(app_ctx: None) -> None:
    final = render_letter()
    concept = render_letter(concept=True)

    assert "CONCEPT" not in text_of(final)
    assert "CONCEPT" in text_of(concept)
    assert reader(concept).metadata.title == "CONCEPT – Verslag van het onderzoek"
    assert reader(final).metadata.title == "Verslag van het onderzoek"


# --- archival and accessibility -----------------------------------------------------------------

def test_pdf_is_pdfa3a_tagged_dutch_with_document_metadata(app_ctx: None) -> None:
    created = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

    doc = reader(render_letter(created=created))

    catalog = doc.trailer["/Root"]
    xmp = doc.xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "A")  # PDF/A-3a
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    info = doc.metadata
    assert info.title == "Verslag van het onderzoek"
    assert info.author == "Gemeente Voorbeeld"
    assert info.subject == "Verslag onderzoek ZK-2026-000123"
    assert info.creation_date == created  # written as 10:30+01:00, Europe/Amsterdam
    assert xmp.dc_title == {"x-default": "Verslag van het onderzoek"}
    assert xmp.dc_creator == ["Gemeente Voorbeeld"]
    assert xmp.xmp_create_date == created.replace(tzinfo=None)  # pypdf gives naive UTC


def test_same_letter_gives_the_same_bytes_and_hash(app_ctx: None) -> None:
    created = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

    first, second = render_letter(created=created), render_letter(created=created)

    assert first == second
    assert sha256_hex(first) == hashlib.sha256(first).hexdigest()
    assert len(sha256_hex(first)) == 64
    assert sha256_hex(render_letter(created=created, concept=True)) != sha256_hex(first)


# --- fonts and speed ----------------------------------------------------------------------------

def test_text_is_set_in_the_shipped_fonts_only(app_ctx: None) -> None:
    without_logo = letter_context(gemeente={**GEMEENTE, "logo_bestand": ""})

    pdf = render_letter(context=without_logo)

    assert font_names(pdf) == set(FONT_FILES.values())
    # The embedded programs are (subsets of) the shipped files: same family and version.
    shipped = TTFont(FONTS_DIR / "OpenSans-Regular.ttf")["name"]
    for obj in _font_objects(pdf):
        descriptor = obj["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        embedded = TTFont(BytesIO(descriptor["/FontFile2"].get_object().get_data()))["name"]
        assert embedded.getDebugName(1) == "Open Sans"
        assert embedded.getDebugName(5) == shipped.getDebugName(5)


def test_letter_text_uses_the_shipped_fonts_with_the_example_logo(app_ctx: None) -> None:
    # The example logo has live SVG text in "sans-serif", which comes from the system (see
    # toegang.letters.fonts); everything else is Open Sans.
    assert set(FONT_FILES.values()) <= font_names(render_letter())


def test_fonts_are_subset_with_harfbuzz_not_fonttools(app_ctx: None, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    calls = {"harfbuzz": 0, "fonttools": 0}
    font_cls = weasy_pdf_fonts.Font
    hb, ft = font_cls._harfbuzz_subset, font_cls._fonttools_subset

    def spy_hb(self: Any, *args: Any) -> Any:
        calls["harfbuzz"] += 1
        return hb(self, *args)

    def spy_ft(self: Any, *args: Any) -> Any:
        calls["fonttools"] += 1
        return ft(self, *args)

    monkeypatch.setattr(font_cls, "_harfbuzz_subset", spy_hb)
    monkeypatch.setattr(font_cls, "_fonttools_subset", spy_ft)
    caplog.set_level(logging.WARNING, logger="weasyprint")

    render_letter()

    assert subsetting_backend() == "harfbuzz"
    assert calls["harfbuzz"] >= 2 and calls["fonttools"] == 0
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]


def test_stylesheet_and_font_configuration_are_shared_across_renders(app: Flask, app_ctx: None) -> None:
    render_letter()
    css, fonts = render.letter_stylesheet(app), font_config()

    render_letter()

    assert render.letter_stylesheet(app) is css
    assert font_config() is fonts


# --- only the app's own static files ------------------------------------------------------------

EXTERNAL_TEMPLATE = """{% extends "letters/base_letter.html" %}
{% block inhoud %}
<p>Bijlagen volgen.</p>
<img src="http://example.com/x.png" alt="">
<img src="file:///etc/passwd" alt="">
<img src="https://example.com/logo.svg" alt="">
<img src="static/../../config.py" alt="">
<img src="/static/%2e%2e/%2e%2e/config.py" alt="">
<div style="background-image: url(https://example.com/bg.png)">achtergrond</div>
{% endblock %}
"""

REFUSED = (
    "http://example.com/x.png",
    "file:///etc/passwd",
    "https://example.com/logo.svg",
    "https://toegang.invalid/config.py",
    "https://toegang.invalid/static/%2e%2e/%2e%2e/config.py",
    "https://example.com/bg.png",
)


def test_external_and_local_urls_are_refused_and_never_fetched(
    app: Flask, app_ctx: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    loader = ChoiceLoader([DictLoader({"letters/test_extern.html": EXTERNAL_TEMPLATE}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    asked: list[tuple[str, str]] = []
    original_fetch = StaticFileFetcher.fetch

    def spy_fetch(self: StaticFileFetcher, url: str, headers: Any = None) -> Any:
        try:
            response = original_fetch(self, url, headers)
        except ValueError:
            asked.append((url, "refused"))
            raise
        asked.append((url, "served"))
        return response

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a letter tried to use the network")

    monkeypatch.setattr(StaticFileFetcher, "fetch", spy_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    caplog.set_level(logging.ERROR, logger="weasyprint")

    pdf = render_letter("letters/test_extern.html")

    assert "Bijlagen volgen." in text_of(pdf)
    assert b"root:" not in pdf
    outcomes = dict(asked)
    for url in REFUSED:
        assert outcomes.get(url) == "refused", (url, asked)
    assert outcomes["https://toegang.invalid/static/img/logo-voorbeeld.svg"] == "served"
    assert all(outcome == "refused" for url, outcome in asked if "/static/img/" not in url)


def test_fetcher_serves_files_inside_the_static_folder_only(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "geheim.txt").write_text("geheim")
    (static / "img" / "link.txt").symlink_to(tmp_path / "geheim.txt")
    fetcher = StaticFileFetcher(static, "/static")

    for url in ("https://toegang.invalid/static/img/logo.svg", (static / "img" / "logo.svg").as_uri()):
        response = fetcher.fetch(url)
        assert response.read().startswith(b"<svg")
        assert response.content_type == "image/svg+xml"

    for url in (
        "https://toegang.invalid/static/img/link.txt",  # symlink out of the folder
        "https://toegang.invalid/static/img/",  # a directory
        "https://toegang.invalid/static/img/missing.png",
        "https://toegang.invalid/static/%2e%2e/geheim.txt",
        "https://toegang.invalid/geheim.txt",
        "https://toegang.invalid:8443/static/img/logo.svg",
        "http://toegang.invalid.example.com/static/img/logo.svg",
        "https://example.com/static/img/logo.svg",
        (tmp_path / "geheim.txt").as_uri(),
        "file://otherhost" + str(static / "img" / "logo.svg"),
        "data:text/plain,hallo",
        "ftp://example.com/x",
        "static/img/logo.svg",  # relative URLs are resolved by WeasyPrint before fetching
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_concurrent_renders_are_safe_and_identical(app: Flask) -> None:
    created = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    results: list[bytes] = []

    def work() -> None:
        with app.app_context():
            for _ in range(3):
                results.append(render_letter(created=created))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 9
    assert len(set(results)) == 1


def test_creation_date_must_be_timezone_aware(app_ctx: None) -> None:
    with pytest.raises(ValueError):
        render_letter(created=datetime(2026, 11, 23, 9, 30))
