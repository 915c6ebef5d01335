"""Arabic function words: dropped from the stemmed variant, never from the exact one.

A phrase keeps its stopwords (``"وزير الخارجية"`` needs every word), so only
the recall variant drops them.
"""

from __future__ import annotations

from search.text.normalise import fold_word

# Arabic function words as written; folded into STOPWORDS below.
_STOPWORD_TEXT = """
    في من على إلى الى عن مع ان او ام ثم لا لم لن ما ماذا متي اين كيف هل قد لقد
    هذا هذه ذلك تلك هولاء اولئك هناك هنا الذي التي الذين اللذين اللتين اللواتي
    كان كانت يكون تكون كانوا ليس ليست لكن بل حتي اذا اذ لان كما مثل بين عند
    لدي منذ خلال نحو غير بعد قبل كل بعض اي ايضا جدا
    هو هي هم هن انا نحن انت انتم هما وهو وهي وهم وفي ومن وعلي والي وعن ومع
    وان وقد ولا وما وكان وكانت ولم ولن وهذا وهذه وذلك والتي والذي فان فقد
    به بها بهم له لها لهم منه منها منهم عليه عليها عليهم فيه فيها فيهم عنه عنها
    اليه اليها انه انها لانه بان وبين كذلك حيث التي وفق
    """


#: Arabic function words, in normalised form (dropped from the stemmed variant).
STOPWORDS = frozenset(fold_word(w) for w in _STOPWORD_TEXT.split())
