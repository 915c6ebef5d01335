"""A CRFsuite model's weights as arrays: attribute ids, labels, state and transition weights.

The fast tagger (:mod:`.scores`, :mod:`.decode`) computes what CRFsuite
computes, so it needs the model's numbers, not only its answers. They are
read straight from the file rather than from ``Tagger.info()``, which dumps
the whole model as text to a temporary file in every process that loads it.

Layout of a CRFsuite 1d model (``crf1dmodel.c``): a 48-byte header (``lCRF``,
sizes, and the offsets of the chunks), a ``FEAT`` chunk of 20-byte features
``(type, src, dst, weight)`` where type 0 is a state feature (attribute
``src``, label ``dst``) and type 1 a transition (label ``src`` to ``dst``),
and two CQDB string stores, labels and attributes, whose backward arrays
point at ``(id, size, key)`` records.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _strings(data: bytes, base: int, what: str) -> dict[str, int]:
    """The ``string → id`` records of the CQDB store at ``base``."""
    if data[base : base + 4] != b"CQDB":
        raise ValueError(f"no {what} store")
    size, offset = struct.unpack_from("<II", data, base + 16)  # backward array
    found: dict[str, int] = {}
    for record in struct.unpack_from(f"<{size}I", data, base + offset):
        if record:
            ident, length = struct.unpack_from("<II", data, base + record)
            start = base + record + 8
            found[data[start : start + length - 1].decode("utf-8")] = ident  # NUL-terminated
    return found


@dataclass(frozen=True)
class ModelWeights:
    """``labels`` in id order, ``attributes`` string → row of ``state`` (attributes ×
    labels), and ``transitions`` (previous label × label)."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray


def read_weights(model: Path) -> ModelWeights:
    """Every weight of a CRFsuite model file (a clear error if it is not one)."""
    data = model.read_bytes()
    if data[:4] != b"lCRF" or len(data) < 48:
        raise ValueError(f"{model}: not a CRFsuite model")
    num_labels, num_attrs, off_features, off_labels, off_attrs = struct.unpack_from("<5I", data, 20)
    if data[off_features : off_features + 4] != b"FEAT":
        raise ValueError(f"{model}: no feature chunk")
    (count,) = struct.unpack_from("<I", data, off_features + 8)
    features = np.frombuffer(data, _FEATURE, count=count, offset=off_features + 12)
    by_id = _strings(data, off_labels, "label")
    labels = tuple(sorted(by_id, key=by_id.__getitem__))
    if len(labels) != num_labels:
        raise ValueError(f"{model}: {len(labels)} labels, header says {num_labels}")
    state = np.zeros((num_attrs, num_labels))
    transitions = np.zeros((num_labels, num_labels))
    kept = features[features["type"] == 0]
    np.add.at(state, (kept["src"], kept["dst"]), kept["weight"])
    moves = features[features["type"] == 1]
    np.add.at(transitions, (moves["src"], moves["dst"]), moves["weight"])
    return ModelWeights(labels, _strings(data, off_attrs, "attribute"), state, transitions)
