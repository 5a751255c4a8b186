"""Corpora: reading articles from every supported format (`readers`), ingesting them into the store
with parallel extraction (`ingest`), on a Dask cluster (`cluster`) or through Parquet shards
(`shards`)."""
