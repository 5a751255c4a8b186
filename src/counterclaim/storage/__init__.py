"""Storage: the SQLite/PostgreSQL store of documents, claims, places, links and propositions
(`store`, with its Alembic `migrations`), the writers that export what it holds (`export`,
`output`), and the `--db` option of the commands that open it (`db_option`)."""
