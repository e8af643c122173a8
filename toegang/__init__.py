"""Toegang: case management for the integrated loket of the sociaal domein."""

from __future__ import annotations

from flask import Flask

from config import Config, config_from_env


def create_app(config: Config | None = None) -> Flask:
    """Build the application for ``config`` (from TOEGANG_ENV when omitted).

    Refuses to start when the configuration is unsafe (for production: no DATABASE_URL or a weak
    SECRET_KEY).
    """
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder="static",
        instance_path=str(root / "instance"),
    )
    config = config if config is not None else config_from_env()
    config.validate()
    app.config.from_object(config)
    app.config["TOEGANG_CONFIG"] = config

    from toegang import cli, web
    from toegang.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(root / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)

    _import_models()
    web.init_app(app)
    _register_blueprints(app)
    cli.init_app(app)
    return app


def _import_models() -> None:
    """Import every domain's models so metadata (and Alembic) sees all tables."""
    from toegang.accounts import models as _accounts  # noqa: F401
    from toegang.afweging import models as _afweging  # noqa: F401
    from toegang.audit import models as _audit  # noqa: F401
    from toegang.beschikkingen import models as _beschikkingen  # noqa: F401
    from toegang.catalogus import models as _catalogus  # noqa: F401
    from toegang.gemeenten import models as _gemeenten  # noqa: F401
    from toegang.hulpvragen import models as _hulpvragen  # noqa: F401
    from toegang.indicaties import models as _indicaties  # noqa: F401
    from toegang.inwoners import models as _inwoners  # noqa: F401
    from toegang.monitoring import models as _monitoring  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    # Views are imported here, not in the packages, so models never import views.
    from toegang.accounts import bp as accounts_bp
    from toegang.accounts import views as _accounts_views  # noqa: F401
    from toegang.afweging import bp as afweging_bp
    from toegang.afweging import views as _afweging_views  # noqa: F401
    from toegang.audit import bp as audit_bp
    from toegang.audit import views as _audit_views  # noqa: F401
    from toegang.beschikkingen import bp as beschikkingen_bp
    from toegang.beschikkingen import views as _beschikkingen_views  # noqa: F401
    from toegang.catalogus import bp as catalogus_bp
    from toegang.catalogus import views as _catalogus_views  # noqa: F401
    from toegang.gemeenten import bp as gemeenten_bp
    from toegang.gemeenten import views as _gemeenten_views  # noqa: F401
    from toegang.hulpvragen import bp as hulpvragen_bp
    from toegang.hulpvragen import views as _hulpvragen_views  # noqa: F401
    from toegang.indicaties import bp as indicaties_bp
    from toegang.indicaties import views as _indicaties_views  # noqa: F401
    from toegang.inwoners import bp as inwoners_bp
    from toegang.inwoners import views as _inwoners_views  # noqa: F401
    from toegang.main import bp as main_bp
    from toegang.main import views as _main_views  # noqa: F401
    from toegang.monitoring import api_bp as monitoring_api_bp
    from toegang.monitoring import bp as monitoring_bp
    from toegang.monitoring import views as _monitoring_views  # noqa: F401
    from toegang.privacy import bp as privacy_bp
    from toegang.privacy import views as _privacy_views  # noqa: F401

    for bp in (main_bp, accounts_bp, audit_bp, gemeenten_bp, catalogus_bp, inwoners_bp, hulpvragen_bp,
               indicaties_bp, beschikkingen_bp, afweging_bp, monitoring_bp, monitoring_api_bp,
               privacy_bp):
        app.register_blueprint(bp)
    # The monitoring API authenticates with bearer tokens, not the session cookie: no CSRF there.
    from toegang.extensions import csrf

    csrf.exempt(monitoring_api_bp)

