"""Names in Latin letters: a transliteration model learnt here, Latin → Arabic.

``fold`` turns a Latin word into the letters the model reads (diacritics folded,
name particles split off) and an Arabic word into its consonant skeleton (the key
of the candidate index); ``model`` scores an Arabic spelling given a Latin word
and lists the skeletons worth looking up; ``train`` learns the model by EM from
Wikidata name pairs (see ``MODEL.md``). The query side (``search/query/latin.py``)
only ever scores words the index holds, so the model never invents a spelling.
"""
