"""The web app: FastAPI with server-rendered pages, a JSON API, accounts and roles.

Start it with ``hemicycle serve`` or :func:`hemicycle.web.app.create_app`.
"""
