"""The Solr engine scores a long query's other inflections as the Whoosh engine does:
optional clauses beside what must match, never for a short query, a phrase or a prefix."""

from __future__ import annotations

from search.engine.solr.fields import ANALYSES
from search.engine.solr.translate import MAX_EXPANSIONS, translate
from search.request.plan import build_plan
from search.request.syntax import parse_query
from search.store.expansions import root_key
from search.text.analyzers import analyze_word

BAHTH = ANALYSES["bahth"]
STEM = analyze_word("يلعبون")[1] or ""
INFLECTIONS = {root_key(STEM): [STEM, "لعب", "لعبت", *(f"لعب{i}" for i in range(10))]}


def query(text: str) -> str:
    return translate(build_plan(parse_query(text)), BAHTH, inflections=INFLECTIONS).q


def test_a_long_query_scores_the_other_inflections_of_its_words_without_matching_them() -> None:
    q = query("متى كان أعضاء الفريق يلعبون في المدينة الكبيرة")
    assert 'body_s_pre:"لعب"^0.5' in q and 'body_s_pre:"لعبت"^0.5' in q
    assert f'body_s_pre:"{STEM}"^0.5' not in q  # the word itself scores as usual
    assert q.count("^0.5") == MAX_EXPANSIONS
    assert q.startswith("+")  # what must match is unchanged; the inflections only add score


def test_a_short_query_a_phrase_and_a_prefix_get_no_inflections() -> None:
    assert "^0.5" not in query("يلعبون الكرة")
    assert "^0.5" not in query('"يلعبون في" المدينة الكبيرة اليوم مساء')
    assert "^0.5" not in query("يلعب* المدينة الكبيرة اليوم مساء")
