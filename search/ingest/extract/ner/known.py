"""The tagger's feature path: only the attributes the trained model has a weight for.

CRFsuite ignores an attribute its model does not know, but only after it has
converted the string and looked it up: on ANT, 30% of a token's attributes
are unknown, and most of the cost of :func:`~.features.sentence_features` was
hashing word pairs (``n-1|n=…``) that no training sentence held (millions of
distinct pairs in a corpus, a few thousand known). :class:`KnownFeatures`
builds the same CRF items as :func:`~.features.sentence_features` with every
unknown attribute left out, in the same order, so the tagger's labels and
marginals are exactly those of the full items (a test checks it):

* a word's own features and its neighbours' views of it are filtered once per
  distinct word, when the word is first seen (the model's attributes are read
  from its file at load);
* a word pair gets a feature only if it is in the model's pair list
  (``model.pairs``, written beside the model by ``train.py`` from the
  training sentences: the pairs whose hashed feature the model kept), so an
  unknown pair costs one dictionary look-up and no hash.

Training still uses :func:`~.features.sentence_features` (all attributes).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from pathlib import Path

from search.ingest.extract.ner import features as full
from search.ingest.extract.ner.features import WordView, hashed
from search.ingest.extract.ner.tokens import Token

#: A pair's two features: the right word's (``n-1|n=``) and the left word's (``n|n+1=``),
#: each None when the model has no weight for it.
PairFeatures = tuple[str | None, str | None]


def pairs_path(model: Path) -> Path:
    """Where the pair list of ``model`` is kept: beside it, ``.pairs`` for ``.crfsuite``."""
    return model.with_suffix(".pairs")


def model_attributes(model: Path) -> frozenset[str]:
    """Every attribute ``model`` has a weight for, read from the file's attribute store.

    A CRFsuite model (``lCRF`` header) keeps its attributes in a CQDB chunk whose
    backward array points at each ``(id, size, key)`` record. Read here rather than from
    ``Tagger.dump``: a dump writes megabytes to a temporary file in every process that
    loads the tagger, which fails where files are limited (a full disk, a file-size limit).
    """
    data = model.read_bytes()
    if data[:4] != b"lCRF":
        raise ValueError(f"{model}: not a CRFsuite model")
    (base,) = struct.unpack_from("<I", data, 36)  # off_attrs
    if data[base : base + 4] != b"CQDB":
        raise ValueError(f"{model}: no attribute store")
    size, offset = struct.unpack_from("<II", data, base + 16)  # backward array
    found: list[str] = []
    for record in struct.unpack_from(f"<{size}I", data, base + offset):
        if record:
            (length,) = struct.unpack_from("<I", data, base + record + 4)
            start = base + record + 8
            found.append(data[start : start + length - 1].decode("utf-8"))  # NUL-terminated
    return frozenset(found)


def pair_features(key: str) -> tuple[str, str]:
    """The hashed features of the pair ``left|right``: the right word's, the left word's."""
    return hashed("n-1|n=" + key), hashed("n|n+1=" + key)


def known_pairs(norm_sentences: Iterable[Sequence[str]], attributes: frozenset[str]) -> list[str]:
    """The ``left|right`` keys of adjacent normalised words whose feature the model kept."""
    found: set[str] = set()
    for norms in norm_sentences:
        for left, right in zip(norms, norms[1:], strict=False):
            key = left + "|" + right
            if key not in found and any(f in attributes for f in pair_features(key)):
                found.add(key)
    return sorted(found)


def write_pairs(path: Path, keys: Iterable[str]) -> None:
    """One ``left|right`` key a line (normalised words hold no ``|`` or line break)."""
    path.write_text("".join(k + "\n" for k in keys), "utf-8")


def filtered_view(view: WordView, attributes: frozenset[str] | dict[str, int]) -> WordView:
    """``view`` without the attributes the model has no weight for."""
    known = attributes.__contains__
    parts = [tuple(filter(known, part)) for part in view[:5]]
    return (parts[0], parts[1], parts[2], parts[3], parts[4], view[5])


class KnownFeatures:
    """CRF items of sentences for one model, unknown attributes left out (module doc)."""

    def __init__(self, attributes: frozenset[str], pair_keys: Iterable[str]) -> None:
        self.attributes = attributes
        self.pairs: dict[str, PairFeatures] = {}
        for key in pair_keys:
            right, left = pair_features(key)
            self.pairs[key] = (right if right in attributes else None,
                                left if left in attributes else None)  # fmt: skip
        self._pad = filtered_view(full._PAD, attributes)
        self._phrase = {tag: h for tag, h in full._PHRASE.items() if h in attributes}
        self._words: dict[str, WordView] = {}

    @classmethod
    def for_model(cls, model: Path) -> KnownFeatures:
        """The feature path of ``model``; without its pair list, no pair feature at all
        would be used, so a missing list is an error, not a silent loss."""
        return cls(model_attributes(model), cls.pair_keys(model))

    @staticmethod
    def pair_keys(model: Path) -> list[str]:
        """The pair list beside ``model`` (a missing list is an error)."""
        keys = pairs_path(model).read_text("utf-8").split("\n")
        return [k for k in keys if k]

    def word_view(self, text: str, norm: str) -> WordView:
        """:func:`~.features.word_features` of one word, filtered (memoised by its text)."""
        view = self._words.get(text)
        if view is None:
            view = filtered_view(full._word_features(text, norm), self.attributes)
            if len(self._words) >= full.WORD_CACHE:
                self._words.clear()
            self._words[text] = view
        return view

    def sentence_items(self, tokens: Sequence[Token]) -> list[list[str]]:
        """:func:`~.features.sentence_features` of one sentence without unknown attributes."""
        pad = self._pad
        word_view = self.word_view
        cached = [pad, pad, *[word_view(t.text, t.norm) for t in tokens], pad, pad]
        norms = [t.norm for t in tokens]
        none: PairFeatures = (None, None)
        get = self.pairs.get
        pairs = [get(a + "|" + b, none) for a, b in zip(norms, norms[1:], strict=False)]
        return full.window_items(cached, pairs, self._phrase_tags(norms, cached))

    def _phrase_tags(self, norms: Sequence[str], cached: Sequence[WordView]) -> dict[int, str]:
        in_table = [view[5] for view in cached[2:-2]]
        if not any(in_table):
            return {}
        tags = full._phrase_tags(norms, in_table)
        known = set(self._phrase.values())
        return {index: tag for index, tag in tags.items() if tag in known}
