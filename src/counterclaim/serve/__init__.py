"""Serving the store: the REST API and dashboard (`api`, `web/`), the reads they make (`queries`),
and the static HTML report (`report`)."""
