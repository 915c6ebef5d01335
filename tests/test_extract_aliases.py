"""The shipped alias table: well-formed, and the spelling variants the analyzer needs."""

from __future__ import annotations

from search.text.names import (
    ACTOR_TYPES,
    adjective_forms,
    load_alias_table,
    token_spelling_variants,
)


def test_table_has_a_version_and_a_few_hundred_entries() -> None:
    version, entries = load_alias_table()
    assert version
    assert len([e for e in entries if e.type in ACTOR_TYPES]) >= 300


def test_every_entry_has_a_known_type_and_unique_canonical_name() -> None:
    entries = load_alias_table()[1]
    assert {e.type for e in entries} <= ACTOR_TYPES | {"place", "term"}
    names = [(e.canonical, e.type) for e in entries]
    assert len(names) == len(set(names))


def test_seed_spelling_variants_map_to_canonical_words() -> None:
    variants = token_spelling_variants()
    assert variants["بينج"] == "بينغ"
    assert variants["شانغهاي"] == "شنغهاي"


def test_synonyms_and_inflections_are_not_spelling_variants() -> None:
    variants = token_spelling_variants()
    assert "الاممي" not in variants  # مجلس الأمن الأممي / الدولي: synonyms
    assert "الشمالي" not in variants  # الكوري الشمالي / كوريا الشمالية: gender


def test_no_canonical_word_is_rewritten() -> None:
    variants = token_spelling_variants()
    assert "بينغ" not in variants and "شنغهاي" not in variants


def test_adjective_forms_cover_gender_number_and_article() -> None:
    forms = adjective_forms("صيني")
    assert {"الصيني", "الصينية", "صينيون", "الصينيين"} <= set(forms)
