"""Application configuration.

Configuration is read from the environment only when a config object is *instantiated*, never at
import time, so tests and the factory decide which settings apply.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

#: Secrets shorter than this are refused in production.
MIN_SECRET_KEY_LENGTH = 32


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    TESTING = False
    DEBUG = False

    def __init__(self) -> None:
        env = os.environ
        self.SECRET_KEY: str | None = env.get("SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI: str | None = env.get("DATABASE_URL")
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
        self.SQLALCHEMY_TRACK_MODIFICATIONS = False

        # Sessions: server-side session records expire after this much idle time.
        self.IDLE_TIMEOUT = timedelta(minutes=int(env.get("TOEGANG_IDLE_MINUTES", "30")))
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
        self.SESSION_COOKIE_NAME = "toegang_session"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = False
        self.HSTS: str | None = None  # set in production (HTTPS only)
        self.REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

        # Login throttling: lock an account after this many failures, for this long.
        self.LOGIN_MAX_FAILURES = int(env.get("TOEGANG_LOGIN_MAX_FAILURES", "5"))
        self.LOGIN_LOCK_MINUTES = int(env.get("TOEGANG_LOGIN_LOCK_MINUTES", "15"))

        # No uploads: a request body above this is refused (413) before it is parsed; Werkzeug's
        # MAX_FORM_MEMORY_SIZE (500 kB per field) still applies to each form field.
        self.MAX_CONTENT_LENGTH = int(env.get("TOEGANG_MAX_CONTENT_LENGTH", str(2 * 1024 * 1024)))
        self.WTF_CSRF_ENABLED = True
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

        # The uitvoeringsorganisatie running the loket; municipality details live per gemeente.
        self.ORGANISATIE_NAAM = env.get("TOEGANG_ORGANISATIE", "Uitvoeringsorganisatie Sociaal Domein")
        self.TIMEZONE = "Europe/Amsterdam"
        self.PAGE_SIZE = int(env.get("TOEGANG_PAGE_SIZE", "25"))
        # The Wmo eigen bijdrage: the CAK's monthly abonnementstarief (indexed yearly).
        self.CAK_ABONNEMENTSTARIEF_CENTS = int(env.get("TOEGANG_CAK_ABONNEMENTSTARIEF_CENTS", "2180"))

        # Monitoring disclosure control (CBS rule by default): counts rounded to a multiple of
        # AFRONDING, 0..GEHEIM_TOT_EN_MET secret; amounts only with BEDRAG_MIN_CLIENTEN clients and
        # no client above BEDRAG_MAX_AANDEEL of the sum; percentages/averages with MIN_NOEMER cases.
        self.MONITORING_AFRONDING = int(env.get("TOEGANG_MONITORING_AFRONDING", "5"))
        self.MONITORING_GEHEIM_TOT_EN_MET = int(env.get("TOEGANG_MONITORING_GEHEIM_TOT_EN_MET", "7"))
        self.MONITORING_BEDRAG_MIN_CLIENTEN = int(env.get("TOEGANG_MONITORING_BEDRAG_MIN_CLIENTEN", "10"))
        self.MONITORING_BEDRAG_MAX_AANDEEL = float(env.get("TOEGANG_MONITORING_BEDRAG_MAX_AANDEEL", "0.30"))
        self.MONITORING_MIN_NOEMER = int(env.get("TOEGANG_MONITORING_MIN_NOEMER", "10"))
        # The municipality's aim for satisfaction with the toegang, and when a change counts as level.
        self.MONITORING_TEVREDENHEID_DOEL = float(env.get("TOEGANG_MONITORING_TEVREDENHEID_DOEL", "7.1"))
        self.MONITORING_RICHTING_DREMPEL = float(env.get("TOEGANG_MONITORING_RICHTING_DREMPEL", "0.02"))
        # Bewaartermijn in years after a case ended (closed, and its voorzieningen over), per law.
        # Jeugdwet art. 7.3.8: at least 15 years after the jeugdhulp ended. Wmo 2015 and the
        # Participatiewet set no term: the municipality chooses (Selectielijst / own policy).
        self.BEWAARTERMIJN_JAREN = {
            "WMO": int(env.get("TOEGANG_BEWAARTERMIJN_WMO_JAREN", "10")),
            "JW": int(env.get("TOEGANG_BEWAARTERMIJN_JEUGD_JAREN", "15")),
            "PW": int(env.get("TOEGANG_BEWAARTERMIJN_PW_JAREN", "10")),
        }
        # A resident registered without any hulpvraag (looked up, never a melding): no law keeps
        # that record, so it goes this many years after its last change.
        self.BEWAARTERMIJN_ZONDER_ZAAK_JAREN = int(env.get("TOEGANG_BEWAARTERMIJN_ZONDER_ZAAK_JAREN", "2"))
        # The audit log is kept longer than any case file, so an inzage can still say who looked.
        self.BEWAARTERMIJN_AUDIT_JAREN = int(env.get("TOEGANG_BEWAARTERMIJN_AUDIT_JAREN", "20"))

    def validate(self) -> None:
        """Refuse configurations that must not run. Called by the factory."""
        if self.BEWAARTERMIJN_JAREN["JW"] < 15:
            raise RuntimeError("De bewaartermijn voor de Jeugdwet is minimaal 15 jaar (art. 7.3.8 Jeugdwet).")
        if not 0 < self.BEWAARTERMIJN_ZONDER_ZAAK_JAREN <= max(self.BEWAARTERMIJN_JAREN.values()):
            raise RuntimeError("De bewaartermijn voor inwoners zonder hulpvraag moet minstens 1 jaar zijn en niet "
                               "langer dan die van de dossiers.")
        if max(self.BEWAARTERMIJN_JAREN.values()) > self.BEWAARTERMIJN_AUDIT_JAREN:
            raise RuntimeError("De bewaartermijn van de auditlog moet minstens zo lang zijn als die van de dossiers.")


class DevelopmentConfig(Config):
    """Local development: an SQLite file in the instance folder, a generated secret."""

    ENV_NAME = "development"
    DEBUG = False

    def __init__(self, instance_path: str | None = None) -> None:
        super().__init__()
        instance = Path(instance_path or BASE_DIR / "instance")
        if not self.SQLALCHEMY_DATABASE_URI:
            self.SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / 'toegang.db'}"
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret(instance)


class TestConfig(Config):
    """The test suite: CSRF stays on; the database comes from TEST_DATABASE_URL or a temp file."""

    ENV_NAME = "test"
    TESTING = True
    __test__ = False  # not a pytest test class

    def __init__(self, database_url: str | None = None) -> None:
        super().__init__()
        self.SECRET_KEY = secrets.token_urlsafe(32)  # a fresh secret per test run
        self.SQLALCHEMY_DATABASE_URI = database_url or os.environ.get("TEST_DATABASE_URL") or "sqlite://"
        self.SERVER_NAME = None
        # Cheap hashing keeps the suite fast; production uses the argon2 library defaults.
        self.ARGON2_TIME_COST = 1
        self.ARGON2_MEMORY_COST = 8192


class ProductionConfig(Config):
    """Production: PostgreSQL, a strong secret and secure cookies, all from the environment."""

    ENV_NAME = "production"

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = True
        # ASVS 3.4.4: the __Host- prefix binds the cookie to this host, path / and HTTPS.
        self.SESSION_COOKIE_NAME = "__Host-toegang_session"
        # ASVS 14.4.5: browsers only ever talk HTTPS to this host once they have seen it.
        self.HSTS = "max-age=31536000; includeSubDomains"

    def validate(self) -> None:
        super().validate()
        if not self.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("DATABASE_URL ontbreekt: productie start niet zonder database-URL.")
        if not self.SECRET_KEY or len(self.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(
                f"SECRET_KEY ontbreekt of is te kort (minimaal {MIN_SECRET_KEY_LENGTH} tekens)."
            )
        if self.SECRET_KEY in {"dev", "changeme", "secret"} or len(set(self.SECRET_KEY)) < 10:
            raise RuntimeError("SECRET_KEY is niet sterk genoeg.")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def _instance_secret(instance: Path) -> str:
    """A per-installation secret for development, kept in the instance folder (never committed)."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def config_from_env() -> Config:
    """The config named by TOEGANG_ENV (development by default)."""
    name = os.environ.get("TOEGANG_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"Onbekende TOEGANG_ENV: {name!r}") from None
