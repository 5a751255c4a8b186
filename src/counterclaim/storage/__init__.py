"""Storage: the SQLite/PostgreSQL store of documents, claims, places, links and propositions
(`store`, with its Alembic `migrations`), and the writers that export what it holds (`export`,
`output`)."""
