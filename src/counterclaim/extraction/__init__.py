"""Extraction: one article in, its attributed claims out. `extract.extract` runs the whole pipeline:
the spaCy parse, quotations, attribution cues, claimants and their sides, claim types, places,
dates, quantities and conditions, assembled into `Claim` records by `claims.build_claims`."""
