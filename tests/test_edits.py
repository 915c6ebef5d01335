"""Respelling counts edits the same way on every engine: a swap of neighbours is one."""

from __future__ import annotations

from search.text.edits import edit_distance


def test_a_changed_added_or_dropped_letter_is_one_edit() -> None:
    assert edit_distance("النفظ", "النفط", 2) == 1
    assert edit_distance("الكويت", "الكوت", 2) == 1
    assert edit_distance("موسكو", "موسكوو", 2) == 1


def test_two_neighbours_swapped_are_one_edit() -> None:
    assert edit_distance("ايرنا", "ايران", 2) == 1


def test_a_distance_past_the_limit_is_reported_as_limit_plus_one() -> None:
    assert edit_distance("الكويت", "روسيا", 2) == 3
    assert edit_distance("ab", "abcdef", 1) == 2
    assert edit_distance("same", "same", 0) == 0
