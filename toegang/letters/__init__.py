"""Letters: Jinja templates (``templates/letters/``) rendered to PDF/A with WeasyPrint.

``render.render_pdf`` is the only way a letter becomes a PDF; ``render.sha256_hex`` is the hash an
issued letter is stored with.
"""
