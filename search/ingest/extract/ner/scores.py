"""State scores of an article's tokens from a cache of per-word label-score vectors.

A token's state score for a label is the sum of the model's weights for the
label over the token's attributes (:mod:`.known`). Nearly all of them depend
on one word alone: its own features, and what its neighbours at -2, -1, +1,
+2 see of it (:func:`~.features.word_features`). So each distinct word is
turned once into five vectors of label scores, one per window offset (the
weights of those attributes summed), and kept in a table; an article's
scores are then one gather from the table and four shifted sums. What
depends on two words, a known word pair (``model.pairs``) and a names-table
phrase, is added from a second, small table of vectors.

Sentences are laid end to end with two pad words between them (the pad's
only scores are the ``BOS``/``EOS`` attributes of the first and last
token), so the shifted sums never reach across a sentence.

The word table is per process and bounded (:data:`WORDS` words, 45 floats
each: 54 MB; the old per-word feature memo took ~150 MB for 60,000); when an article might overflow
it, it is emptied first. A word seen for the first time is the tagger's main cost in a
build worker (each starts empty): its readable features are made once
(:func:`~.features.own_features`), and each is looked up in a memo of per-feature rows
(the feature's weights already placed at each offset, found by its hash in a table
built at load), so a new word is ~30 dictionary hits and one summed gather per article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import blake2b

import numpy as np

from search.ingest.extract.ner import features as full
from search.ingest.extract.ner.known import KnownFeatures
from search.ingest.extract.ner.tokens import Token
from search.ingest.extract.ner.weights import ModelWeights

#: Parts of a word's view in :data:`~.features.WordView` order: own, seen from +2 (``L2``),
#: from +1 (``L1``), from -1 (``R1``), from -2 (``R2``).
_PARTS = 5
#: Hex digits of a hashed feature (:func:`~.features.hashed`), and the offset marks of
#: :func:`~.features.word_features` by part; the parts a feature counts in, by its kind.
_DIGEST = 10
_MARKS = {"L2": 1, "L1": 2, "R1": 3, "R2": 4}
_OWN, _NEAR, _FAR = frozenset({0}), frozenset({0, 2, 3}), frozenset({0, 1, 2, 3, 4})
#: Words the table keeps before it is emptied.
WORDS = 150_000


class StateScores:
    """Per-word score vectors for one model, and an article's token scores from them."""

    def __init__(
        self, weights: ModelWeights, features: KnownFeatures, capacity: int = WORDS
    ) -> None:
        self._weights = weights
        self._attributes = weights.attributes
        self._capacity = capacity
        self._table = np.zeros((capacity + 1, _PARTS, len(weights.labels)))
        pad = full._PAD
        self._table[0] = [self._vector(part) for part in pad[:_PARTS]]
        self._rows: dict[str, int] = {}
        self._in_table: list[bool] = [False]
        extra = [np.zeros(len(weights.labels))]
        self._pairs: dict[str, tuple[int, int]] = {}
        for key, (right, left) in features.pairs.items():
            slots = []
            for attribute in (right, left):
                slots.append(len(extra) if attribute is not None else 0)
                if attribute is not None:
                    extra.append(self._vector([attribute]))
            self._pairs[key] = (slots[0], slots[1])
        self._phrases: dict[str, int] = {}
        for tag in full._PHRASE.values():
            if tag in self._attributes:
                self._phrases[tag] = len(extra)
                extra.append(self._vector([tag]))
        self._extra = np.array(extra)
        self._features = features
        #: per-feature vectors (:meth:`_feature_row`), flattened parts × labels; row 0 zeros
        self._vectors = np.zeros((4096, _PARTS * len(weights.labels)))
        self._vector_count = 1
        self._feature_rows: dict[str, int] = {}
        #: a feature's hash → ``(part, attribute id)`` of every attribute built on it
        self._by_digest: dict[str, list[tuple[int, int]]] = {}
        for name, ident in self._attributes.items():
            size = len(name)
            part = 0 if size == _DIGEST else _MARKS.get(name[:2], -1) if size == _DIGEST + 2 else -1
            if part >= 0:
                self._by_digest.setdefault(name[-_DIGEST:], []).append((part, ident))
        self._pending: list[int] = []
        self._offsets: list[int] = []
        self._new: list[int] = []

    def _vector(self, attributes: Iterable[str]) -> np.ndarray:
        known = self._attributes
        ids = [known[a] for a in attributes if a in known]
        return self._weights.state[ids].sum(0)

    def clear(self, features: bool = False) -> None:
        """Forget every word's vectors (the table is reused), and with ``features`` where
        each feature counts too (a bench starting cold)."""
        self._rows.clear()
        del self._in_table[1:]
        if features:
            self._feature_rows.clear()
            self._vector_count = 1

    def _make_room(self, words: int) -> None:
        """Empty the table if ``words`` new words might not fit; an article longer than
        the whole table gets a table of its own size, for itself only."""
        if len(self._feature_rows) >= full.HASH_CACHE:  # rows are made again on demand
            self._feature_rows.clear()
            self._vector_count = 1
        rows = max(self._capacity, words) + 1
        if len(self._in_table) + words > len(self._table) or len(self._table) > rows:
            self.clear()
            if rows != len(self._table):
                pad = self._table[0].copy()
                self._table = np.zeros((rows, *pad.shape))
                self._table[0] = pad

    def __len__(self) -> int:
        return len(self._rows)

    def _add(self, token: Token) -> int:
        """A row for a new word; its feature rows wait in ``_pending`` for :meth:`_flush`
        (one numpy call for all the words an article brings, not a few per word).

        Each readable feature (:func:`~.features.own_features`) is looked up once in a
        table of per-feature vectors (:meth:`_feature_row`: the weights of its attribute
        at each window offset, already placed), so a word is a list of row numbers; a
        feature the model has no weight for is left out (it would add zeros). Most of a
        new word's features (affixes, shape, lists) were seen with other words, so only
        its own spellings are hashed. The same sums as :func:`~.features.word_features`'
        attributes, added in the same order.
        """
        rows = self._feature_rows
        get = rows.get
        pending = self._pending
        self._offsets.append(len(pending))
        pending.append(0)  # the zero row: no word is empty (reduceat needs that)
        in_table = False
        for kind, feature in full.own_features(token.text, token.norm):
            row = get(feature)
            if row is None:
                row = self._feature_row(kind, feature)
            if row:
                pending.append(row)
            if kind == "g":
                in_table = True
        row = len(self._in_table)
        self._in_table.append(in_table)
        self._rows[token.text] = row
        self._new.append(row)
        return row

    def _feature_row(self, kind: str, feature: str) -> int:
        """The row of :attr:`_vectors` holding one readable feature's weights where it
        counts: its hash as the word's own attribute (part 0), and behind the offset
        marks where its kind is seen from neighbours; 0 if the model knows none of them
        (memoised; bounded: :meth:`_make_room` empties it between articles)."""
        digest = blake2b(feature.encode("utf-8"), digest_size=5).hexdigest()  # full.hashed
        found = self._by_digest.get(digest, ())
        parts = _OWN if kind not in full.NEAR else _NEAR if kind not in full.FAR else _FAR
        placed = [(part, ident) for part, ident in found if part in parts]
        rows = self._feature_rows
        if not placed:
            rows[feature] = 0
            return 0
        if self._vector_count == len(self._vectors):
            self._vectors = np.vstack([self._vectors, np.zeros_like(self._vectors)])
        row = self._vector_count
        self._vector_count += 1
        vector = self._vectors[row].reshape(_PARTS, -1)
        vector[:] = 0.0
        for part, ident in placed:
            vector[part] = self._weights.state[ident]
        rows[feature] = row
        return row

    def _flush(self) -> None:
        """Write the vectors of the words added since the last flush into the table."""
        if self._new:
            sums = np.add.reduceat(self._vectors[self._pending], self._offsets)
            self._table[self._new] = sums.reshape(len(self._new), _PARTS, -1)
            self._pending.clear()
            self._offsets.clear()
            self._new.clear()

    def emissions(
        self, tokens: Sequence[Token], ranges: Sequence[tuple[int, int]]
    ) -> tuple[np.ndarray, list[int]]:
        """State scores (tokens × labels) of the sentences ``ranges`` of ``tokens``, laid
        one after the other, and each sentence's length."""
        self._make_room(len(tokens))
        get = self._rows.get
        add = self._add
        in_table = self._in_table
        pairs = self._pairs.get
        sequence = [0, 0]
        positions: list[int] = []
        lengths: list[int] = []
        right_at: list[int] = []
        right_row: list[int] = []
        left_at: list[int] = []
        left_row: list[int] = []
        phrase_at: list[int] = []
        phrase_row: list[int] = []
        for first, last in ranges:
            part = tokens[first:last]
            base = len(sequence)
            rows = [get(t.text) or add(t) for t in part]
            sequence.extend(rows)
            sequence += (0, 0)
            positions.extend(range(base, base + len(rows)))
            lengths.append(len(rows))
            norms = [t.norm for t in part]
            for index, (a, b) in enumerate(zip(norms, norms[1:], strict=False)):
                slots = pairs(a + "|" + b)
                if slots is not None:
                    if slots[0]:
                        right_at.append(base + index + 1)
                        right_row.append(slots[0])
                    if slots[1]:
                        left_at.append(base + index)
                        left_row.append(slots[1])
            flags = [in_table[r] for r in rows]
            if any(flags):
                for index, tag in full._phrase_tags(norms, flags).items():
                    slot = self._phrases.get(tag)
                    if slot is not None:
                        phrase_at.append(base + index)
                        phrase_row.append(slot)
        self._flush()
        views = self._table[sequence]
        scores = views[:, 0].copy()
        scores[2:] += views[:-2, 1]
        scores[1:] += views[:-1, 2]
        scores[:-1] += views[1:, 3]
        scores[:-2] += views[2:, 4]
        for at, row in ((right_at, right_row), (left_at, left_row), (phrase_at, phrase_row)):
            if at:
                scores[at] += self._extra[row]
        return scores[positions], lengths
