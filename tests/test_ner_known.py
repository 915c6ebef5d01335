"""The tagger's feature path leaves out only what the model cannot use.

:class:`~search.ingest.extract.ner.known.KnownFeatures` must give the CRF the
same items as the training features minus the attributes the model has no
weight for (so labels and marginals are unchanged), and the names table's
phrase search skips only look-ups that could not succeed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pycrfsuite", reason="python-crfsuite is a dependency of the name tagger")

from search.ingest.extract.ner.features import sentence_features  # noqa: E402
from search.ingest.extract.ner.gazetteer import Gazetteer, gazetteer  # noqa: E402
from search.ingest.extract.ner.known import (  # noqa: E402
    KnownFeatures,
    model_attributes,
    pair_features,
)
from search.ingest.extract.ner.tagger import MODEL_PATH, load_tagger  # noqa: E402
from search.ingest.extract.ner.tokens import sentences, tokenize  # noqa: E402

TEXTS = [
    "قال الرئيس الفرنسي إيمانويل ماكرون إن باريس ستستضيف قمة أوروبية الشهر المقبل.",
    "وقالت منظمة الصحة العالمية إن عدد الإصابات في اليمن ارتفع، وأكد الأمين العام للأمم "
    "المتحدة أنطونيو غوتيريش أن مجلس الأمن الدولي سيجتمع.",
    "التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان (رويترز).",
]
_WORDS = st.sampled_from(
    [
        "الرئيس", "الأمريكي", "جو", "بايدن", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف",
        "منظمة", "الصحة", "العالمية", "الأمم", "المتحدة", "للأمم", "وبوتين", "فلاديمير",
        "بوتين", "مجلس", "الأمن", "الدولي", "في", "قال", "إن", "الصين", "وروسيا", "،", ".",
        "(", ")", "الرياض", "السعودية", "ولي", "العهد", "محمد", "بن", "سلمان",
    ]
)  # fmt: skip


def _known_only(tokens: list, known: frozenset[str]) -> list[list[str]]:
    return [[a for a in item if a in known] for item in sentence_features(tokens)]


def test_the_tagger_sees_the_training_features_minus_those_the_model_has_no_weight_for() -> None:
    features = load_tagger().features
    for text in TEXTS:
        tokens = tokenize(text)
        for start, end in sentences(tokens):
            part = tokens[start:end]
            assert features.sentence_items(part) == _known_only(part, features.attributes)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_any_word_sequence_gets_the_same_known_features_as_the_full_path(words: list[str]) -> None:
    features = load_tagger().features
    tokens = tokenize(" ".join(words))
    assert features.sentence_items(tokens) == _known_only(tokens, features.attributes)


def test_every_listed_pair_has_a_feature_the_model_weighs_and_a_sentence_gets_it() -> None:
    features = load_tagger().features
    keys = [k for k in MODEL_PATH.with_suffix(".pairs").read_text("utf-8").split("\n") if k]
    assert keys
    assert all(any(f in features.attributes for f in pair_features(k)) for k in keys)
    left, right = next(k.split("|") for k in keys if pair_features(k)[0] in features.attributes)
    tokens = tokenize(f"{left} {right}")
    if [t.norm for t in tokens] == [left, right]:  # the pair reads back as the same two words
        assert pair_features(f"{left}|{right}")[0] in features.sentence_items(tokens)[1]


def test_a_model_without_its_pair_list_is_refused_rather_than_tagged_without_pairs(
    tmp_path: Path,
) -> None:
    model = tmp_path / "model.crfsuite"
    model.write_bytes(MODEL_PATH.read_bytes())
    with pytest.raises(FileNotFoundError):
        KnownFeatures.for_model(model)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30))
def test_the_phrase_search_finds_what_trying_every_length_finds(words: list[str]) -> None:
    table = gazetteer()
    norms = [t.norm for t in tokenize(" ".join(words))]
    quick = table.matches(norms)
    everything = Gazetteer.reach
    try:
        Gazetteer.reach = lambda self, norm: self.longest  # type: ignore[method-assign]
        slow = table.matches(norms)
    finally:
        Gazetteer.reach = everything  # type: ignore[method-assign]
    assert quick == slow


def test_the_attributes_read_from_the_model_file_are_those_crfsuite_dumps(tmp_path: Path) -> None:
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(MODEL_PATH))
    dump = tmp_path / "dump.txt"
    crf.dump(str(dump))
    text = dump.read_text("utf-8")
    section = text[text.index("ATTRIBUTES = {") : text.index("}", text.index("ATTRIBUTES = {"))]
    dumped = {line.split(": ", 1)[1] for line in section.splitlines()[1:] if ": " in line}
    assert model_attributes(MODEL_PATH) == dumped


def test_people_name_words_are_read_as_frequency_buckets_and_bad_lines_named(
    tmp_path: Path,
) -> None:
    from search.ingest.extract.ner.person_words import bucket, person_words, read_counts

    data = tmp_path / "names.tsv"
    data.write_text("macron\tم ا ك ر و ن\t3\nmacron\tم ا ك ر و ن\t9\n", "utf-8")
    assert read_counts(data) == {"ماكرون": 12}
    assert [bucket(n) for n in (1, 9, 10)] == ["1", "2-9", "10+"]
    assert person_words().get("سميث") == "10+"
    data.write_text("macron\tم ا ك ر و ن\n", "utf-8")
    with pytest.raises(ValueError, match="names.tsv:1"):
        read_counts(data)
