"""A statistical Arabic name tagger (CRF) trained in the repository on CLEANANERCorp.

The alias table knows a few hundred names; news names thousands more. This
package learns what a name looks like in Arabic newswire (clitics, titles,
speech verbs, organisation heads, affixes) so that a person the table has
never seen is still found, and keeps the table as a gazetteer feature and as
the source of canonical values.

Modules, leaves first (no module imports one above it):

* :mod:`~search.ingest.extract.ner.lexicon`: hand-written word lists (titles, verbs, countries).
* :mod:`~search.ingest.extract.ner.gazetteer`: Bahth's names table as typed word/phrase look-ups.
* :mod:`~search.ingest.extract.ner.tokens`: tokens with offsets, sentences, BIO chunks.
* :mod:`~search.ingest.extract.ner.person_words`: words of people's names (Wikidata), a feature.
* :mod:`~search.ingest.extract.ner.features`: CRF features, cached per distinct word.
* :mod:`~search.ingest.extract.ner.weights`: a CRFsuite model file's weights as arrays.
* :mod:`~search.ingest.extract.ner.known`: the features the model weighs; the pair list.
* :mod:`~search.ingest.extract.ner.scores`: label-score vectors per distinct word, an
  article's state scores.
* :mod:`~search.ingest.extract.ner.decode`: compiled Viterbi and marginals for all sentences.
* :mod:`~search.ingest.extract.ner.corpus`: the CLEANANERCorp reader, the fixed dev split, scoring.
* :mod:`~search.ingest.extract.ner.spans`: span rules (no punctuation, verb or preposition inside).
* :mod:`~search.ingest.extract.ner.tagger`: model loading and tagging with confidences (CRFsuite's
  labels and marginals without calling CRFsuite).
* :mod:`~search.ingest.extract.ner.mentions`: a name's keys and mentions in an article, surnames.
* :mod:`~search.ingest.extract.ner.article`: one article: offsets, one decision per name,
  actors/places
  (the entry point: :func:`~search.ingest.extract.ner.article.find_entities`).
* :mod:`~search.ingest.extract.ner.train`: the training command.

Everything else in Bahth is reached through three names only:
``search.text.normalise.normalize_word``, ``search.text.stemmer.stem_word`` and
``search.text.names.load_alias_table``, so the package can move as a whole.
"""
