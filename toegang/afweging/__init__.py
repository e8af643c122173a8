"""The afweging blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("afweging", __name__, url_prefix="/afweging")
