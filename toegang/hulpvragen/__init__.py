"""The hulpvragen blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("hulpvragen", __name__, url_prefix="/hulpvragen")
