"""The beschikkingen blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("beschikkingen", __name__, url_prefix="/beschikkingen")
