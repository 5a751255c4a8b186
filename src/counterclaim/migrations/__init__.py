"""Alembic migrations of the claims store (run by `counterclaim.store.migrate`)."""
