"""Reading corpora: ``.txt`` files, ``.jsonl``/``.jsonl.gz`` files and folders of them.

Reading is split in two so that the expensive half can run on both cores:
:func:`iter_raw_records` walks the files in a stable order and yields
:class:`RawRecord` objects (cheap, sequential, where every input error is
found and located by file and line); :func:`search.ingest.articles.prepare_article` turns one raw
record into an :class:`Article` (cleaning and extraction, CPU-bound, pure, so
it runs in worker processes).

Bad input never disappears: it raises :class:`CorpusError` naming the file and
line, or, with ``skip_invalid``, is recorded in :class:`CorpusReport`. An
article longer than :data:`~search.config.MAX_ARTICLE_CHARS` is such bad input
(:func:`search.ingest.limits.within_limit`, applied when indexing):
a body that size is a dump rather than an article, and refusing it by name
(rather than cutting it) keeps ingest bounded without losing text silently.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import reprlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.errors import CorpusError
from search.ingest.entries import unreadable

#: Our record keys; ``--field TARGET=SOURCE`` maps foreign JSONL keys onto them.
#: ``source_name`` is the name a reader sees for the record's ``source`` (a newsroom's own
#: outlet codes: ``{"source": "qds", "source_name": "القدس العربي"}``); see query/labels.py.
TARGET_FIELDS = ("id", "title", "body", "source", "source_name", "published", "url", "actors")
MANIFEST_NAME = "manifest.jsonl"
CORPUS_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
TITLE_MAX_CHARS = 160


@dataclass
class RawRecord:
    """One article as read, before cleaning: fields in our names."""

    fields: dict[str, Any]
    path: str
    line: int
    from_text_file: bool = False
    manifest: dict[str, Any] = field(default_factory=dict)


@dataclass
class CorpusReport:
    """What a read saw: records, skipped lines (with reasons), ignored files."""

    records: int = 0
    skipped: list[CorpusError] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)


def parse_field_map(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Parse ``TARGET=SOURCE`` options into ``{target: source}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        target, sep, source = pair.partition("=")
        target, source = target.strip(), source.strip()
        if not sep or not target or not source:
            raise ValueError(f"--field takes TARGET=SOURCE, got {pair!r}")
        if target not in TARGET_FIELDS:
            raise ValueError(f"--field target {target!r} is not one of {', '.join(TARGET_FIELDS)}")
        mapping[target] = source
    return mapping


def corpus_files(root: Path) -> list[Path]:
    """Corpus files under ``root`` (or ``root`` itself), in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        why = "not a regular file or folder" if root.exists() else "no such file or folder"
        raise CorpusError(str(root), None, why)
    found = [
        p
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME and p.name.endswith(CORPUS_SUFFIXES)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def count_records(root: Path) -> int:
    """How many records a corpus holds, roughly (for a progress bar's total).

    A text file is one record; a JSONL file has one per non-empty line. Bad
    lines are counted too: this is a cheap pass, not a validation.
    """
    try:
        files = corpus_files(root)
    except CorpusError:
        return 0
    total = 0
    for path in files:
        if path.name.endswith(".txt"):
            total += 1
            continue
        opener = gzip.open if path.name.endswith(".gz") else open
        try:
            with opener(path, "rb") as handle:
                total += sum(1 for raw in handle if raw.strip())
        except (OSError, EOFError):
            continue
    return total


def ignored_files(root: Path) -> list[str]:
    """Entries in a corpus folder that are not articles (reported, not read).

    Besides non-article files these are the entries no read could use: a FIFO
    (opening it would block the build forever), a socket or device, a symlink
    loop or a broken symlink, and a symlink to a folder (not followed, so a
    loop cannot make the walk endless). Each of those is named with why.
    """
    if not root.is_dir():
        return []
    found: list[str] = []
    for path in root.rglob("*"):
        if path.name.startswith("."):
            continue
        special = path.is_symlink() or not (path.is_file() or path.is_dir())
        if special and (why := unreadable(path)):
            found.append(f"{path} ({why})")
        elif path.is_file() and not path.name.endswith((MANIFEST_NAME, *CORPUS_SUFFIXES)):
            found.append(str(path))
    return sorted(found)


def load_manifest(path: Path | None) -> dict[str, dict[str, Any]]:
    """Manifest records keyed by ``file`` (relative path) and by ``id``."""
    if path is None or not path.is_file():
        return {}
    manifest: dict[str, dict[str, Any]] = {}
    for line_no, line in _jsonl_lines(path):
        if isinstance(line, CorpusError):
            raise line
        if not line.strip():
            continue
        record = _parse_json_line(path, line_no, line)
        keys = [record.get("file"), record.get("id")]
        if not any(keys):
            raise CorpusError(str(path), line_no, "manifest record names neither file nor id")
        for key in keys:
            if key:
                manifest[str(key)] = record
    return manifest


def iter_raw_records(
    root: Path,
    field_map: Mapping[str, str] | None = None,
    manifest_path: Path | None = None,
    skip_invalid: bool = False,
    report: CorpusReport | None = None,
) -> Iterator[RawRecord]:
    """Yield raw records from a file or folder; every error names file and line.

    Without ``skip_invalid`` the first error stops the read; with it, every
    bad line or file is recorded in ``report.skipped`` and reading goes on.
    """
    report = report if report is not None else CorpusReport()
    field_map = dict(field_map or {})
    if manifest_path is None and root.is_dir():
        manifest_path = root / MANIFEST_NAME
    manifest = load_manifest(manifest_path)
    report.ignored_files.extend(ignored_files(root))
    seen: dict[str, str] = {}
    base = root if root.is_dir() else root.parent
    for path in corpus_files(root):
        try:
            for item in _records_of_file(path, base, field_map, manifest):
                if isinstance(item, RawRecord):
                    item = _check_record(item, seen)
                if isinstance(item, CorpusError):
                    if not skip_invalid:
                        raise item
                    report.skipped.append(item)
                    continue
                report.records += 1
                yield item
        except CorpusError as error:
            if not skip_invalid:
                raise
            report.skipped.append(error)


def parse_published(value: Any, path: str, line: int) -> dt.date:
    """Accept ISO 8601 dates and date-times (with offsets); keep the stated day."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    shown = reprlib.repr(value)  # a 10 MB value must not make a 10 MB message
    raise CorpusError(path, line, f"published {shown} is not an ISO 8601 date")


def _check_record(record: RawRecord, seen: dict[str, str]) -> RawRecord | CorpusError:
    """Every check that can fail, done here in the reading process.

    Workers must never meet a bad value: an error raised there would stop the
    whole build even under ``--skip-invalid``, without naming the line.
    """
    ident = record.fields.get("id")
    if ident in (None, ""):
        return CorpusError(record.path, record.line, "record has no id")
    for given in (record.fields, record.manifest):
        if given.get("published") not in (None, ""):
            try:
                parse_published(given["published"], record.path, record.line)
            except CorpusError as error:
                return error
        name = given.get("source_name")
        if name is not None and not isinstance(name, str):
            shown = reprlib.repr(name)
            return CorpusError(record.path, record.line, f"source_name {shown} is not a string")
    body = record.fields.get("body")
    if not isinstance(body, str) or not body.strip():
        return CorpusError(record.path, record.line, f"record {ident!r} has no body")
    key = str(ident)
    if key in (".", ".."):  # a path step in any URL, even percent-encoded (web/doc_ids.py)
        return CorpusError(record.path, record.line, f"id {key!r} cannot be a link: use another")
    if key in seen:
        return CorpusError(record.path, record.line, f"duplicate id {key!r} (first at {seen[key]})")
    seen[key] = f"{record.path}:{record.line}"
    return record


def _records_of_file(
    path: Path,
    base: Path,
    field_map: Mapping[str, str],
    manifest: Mapping[str, dict[str, Any]],
) -> Iterator[RawRecord | CorpusError]:
    """Records of one file; a bad line is yielded as its error, in place."""
    relative = path.relative_to(base).as_posix()
    if path.name.endswith(".txt"):
        text = _read_utf8(path)
        meta = manifest.get(relative) or manifest.get(path.stem) or {}
        ident = str(meta.get("id") or path.stem)
        fields = {"id": ident, "body": text}
        yield RawRecord(fields, str(path), 1, from_text_file=True, manifest=meta)
        return
    for line_no, line in _jsonl_lines(path):
        if isinstance(line, CorpusError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            obj = _parse_json_line(path, line_no, line)
        except CorpusError as error:
            yield error
            continue
        fields = {target: obj.get(field_map.get(target, target)) for target in TARGET_FIELDS}
        fields = {k: v for k, v in fields.items() if v is not None}
        if "id" in fields:
            ident = fields["id"]
            if isinstance(ident, bool) or not isinstance(ident, str | int):
                shown = reprlib.repr(ident)
                yield CorpusError(str(path), line_no, f"id {shown} is not a string or an integer")
                continue
            fields["id"] = str(ident)
        meta = manifest.get(str(fields.get("id", ""))) or {}
        yield RawRecord(fields, str(path), line_no, manifest=meta)


def _read_utf8(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorpusError(str(path), line, f"not UTF-8 (byte {error.start})") from None


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | CorpusError]]:
    """Lines of a (gzipped) JSONL file; a line that is not UTF-8 comes as its error."""
    opener = gzip.open if path.name.endswith(".gz") else open
    line_no = 0
    try:
        with opener(path, "rb") as handle:
            for line_no, raw in enumerate(handle, start=1):
                try:
                    yield line_no, raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield line_no, CorpusError(str(path), line_no, "not UTF-8")
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        # A truncated .gz breaks after the lines already read: name the first unread one.
        where = line_no + 1 if line_no else None
        raise CorpusError(str(path), where, f"cannot read file: {error}") from None


def _parse_json_line(path: Path, line_no: int, line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(str(path), line_no, f"malformed JSON: {error.msg}") from None
    except RecursionError:
        raise CorpusError(str(path), line_no, "JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise CorpusError(str(path), line_no, "a line must hold one JSON object")
    if ("\\ud" in line or "\\uD" in line) and _has_lone_surrogate(obj):
        # Valid JSON, but not Unicode text: it would fail later, in the index writer.
        raise CorpusError(str(path), line_no, "a \\u escape makes a lone surrogate (not text)")
    return obj


def _has_lone_surrogate(obj: Any) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):
        return True
    return False
