"""Rank metrics and the Lucene-style baseline of the relevance bench.

Every expected number below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str):
    """Import a bench module from its file: ``bench/`` is scripts, not a package."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


metrics = _load("metrics")
lucene = _load("lucene_arabic")


# --- MRR ----------------------------------------------------------------------


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_hit():
    assert metrics.mrr_at_k(["a", "b", "c"], {"c"}) == pytest.approx(1 / 3)


def test_reciprocal_rank_counts_only_the_first_of_several_relevant_hits():
    assert metrics.mrr_at_k(["a", "b", "c"], {"b", "c"}) == pytest.approx(1 / 2)


def test_reciprocal_rank_is_zero_when_the_relevant_hit_falls_below_the_cut():
    ranked = [f"d{i}" for i in range(12)]
    assert metrics.mrr_at_k(ranked, {"d10"}, k=10) == 0.0
    assert metrics.mrr_at_k(ranked, {"d9"}, k=10) == pytest.approx(0.1)


# --- nDCG ---------------------------------------------------------------------


def test_ndcg_of_a_single_relevant_hit_at_rank_two_is_one_over_log2_of_three():
    # DCG = 1/log2(3) = 0.6309; ideal DCG (hit at rank 1) = 1.
    assert metrics.ndcg_at_k(["a", "b", "c"], {"b"}) == pytest.approx(0.63093, abs=1e-5)


def test_ndcg_with_two_relevant_hits_divides_by_the_ideal_two_hit_ranking():
    # DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.63093; 1.5/1.63093.
    assert metrics.ndcg_at_k(["a", "b", "c"], {"a", "c"}) == pytest.approx(0.91972, abs=1e-5)


def test_ndcg_ideal_ranking_is_cut_at_k_when_there_are_more_relevant_documents():
    # Three relevant, k=2, both top slots relevant: DCG equals the cut ideal DCG.
    assert metrics.ndcg_at_k(["a", "b", "x"], {"a", "b", "c"}, k=2) == pytest.approx(1.0)


def test_ndcg_treats_graded_qrels_as_binary_and_grade_zero_as_not_relevant():
    assert metrics.ndcg_at_k(["a", "b"], {"a": 0, "b": 3}) == pytest.approx(1 / math.log2(3))


# --- Recall ---------------------------------------------------------------------


def test_recall_is_the_share_of_relevant_documents_in_the_top_k():
    assert metrics.recall_at_k(["a", "b", "c"], {"a", "d"}) == pytest.approx(0.5)
    assert metrics.recall_at_k(["a", "b", "c", "d"], {"a", "d"}, k=3) == pytest.approx(0.5)


# --- MAP ------------------------------------------------------------------------


def test_average_precision_divides_by_all_relevant_documents_not_only_those_found():
    # Hits at ranks 1 and 3: precisions 1/1 and 2/3; three relevant: (1 + 2/3) / 3.
    assert metrics.map_at_k(["a", "b", "c"], {"a", "c", "z"}) == pytest.approx(5 / 9)


def test_average_precision_with_one_relevant_document_equals_reciprocal_rank():
    ranked = ["a", "b", "c", "d"]
    assert metrics.map_at_k(ranked, {"d"}) == metrics.mrr_at_k(ranked, {"d"}) == 0.25


def test_every_metric_is_zero_for_a_query_without_relevant_documents():
    for function in (metrics.mrr_at_k, metrics.ndcg_at_k, metrics.recall_at_k, metrics.map_at_k):
        assert function(["a"], set()) == 0.0


# --- Averaging and files ----------------------------------------------------------


def test_evaluate_averages_over_the_qrels_so_a_missing_query_counts_as_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    run = {"q1": ["x", "a"]}  # q1 RR 1/2; q2 absent from the run → 0
    scores = metrics.evaluate(run, qrels)
    assert scores["mrr"] == pytest.approx(0.25)
    assert scores["recall"] == pytest.approx(0.5)


def test_evaluate_can_be_restricted_to_a_subset_of_questions():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    run = {"q1": ["a"], "q2": ["x"]}
    assert metrics.evaluate(run, qrels, qids=["q1"])["mrr"] == 1.0


