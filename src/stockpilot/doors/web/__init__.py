"""The web app (R-UI-1..3) and the POS API (R-DATA-2): `stockpilot serve`.

A door like the command line: it calls the same services and shows the same presenters'
words from the one message catalogue, in English and Traditional Chinese (Hong Kong). Pages
are rendered on the server (Jinja2) with a little JavaScript shipped in ``static/``; nothing
loads from the internet. Who may do what is the domain's permission table
(``domain/access.py``), asked on every route.
"""
