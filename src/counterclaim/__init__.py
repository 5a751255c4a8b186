"""counterclaim: a claims ledger from news about wars and conflicts."""
