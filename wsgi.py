"""WSGI entry point: ``gunicorn wsgi:app``."""

from toegang import create_app

app = create_app()
