"""The web dashboard and REST API (FastAPI, server-rendered Jinja templates)."""
