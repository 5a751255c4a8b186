"""The ledger: claims linked across articles. `questions` says what a claim answers, `stance` how two
texts relate, `linking` compares claims that answer the same question, and `propositions` stores the
links, the propositions and their statuses and reads them back."""
