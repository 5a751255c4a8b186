"""Scoring against public evaluation sets."""
