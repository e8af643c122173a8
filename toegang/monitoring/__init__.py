"""The monitoring blueprints: the dashboard (beleidsmedewerker), API tokens (functioneel beheerder)
and the read-only JSON API. URL maps only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")
api_bp = Blueprint("monitoring_api", __name__, url_prefix="/api/monitoring")
