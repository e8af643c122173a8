"""Command-line tools: ``flask create-user``, ``seed-demo``, ``load-reference-data``, ``verify-audit``,
``issue-beschikkingen``, ``import-history``, ``export-monitoring``, ``refresh-termijnen`` and others.

Each command is one unit of work: it commits once at the end, or rolls back on error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext

from toegang.extensions import db


@contextmanager
def unit_of_work() -> Iterator[None]:
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def init_app(app: Flask) -> None:
    for command in (create_user_cmd, seed_demo_cmd, load_reference_data_cmd, verify_audit_cmd,
                    issue_beschikkingen_cmd, import_history_cmd, export_monitoring_cmd, apply_retention_cmd,
                    prune_audit_cmd, backup_cmd, refresh_termijnen_cmd):
        app.cli.add_command(command)


@click.command("create-user")
@with_appcontext
@click.option("--username", required=True)
@click.option("--name", "full_name", required=True, help="Volledige naam")
@click.option("--email", default="")
@click.option("--role", "roles", multiple=True, required=True,
              help="consulent, teamleider, beleidsmedewerker, functioneel_beheerder, auditor")
@click.option("--gemeente", "gemeente_codes", multiple=True, required=True, help="CBS-code van de gemeente")
@click.password_option(prompt="Wachtwoord", confirmation_prompt=True)
def create_user_cmd(username: str, full_name: str, email: str, roles: tuple[str, ...],
                    gemeente_codes: tuple[str, ...], password: str) -> None:
    """Maak een gebruiker aan (ook de eerste functioneel beheerder)."""
    import sqlalchemy as sa

    from toegang.accounts.operations import create_user
    from toegang.accounts.roles import Role
    from toegang.errors import DomainError
    from toegang.gemeenten.models import Gemeente

    try:
        role_values = [Role(r) for r in roles]
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--role") from None
    with unit_of_work():
        ids = list(db.session.scalars(sa.select(Gemeente.id).where(Gemeente.code.in_(gemeente_codes))))
        if len(ids) != len(set(gemeente_codes)):
            raise click.BadParameter("onbekende gemeentecode", param_hint="--gemeente")
        try:
            user = create_user(None, username=username, full_name=full_name, email=email, password=password,
                               roles=role_values, gemeente_ids=ids, via_cli=True)
        except DomainError as err:
            raise click.ClickException(err.message) from None
    click.echo(f"Gebruiker {user.username} aangemaakt.")


@click.command("load-reference-data")
@with_appcontext
def load_reference_data_cmd() -> None:
    """Laad of actualiseer de codelijsten (iWmo/iJw) uit het pakket."""
    from toegang.catalogus.operations import load_reference_data

    with unit_of_work():
        counts = load_reference_data()
    click.echo(f"Codelijsten: {counts['nieuw']} nieuw, {counts['gewijzigd']} gewijzigd.")


@click.command("seed-demo")
@with_appcontext
@click.option("--credentials-file", type=click.Path(dir_okay=False), default=None,
              help="Schrijf de demo-inloggegevens (eenmalig gegenereerd) naar dit bestand.")
def seed_demo_cmd(credentials_file: str | None) -> None:
    """Vul de database met demodata. Twee keer draaien verandert niets."""
    from flask import current_app

    from toegang.seed import seed_demo

    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("seed-demo draait niet in productie.")
    with unit_of_work():
        created = seed_demo()
    if created:
        lines = [f"  {u:<14} {p:<24} {roles}" for u, p, roles in created]
        text = "Demo-gebruikers (wachtwoorden worden alleen nu getoond):\n" + "\n".join(lines)
        click.echo(text)
        if credentials_file:
            _write_private(credentials_file, text + "\n")
    else:
        click.echo("Demodata was al aanwezig; niets gewijzigd.")


def _write_private(path: str, text: str) -> None:
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)


@click.command("refresh-termijnen")
@with_appcontext
def refresh_termijnen_cmd() -> None:
    """Herbereken de termijnen van alle hulpvragen (na een upgrade die nieuwe termijnvelden toevoegt).

    Monitoring telt "na de wettelijke termijn" met de opgeslagen termijn van elke zaak; zaken van
    vóór die velden hebben ze pas na hun volgende wijziging. Dit vult ze in één keer, per 500 zaken
    vastgelegd.
    """
    import sqlalchemy as sa

    from toegang.audit.operations import record
    from toegang.hulpvragen.models import Hulpvraag
    from toegang.hulpvragen.operations import refresh_termijn

    ids = list(db.session.scalars(sa.select(Hulpvraag.id).order_by(Hulpvraag.id)))
    for start in range(0, len(ids), 500):
        with unit_of_work():
            for hv in db.session.scalars(sa.select(Hulpvraag).where(Hulpvraag.id.in_(ids[start:start + 500]))):
                refresh_termijn(hv)
    with unit_of_work():
        record("refresh_termijnen", details={"hulpvragen": len(ids)})
    click.echo(f"Termijnen herberekend voor {len(ids)} hulpvragen.")


@click.command("verify-audit")
@with_appcontext
def verify_audit_cmd() -> None:
    """Controleer de hashketen van de auditlog; geeft exitcode 1 bij een breuk."""
    from toegang.audit.operations import verify_chain

    problem = verify_chain()
    if problem is None:
        click.echo("Auditlog intact.")
        return
    click.echo(f"Auditlog NIET intact: {problem.message} (eerste probleem bij rij {problem.seq}).", err=True)
    sys.exit(1)




@click.command("issue-beschikkingen")
@click.option("--gebruiker", "username", required=True, help="De consulent namens wie wordt vastgelegd")
@click.option("--verzenddatum", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Verzenddatum (standaard: vandaag)")
@click.option("--workers", type=int, default=None, help="Aantal processen voor het opmaken (standaard: aantal cores)")
@with_appcontext
def issue_beschikkingen_cmd(username: str, verzenddatum: Any, workers: int | None) -> None:
    """Leg alle klaarstaande beschikkingen van de gemeenten van de gebruiker vast."""
    from toegang.accounts.operations import find_user_by_username
    from toegang.audit.operations import acting_as
    from toegang.beschikkingen.batch import issue_ready
    from toegang.inwoners.operations import today

    user = find_user_by_username(username)
    if user is None or not user.active:
        raise click.ClickException("Onbekende of gedeactiveerde gebruiker.")
    day = verzenddatum.date() if verzenddatum else today()
    with acting_as(user):
        result = issue_ready(user, day, workers=workers,
                             progress=lambda done, ok, bad: click.echo(f"\r{done} verwerkt", nl=False))
    click.echo(f"\n{len(result.issued)} van de {result.total} beschikkingen vastgelegd.")
    for beschikking_id, reden in result.failed:
        click.echo(f"Niet vastgelegd: concept {beschikking_id}: {reden}", err=True)
    if result.failed:
        sys.exit(1)


def _gemeente(code: str | None) -> Any:
    """The gemeente with this CBS code; without a code, the only one (or an error)."""
    import sqlalchemy as sa

    from toegang.gemeenten.models import Gemeente

    rows = db.session.scalars(sa.select(Gemeente).order_by(Gemeente.code)).all()
    if code:
        match = [g for g in rows if g.code == code]
        if not match:
            raise click.BadParameter("onbekende gemeentecode", param_hint="--gemeente")
        return match[0]
    if len(rows) != 1:
        raise click.BadParameter("kies de gemeente met --gemeente (CBS-code)", param_hint="--gemeente")
    return rows[0]


@click.command("import-history")
@click.option("--indicaties", "indicaties", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV met de indicaties uit het vorige systeem")
@click.option("--declaraties", "declaraties", default=None, type=click.Path(exists=True, dir_okay=False),
              help="CSV met de betaalde declaraties")
@click.option("--gemeente", "gemeente_code", default=None, help="CBS-code (nodig bij meer dan één gemeente)")
@click.option("--skip-invalid", is_flag=True, help="Importeer de geldige regels en schrijf een verslag van de rest")
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False),
              help="Verslag van ongeldige regels (standaard naast het indicatiebestand)")
@with_appcontext
def import_history_cmd(indicaties: str, declaraties: str | None, gemeente_code: str | None, skip_invalid: bool,
                       report_path: str | None) -> None:
    """Importeer historie (indicaties en declaraties) uit het vorige systeem."""
    from pathlib import Path

    from toegang.monitoring.importer import ImportMislukt, import_history, write_report

    gemeente = _gemeente(gemeente_code)
    try:
        with unit_of_work():
            result = import_history(gemeente, Path(indicaties), Path(declaraties) if declaraties else None,
                                    skip_invalid=skip_invalid)
    except ImportMislukt as err:
        for fout in err.fouten[:200]:
            click.echo(str(fout), err=True)
        if len(err.fouten) > 200:
            click.echo(f"... en nog {len(err.fouten) - 200} fouten.", err=True)
        click.echo(f"{len(err.fouten)} ongeldige regel(s): er is niets geïmporteerd. "
                   "Herstel de bestanden of gebruik --skip-invalid.", err=True)
        sys.exit(1)
    click.echo(f"Indicaties: {result.indicaties_nieuw} nieuw, {result.indicaties_overgeslagen} al aanwezig. "
               f"Declaraties: {result.declaraties_nieuw} nieuw, {result.declaraties_overgeslagen} al aanwezig.")
    if result.fouten:
        path = Path(report_path) if report_path else Path(indicaties).with_suffix(".importverslag.csv")
        write_report(path, result.fouten)
        click.echo(f"{len(result.fouten)} ongeldige regel(s) overgeslagen; verslag: {path}", err=True)


@click.command("export-monitoring")
@click.option("--from", "van", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Begindatum")
@click.option("--to", "tot", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Einddatum")
@click.option("--period", "periode", default="quarter",
              type=click.Choice(["month", "quarter", "half-year", "year", "maand", "kwartaal", "halfjaar", "jaar"]))
@click.option("--format", "fmt", default="json", type=click.Choice(["json", "csv"]))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--gemeente", "gemeente_codes", multiple=True, help="CBS-code(s); standaard alle gemeenten")
@with_appcontext
def export_monitoring_cmd(van: Any, tot: Any, periode: str, fmt: str, out_dir: str,
                          gemeente_codes: tuple[str, ...]) -> None:
    """Exporteer de geanonimiseerde monitoring (na onthullingscontrole) als JSON of CSV."""
    from pathlib import Path

    import sqlalchemy as sa
    from flask import current_app

    from toegang.audit.operations import record
    from toegang.gemeenten.models import Gemeente
    from toegang.monitoring import export, report

    if tot < van:
        raise click.BadParameter("--to ligt vóór --from", param_hint="--to")
    stmt = sa.select(Gemeente).order_by(Gemeente.code)
    if gemeente_codes:
        stmt = stmt.where(Gemeente.code.in_(gemeente_codes))
    gemeenten = db.session.scalars(stmt).all()
    if gemeente_codes and len(gemeenten) != len(set(gemeente_codes)):
        raise click.BadParameter("onbekende gemeentecode", param_hint="--gemeente")
    with unit_of_work():
        for gemeente in gemeenten:
            rapport = report.build(gemeente, van.date(), tot.date(), periode, current_app.config)
            files = export.write(rapport, Path(out_dir), fmt)
            record("export_monitoring", object_type="gemeente", object_id=gemeente.id, gemeente_id=gemeente.id,
                   details={"van": van.date().isoformat(), "tot": tot.date().isoformat(), "periode": rapport.soort,
                            "formaat": fmt, "bestanden": [f.name for f in files]})
            for f in files:
                click.echo(str(f))


@click.command("apply-retention")
@click.option("--gebruiker", "username", required=True, help="De functioneel beheerder namens wie het draait")
@click.option("--dry-run", is_flag=True, help="Toon alleen wie in aanmerking komt; verander niets")
@click.option("--peildatum", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Peildatum (standaard: vandaag)")
@with_appcontext
def apply_retention_cmd(username: str, dry_run: bool, peildatum: Any) -> None:
    """Anonimiseer inwoners van wie de bewaartermijn is verstreken (gemeenten van de gebruiker)."""
    from toegang.accounts.operations import find_user_by_username
    from toegang.audit.operations import acting_as
    from toegang.errors import Refused
    from toegang.inwoners.operations import today
    from toegang.privacy import retention

    user = find_user_by_username(username)
    if user is None or not user.active:
        raise click.ClickException("Onbekende of gedeactiveerde gebruiker.")
    day = peildatum.date() if peildatum else today()
    try:
        with acting_as(user), unit_of_work():
            if dry_run:
                due = retention.candidates(user, day)
                for k in due:
                    click.echo(f"inwoner {k.inwoner_id}\t{','.join(k.wetten)}\teinde {k.einddatum}\t"
                               f"verstreken {k.vervaldatum}\t{k.documenten} documenten")
                click.echo(f"Proefrun: {len(due)} inwoners komen in aanmerking (peildatum {day}).")
                return
            result = retention.apply(user, day)
    except Refused as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{len(result.inwoners)} inwoners geanonimiseerd, {result.documenten} documenten vernietigd.")


@click.command("prune-audit")
@click.option("--gebruiker", "username", required=True, help="De functioneel beheerder namens wie het draait")
@click.option("--dry-run", is_flag=True, help="Toon alleen hoeveel gebeurtenissen zouden vervallen")
@with_appcontext
def prune_audit_cmd(username: str, dry_run: bool) -> None:
    """Verwijder auditgebeurtenissen ouder dan de bewaartermijn van de auditlog; de keten blijft controleerbaar."""
    from toegang.accounts.operations import find_user_by_username
    from toegang.audit.operations import acting_as, prune
    from toegang.errors import Refused
    from toegang.inwoners.operations import today

    user = find_user_by_username(username)
    if user is None or not user.active:
        raise click.ClickException("Onbekende of gedeactiveerde gebruiker.")
    try:
        with acting_as(user), unit_of_work():
            result = prune(user, today(), dry_run=dry_run)
    except Refused as exc:
        raise click.ClickException(exc.message) from None
    verb = "zouden vervallen" if dry_run else "verwijderd"
    click.echo(f"{result.aantal} auditgebeurtenissen van vóór {result.grens.date()} {verb} "
               f"(tot en met rij {result.tot_en_met_seq}).")


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Het back-upbestand")
@with_appcontext
def backup_cmd(out: str) -> None:
    """Maak een consistente back-up van de SQLite-database terwijl de applicatie draait."""
    from flask import current_app

    from toegang.audit.operations import record
    from toegang.privacy.backup import backup_sqlite, sqlite_path

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        sqlite_path(url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    with unit_of_work():
        record("backup", details={"bestand": os.path.basename(out)})
    size = backup_sqlite(url, out)
    click.echo(f"Back-up geschreven naar {out} ({size} bytes).")

