"""The indicaties blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("indicaties", __name__, url_prefix="/indicaties")
