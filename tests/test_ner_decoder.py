"""The fast tagger gives CRFsuite's labels and marginals.

:class:`~search.ingest.extract.ner.tagger.Tagger` no longer calls CRFsuite:
it sums the model's weights per word (:mod:`~search.ingest.extract.ner.scores`)
and decodes all of an article's sentences in one compiled pass
(:mod:`~search.ingest.extract.ner.decode`). CRFsuite itself, fed the full
training features, is the reference: same labels everywhere, marginals
within 1e-6, on the development split of the training file (when the shared
data is there) and on the seed articles (always).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

pycrfsuite = pytest.importorskip("pycrfsuite", reason="python-crfsuite trains the name tagger")

from search.ingest.extract.cleaning import clean  # noqa: E402
from search.ingest.extract.ner.corpus import read_corpus, sentence_tokens, split  # noqa: E402
from search.ingest.extract.ner.decode import decode  # noqa: E402
from search.ingest.extract.ner.features import sentence_features  # noqa: E402
from search.ingest.extract.ner.scores import StateScores  # noqa: E402
from search.ingest.extract.ner.tagger import MODEL_PATH, Tagger, load_tagger  # noqa: E402
from search.ingest.extract.ner.tokens import Token, sentences, tokens_from_words  # noqa: E402
from search.ingest.extract.ner.weights import read_weights  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared/data/ner_cleananercorp/cleananercorp_TRAIN.txt"
TOLERANCE = 1e-6


def _crfsuite() -> pycrfsuite.Tagger:
    crf = pycrfsuite.Tagger()
    crf.open(str(MODEL_PATH))
    return crf


def _reference(crf: pycrfsuite.Tagger, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
    """CRFsuite's labels and marginals of one sentence, from every training feature."""
    crf.set(sentence_features(tokens))
    labels = crf.tag()
    return labels, [crf.marginal(y, i) if y != "O" else 1.0 for i, y in enumerate(labels)]


def _differences(
    tagger: Tagger, articles: Sequence[Sequence[Token]]
) -> Iterator[tuple[int, int, str]]:
    """``(article, token, what)`` wherever the fast tagger and CRFsuite disagree."""
    crf = _crfsuite()
    for number, tokens in enumerate(articles):
        ranges = sentences(tokens)
        for (first, last), (labels, probs) in zip(
            ranges, tagger.label_sentences(tokens, ranges), strict=True
        ):
            want_labels, want_probs = _reference(crf, tokens[first:last])
            for index, (got, want) in enumerate(zip(labels, want_labels, strict=True)):
                if got != want:
                    yield number, first + index, f"label {got} for {want}"
            for index, (got, want) in enumerate(zip(probs, want_probs, strict=True)):
                if abs(got - want) > TOLERANCE:
                    yield number, first + index, f"marginal {got} for {want}"


def _seed_articles() -> list[list[Token]]:
    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")
        found.append(tokens_from_words(text, clean(text).content_words()))
    return found


def test_every_seed_article_gets_crfsuites_labels_and_marginals() -> None:
    articles = _seed_articles()
    assert sum(len(a) for a in articles) > 1000
    assert list(_differences(Tagger(MODEL_PATH), articles)) == []


@pytest.mark.skipif(not DATA.exists(), reason="no shared CLEANANERCorp file beside the repo")
def test_the_development_split_gets_crfsuites_labels_and_marginals() -> None:
    _, dev = split(read_corpus(DATA))
    blocks: dict[int, list[Token]] = {}
    for sentence in dev:  # a block of 25 sentences is one batch, as an article is
        block = blocks.setdefault(sentence.block, [])
        block.extend(sentence_tokens(sentence.words))
        block.append(Token("\n", "\n", 0, 0, False))
    assert sum(len(s.words) for s in dev) > 16_000
    assert list(_differences(Tagger(MODEL_PATH), list(blocks.values()))) == []


def test_the_weights_read_from_the_file_are_those_crfsuite_reports() -> None:
    weights = read_weights(MODEL_PATH)
    info = _crfsuite().info()
    label = {name: i for i, name in enumerate(weights.labels)}
    assert weights.labels == tuple(_crfsuite().labels())
    assert len(info.state_features) == np.count_nonzero(weights.state)
    for (attribute, name), value in info.state_features.items():  # the dump rounds to 1e-6
        assert abs(weights.state[weights.attributes[attribute], label[name]] - value) <= 1e-6
    for (before, after), value in info.transitions.items():
        assert abs(weights.transitions[label[before], label[after]] - value) <= 1e-6


def test_a_sentence_tagged_alone_or_among_others_gets_the_same_labels_and_marginals() -> None:
    tagger = load_tagger()
    (article, *_) = _seed_articles()
    ranges = sentences(article)
    together = tagger.label_sentences(article, ranges)
    alone = [tagger.label(article[first:last]) for first, last in ranges]
    assert together == alone


def test_a_small_word_table_empties_itself_and_scores_the_same() -> None:
    tagger = load_tagger()
    articles = _seed_articles()
    capacity = 150
    small = StateScores(tagger.weights, tagger.features, capacity=capacity)
    for tokens in articles * 2:
        ranges = sentences(tokens)
        got, _ = small.emissions(tokens, ranges)
        want, _ = tagger.scores.emissions(tokens, ranges)
        assert len(small) <= max(capacity, len(tokens))  # a longer article: its own size
        assert np.allclose(got, want, rtol=0, atol=1e-9)


def test_no_sentence_decodes_to_nothing_and_bad_lengths_are_refused() -> None:
    transitions = np.zeros((3, 3))
    labels, probs = decode(np.zeros((0, 3)), [], transitions)
    assert len(labels) == len(probs) == 0
    with pytest.raises(ValueError, match="lengths"):
        decode(np.zeros((4, 3)), [2, 3], transitions)
    with pytest.raises(ValueError, match="lengths"):
        decode(np.zeros((2, 3)), [2, 0], transitions)


def test_a_file_that_is_not_a_crfsuite_model_is_refused_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "model.crfsuite"
    bogus.write_bytes(b"not a model at all" * 4)
    with pytest.raises(ValueError, match="not a CRFsuite model"):
        read_weights(bogus)