def test_a_run_is_ranked_by_its_rank_column_not_by_line_order():
    lines = [
        "q1 Q0 c 3 0.5 r\n",
        "q1 Q0 a 1 0.9 r\n",
        "q1 Q0 b 2 0.7 r\n",
        "\n",
    ]
    assert metrics.parse_run(lines) == {"q1": ["a", "b", "c"]}


def test_qrels_keep_each_documents_grade():
    qrels = metrics.parse_qrels(["q1 0 a 1\n", "q1 0 b 0\n", "q2 0 c 2\n"])
    assert qrels == {"q1": {"a": 1, "b": 0}, "q2": {"c": 2}}


def test_a_malformed_run_line_is_reported_with_its_line_number():
    with pytest.raises(ValueError, match="line 2"):
        metrics.parse_run(["q1 Q0 a 1 0.9 r\n", "q1 a 2 0.5\n"])


def test_a_written_run_reads_back_in_the_same_order(tmp_path):
    path = tmp_path / "run.trec"
    path.write_text("".join(metrics.format_run({"q1": [("b", 2.0), ("a", 1.0)]}, "t")))
    assert path.read_text().splitlines()[0] == "q1 Q0 b 1 2.000000 t"
    assert metrics.read_run(path) == {"q1": ["b", "a"]}


# --- The Lucene ArabicAnalyzer port -------------------------------------------------


def test_normaliser_folds_hamza_alefs_alef_maksura_and_teh_marbuta_and_strips_harakat():
    assert lucene.normalize("أإآ") == "ااا"
    assert lucene.normalize("مستشفى") == "مستشفي"
    assert lucene.normalize("مدرسة") == "مدرسه"
    assert lucene.normalize("كـتـابٌ") == "كتاب"


def test_stemmer_strips_one_prefix_and_then_each_suffix_once_in_order():
    # والمدرسة → normalised والمدرسه → وال- → مدرسه → -ه → مدرس
    assert lucene.stem(lucene.normalize("والمدرسة")) == "مدرس"
    # سياراتها → -ها → سيارات → -ات → سيار
    assert lucene.stem("سياراتها") == "سيار"
    assert lucene.stem("المعلمون") == "معلم"


def test_stemmer_keeps_waw_on_three_letter_words_and_leaves_two_letter_stems():
    assert lucene.stem("ولد") == "ولد"  # و- needs a word of at least 4 letters
    assert lucene.stem("ولدي") == "لد"  # وَلَدي: و- then -ي, two letters left
    assert lucene.stem("الم") == "الم"  # ال- would leave one letter


def test_stopwords_are_removed_before_normalisation_as_lucene_does():
    # إلى and الى are both listed; a vocalised مِن is not, so it survives.
    assert lucene.arabic_analyzer("ذهب إلى المدرسة") == ["ذهب", "مدرس"]
    assert lucene.arabic_analyzer("مِن") == ["من"]


def test_standard_tokens_keep_decimals_and_in_word_marks_together():
    assert lucene.standard_tokens("بلغ 3.5% من اعتراضاً، 1,000") == [
        "بلغ",
        "3.5",
        "من",
        "اعتراضاً",
        "1,000",
    ]


def test_lucene_norm_lengths_are_exact_below_24_and_coarser_above():
    assert [lucene.lucene_norm_length(n) for n in (0, 23, 24, 40, 41, 57)] == [
        0,
        23,
        24,
        40,
        40,
        56,
    ]


def test_bm25_idf_is_lucenes_smoothed_formula():
    index = lucene.BM25([("d1", "قطة"), ("d2", "كلب")], lucene.word_analyzer)
    # N=2, n=1: log(1 + (2 - 1 + 0.5) / (1 + 0.5)) = log 2
    assert index.idf("قطة") == pytest.approx(math.log(2))


def test_bm25_ranks_the_document_with_more_query_terms_first_and_ties_by_index_order():
    docs = [("d1", "قطة"), ("d2", "قطة كلب"), ("d3", "قطة")]
    index = lucene.BM25(docs, lucene.word_analyzer)
    ranked = [doc for doc, _ in index.search("قطة كلب")]
    assert ranked[0] == "d2"
    assert ranked[1:] == ["d1", "d3"]
