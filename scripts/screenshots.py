"""Refresh docs/screenshots/: the main pages, from a scratch database with the demo data.

Run with ``make screenshots``. Starts the app on a free local port in this process, logs in as the
demo users through the real login form, and saves full-page PNGs in Chromium from Debian.
"""

from __future__ import annotations

import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    import sqlalchemy as sa
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from config import TestConfig
    from toegang import create_app
    from toegang.audit.models import GENESIS_HASH, AuditChainHead
    from toegang.extensions import db
    from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
    from toegang.seed import seed_demo

    tmp = Path(tempfile.mkdtemp(prefix="toegang-shots-"))
    app = create_app(TestConfig(f"sqlite:///{tmp / 'shots.db'}"))
    with app.app_context():
        db.create_all()
        db.session.execute(sa.insert(AuditChainHead).values(id=1, last_seq=0, last_hash=GENESIS_HASH))
        passwords = {u: p for u, p, _ in seed_demo()}
        db.session.commit()
        from toegang.afweging.models import Afweging
        from toegang.indicaties.models import Indicatie

        case = (db.session.scalar(sa.select(Indicatie.hulpvraag_id).order_by(Indicatie.id))
                or db.session.scalar(sa.select(Hulpvraag.id).where(Hulpvraag.status == HulpvraagStatus.IN_ONDERZOEK)))
        afweging_case = db.session.scalar(sa.select(Afweging.hulpvraag_id).order_by(Afweging.id)) or case
        indicatie = db.session.scalar(sa.select(Indicatie.id).order_by(Indicatie.hoog_impact.desc(), Indicatie.id))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [
        ("consulent", "werkvoorraad", "/hulpvragen/werkvoorraad"),
        ("consulent", "hulpvraag", f"/hulpvragen/{case}"),
        ("consulent", "afweging", f"/afweging/hulpvraag/{afweging_case}"),
        ("consulent", "indicatie", f"/indicaties/{indicatie}"),
        ("consulent", "inwoner-zoeken", "/inwoners/zoeken"),
        ("teamleider", "team", "/hulpvragen/team"),
        ("teamleider", "beoordelen", "/indicaties/beoordelen"),
        ("beheer", "producten", "/catalogus/producten"),
        ("beheer", "afwegingskader", "/afweging/kader"),
        ("beleid", "monitoring", "/monitoring/"),
        ("auditor", "inzage", "/privacy/inzage"),
        ("auditor", "auditlog", "/audit/?action=view_hulpvraag"),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages: dict[str, object] = {}
        for user, name, path in shots:
            if user not in pages:
                page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
                page.goto(f"{base}/inloggen")
                page.get_by_label("Gebruikersnaam", exact=True).fill(user)
                page.get_by_label("Wachtwoord", exact=True).fill(passwords[user])
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_load_state()
                pages[user] = page
            page = pages[user]
            page.goto(f"{base}{path}")  # type: ignore[attr-defined]
            target = OUT / f"{re.sub('[^a-z-]', '', name)}.png"
            page.screenshot(path=str(target), full_page=False)  # type: ignore[attr-defined]
            print(f"{target.relative_to(ROOT)}")
        login = browser.new_page()
        login.goto(f"{base}/inloggen")
        login.screenshot(path=str(OUT / "inloggen.png"))
        print("docs/screenshots/inloggen.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
