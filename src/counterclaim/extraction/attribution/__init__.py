"""Attribution: who is said to have said, claimed or denied what, read off a dependency parse.

`find_attributions(doc)` returns every attribution relation (cue, source, content) in a parsed
document: verbal cues ("X said that ..."), inverted and quoted speech ("“...,” X said"),
"according to X", nominal cues ("X's claim that ...", "her criticism of ..."), "X quoted him as
saying", speaker labels ("RUBIO: ..."), guarded cues that count only with a named subject ("Kyiv
believes that ..."), raising verbs ("the bridge appears to have been hit"), and quoted or
unquoted continuations of a speaker's words in the next sentences. Cues inside a quotation are
the quoted speaker's words and are not reported as relations of their own.
"""
from .attributor import Attributor, find_attributions, nested_claims
from .relation import Attribution, CharSpan, doc_text

__all__ = ["Attribution", "Attributor", "CharSpan", "doc_text", "find_attributions", "nested_claims"]
