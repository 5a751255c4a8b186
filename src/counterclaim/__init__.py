"""counterclaim: a claims ledger from news about wars and conflicts.

`counterclaim.extract(text, published="2021-09-06")` does the whole job for one article.
"""
from .extraction.extract import extract, extract_many
from .model import Claim, Document, Failure, Result

__all__ = ["extract", "extract_many", "Claim", "Document", "Failure", "Result"]
__version__ = "0.1.0"
