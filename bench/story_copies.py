"""Altered copies of an article, as other outlets publish the same report (bench/stories.py).

The alterations issue 27 names: paragraphs reordered or dropped, the headline
rewritten, a masthead and a "read also" block added, and a tenth of the words
replaced by a synonym or a spelling variant. Seeded: the same article always
gives the same copy.
"""

from __future__ import annotations

import random

#: Common news words and a synonym an editor would put instead (both directions used).
SYNONYMS = {
    "قال": "أضاف", "أكد": "شدد", "أعلن": "كشف", "اليوم": "الیوم", "الرئيس": "رئيس",
    "أمس": "البارحة", "العاصمة": "المدينة", "الحكومة": "السلطات", "وزير": "الوزير",
    "مسؤول": "مصدر", "الأمريكي": "الأميركي", "الولايات": "الدول", "أن": "بأن",
    "التي": "اللتي", "الذي": "اللذي", "خلال": "أثناء", "بعد": "عقب", "قبل": "سابقا",
    "حيث": "إذ", "كما": "وكذلك", "أيضا": "كذلك", "وقال": "وأضاف", "وأكد": "وشدد",
    "إن": "بأن", "عدد": "جملة", "مقتل": "مصرع", "جديد": "حديث", "كبير": "ضخم",
    "الأحد": "يوم الأحد", "الاثنين": "يوم الاثنين", "تقرير": "بيان", "مصادر": "جهات",
    "صحيفة": "جريدة", "الشرطة": "الأمن", "قوات": "وحدات", "هجوم": "اعتداء",
    "المتحدة": "المتحده", "السعودية": "السعوديه", "إيران": "ايران", "ترامب": "ترمب",
}
_BACK = {v: k for k, v in SYNONYMS.items() if " " not in v}
#: Letter swaps a different outlet's spelling makes (hamza, teh marbuta, alef maqsura).
VARIANTS = (("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("آ", "ا"))
MASTHEADS = ("دبي - العربية.نت", "لندن - بي بي سي", "باريس - فرانس 24", "أبوظبي - سكاي نيوز عربية")
READ_ALSO = "اقرأ أيضا: {}"


def respelt(word: str, rng: random.Random) -> str:
    """A synonym when the table has one, else a spelling variant, else the word with a
    letter doubled (a typo: what an editor's keyboard adds)."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if word in _BACK:
        return _BACK[word]
    for old, new in VARIANTS:
        if old in word:
            return word.replace(old, new, 1)
    if len(word) > 3:
        at = rng.randrange(1, len(word) - 1)
        return word[:at] + word[at] + word[at:]
    return word


def altered_copy(body: str, title: str, other_titles: list[str], seed: int) -> tuple[str, str]:
    """(new title, new body) of one article, altered the ways issue 27 lists."""
    rng = random.Random(seed)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) < 3:  # one block of text: cut it into sentence groups
        sentences = [s for s in body.replace("\n", " ").split(". ") if s.strip()]
        size = max(1, len(sentences) // 4)
        paragraphs = [". ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]
    if len(paragraphs) > 3 and rng.random() < 0.5:
        del paragraphs[rng.randrange(1, len(paragraphs))]  # a paragraph dropped
    if len(paragraphs) > 2:
        tail = paragraphs[1:]
        rng.shuffle(tail)  # paragraphs after the lede reordered
        paragraphs = [paragraphs[0], *tail]
    words = " ".join(paragraphs).split(" ")
    out = []
    text = "\n".join(paragraphs)
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        out.append(" ".join(respelt(w, rng) if rng.random() < 0.1 else w for w in words))
    masthead = rng.choice(MASTHEADS)
    read_also = READ_ALSO.format(rng.choice(other_titles)) if other_titles else ""
    new_title = "عاجل: " + " ".join(reversed(title.split(" ")))
    return new_title, "\n".join([masthead, *out, read_also]).strip()
