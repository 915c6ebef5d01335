"""A word the tagger sees for the first time is scored cheaply and exactly.

The fast paths of the per-word features (a word's shape, a protected name behind a
proclitic) must say what the general rules say, and a word's score vectors, built
from per-feature rows, must be the model's weights summed over the word's known
attributes, also after the feature memo has been emptied between articles.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba", reason="the name tagger's decoder is compiled with numba")

from search.ingest.extract.ner import features  # noqa: E402
from search.ingest.extract.ner.scores import StateScores  # noqa: E402
from search.ingest.extract.ner.tagger import load_tagger  # noqa: E402
from search.ingest.extract.ner.tokens import tokenize  # noqa: E402
from search.text.stemmer import _HEADS, _PROCLITIC, PROTECTED_NAMES, stem_word  # noqa: E402

TEXT = (
    "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن منظمة الصحة العالمية ووزارة الخارجية "
    "وبوتين COVID-19 و٢٠٢٣ وİstanbul و\u212aelvin ناقشوا للأمم المتحدة x² ،"
)


def _general_shape(text: str) -> list[str]:
    """The shape rule written out in full, character by character."""
    if not (text[0].isalnum() or len(text) > 1):
        return ["punct=" + text]
    shape = []
    if any(c.isdigit() for c in text):
        shape.append("digit" if text.isdigit() else "hasdigit")
    if any("a" <= c.lower() <= "z" for c in text):
        shape.append("latin")
    return [*shape, "len=" + features._length_bucket(len(text))]


def test_a_words_shape_is_what_the_general_rule_says_for_arabic_latin_digits_and_odd_letters() -> (
    None
):
    for token in tokenize(TEXT):
        assert features._shape(token.text) == _general_shape(token.text), token.text


def test_a_protected_name_behind_any_proclitic_keeps_its_form_and_other_heads_do_not_protect() -> (
    None
):
    assert all(_PROCLITIC.fullmatch(head) for head in _HEADS)
    for name in PROTECTED_NAMES:
        for head in _HEADS:
            assert stem_word(head + name) == name
    assert stem_word("سبوتين") != "بوتين"  # س is no proclitic: the word is stemmed as any other


def _summed(scores: StateScores, text: str, norm: str) -> np.ndarray:
    """A word's five vectors straight from the model: its known attributes' weights summed."""
    tagger = load_tagger()
    view = tagger.features.word_view(text, norm)
    state, known = tagger.weights.state, tagger.weights.attributes
    return np.array([state[[known[a] for a in part]].sum(0) for part in view[:5]])


def test_a_new_words_vectors_are_the_models_weights_summed_even_after_the_memo_is_emptied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tagger = load_tagger()
    scores = StateScores(tagger.weights, tagger.features, capacity=64)
    tokens = tokenize(TEXT)
    ranges = [(0, len(tokens))]
    monkeypatch.setattr(features, "HASH_CACHE", 40)  # the feature memo fills within the text
    for _ in range(2):
        scores.emissions(tokens, ranges)
        assert len(scores._feature_rows) >= 40  # full: the next article empties it first
        for token in tokens:
            row = scores._rows[token.text]
            want = _summed(scores, token.text, token.norm)
            assert np.allclose(scores._table[row], want, rtol=0, atol=1e-12), token.text
        scores.clear()
