"""Alembic migrations of the claims store (run by `counterclaim.storage.store.migrate`)."""
