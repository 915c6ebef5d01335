"""Actors: people, organisations and countries named in the article's content.

Three passes over the words of the title and body (never over boilerplate, so
a name that only appears in a related-articles list is not an actor):

1. **Alias table** (:mod:`search.text.names`): longest match of word
   n-grams, proclitics allowed on the first word (``وروسيا``, ``بالصين``,
   ``لبوتين``). A nationality adjective (``الصيني``, ``الروسية``) counts for its
   country (origin ``rule:nationality``). ``place`` and ``term`` matches only
   block shorter matches inside them.
2. **Title rule** for unseen people: a title (``الرئيس``, ``وزير الخارجية``,
   ``رئيس مجلس الدولة``, ``المتحدثة باسم``…), its modifiers (``الصيني``,
   ``باسم وزارة الخارجية``), then two to four name words up to the first word
   that cannot be part of a name (a function word, a date word, a word with the
   article, a clitic-led noun such as ``بمستوى``, punctuation).
3. **Surname reuse**: once a person is named in full, their short forms
   (the table's ``short`` list, the last word of a rule-found name) count for
   them elsewhere in the same document (``ميشوستين``, ``شي``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyarabic import araby

from search.ingest.extract.cleaning import CleanedText
from search.ingest.extract.model import FacetValue
from search.ingest.extract.outlets import Outlet, content_outlets
from search.text.names import ACTOR_TYPES, adjective_forms, load_alias_table
from search.text.phrase_table import (
    COMMA,
    JOINED,
    PhraseMatch,
    PhraseTable,
    Word,
    clitic_forms,
    normalise_phrase,
)
from search.text.stopwords import STOPWORDS

#: Table types that become facet values: the actors, and places for the places facet.
NAMED_TYPES = ACTOR_TYPES | {"place"}


@dataclass(frozen=True)
class Named:
    """What a table phrase stands for."""

    canonical: str
    type: str
    origin: str
    short: tuple[tuple[str, ...], ...] = ()


_TITLES = """الرئيس رئيس رئيسه الرئيسه وزير وزيره الوزير الوزيره نائب المتحدث المتحدثه الناطق
الناطقه الامين الملك الامير الاميره الشيخ السلطان العاهل زعيم الزعيم السفير السفيره المبعوث
المبعوثه المستشار المستشاره قائد القائد الجنرال المرشد النائب النائبه السيناتور المدرب اللاعب
النجم المهاجم الممثل الممثله الفنان الفنانه المغني المغنيه الكاتب الكاتبه الشاعر الدكتور المحامي
القاضي المخرج الملياردير مدير المدير مديره محافظ عمده ولي""".split()
#: Words inside a title phrase (``المتحدثة باسم وزارة الخارجية الصينية``): skipped.
_TITLE_NOUNS = frozenset(
    """باسم مجلس وزاره هيئه حركه حزب جمهوريه دوله مكتب لجنه جهاز منظمه اتحاد نادي بعثه شركه
    مؤسسه جامعه بنك منتخب فريق صندوق مجموعه العام العهد للشؤون لشؤون بلديه تحرير اعمال
    اداره شرطه""".split()
)
#: Words that join name parts and may be followed by an article-led word.
_CLITIC_NOUN_STARTS = ("بم", "بت", "لم", "لت", "لل", "بال")
_CONNECTORS = frozenset("بن ابن بنت عبد ابو ال ولد دي دا فون فان دير".split())
_NOT_NAME = STOPWORDS | frozenset(
    """اليوم امس غدا الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد يوم الذي التي
    ان انه انها امام السابق الاسبق الحالي الجديد المنتخب المكلف نفسه مالك
    قال قالت اكد اكدت اعلن اعلنت اضاف اضافت اوضح اوضحت اشار اشارت ذكر ذكرت دعا دعت
    يقول تقول زار زارت وصف وصفت كشف كشفت طالب طالبت نفي نفت راي يري كلا كل بارز ثمه
    عندما بينما حين لما كما مشروع
    عقب اثر وذلك الا انما لكن فيما""".split()
)


@lru_cache(maxsize=1)
def actor_tables() -> tuple[PhraseTable[Named], PhraseTable[bool]]:
    """The alias phrase table (with adjective forms) and the title table."""
    names: PhraseTable[Named] = PhraseTable()
    for entry in load_alias_table()[1]:
        short = tuple(normalise_phrase(s) for s in entry.short)
        named = Named(entry.canonical, entry.type, "alias", short)
        for spelling in (entry.canonical, *entry.variants):
            names.add(spelling, named)
        adjective = Named(entry.canonical, entry.type, "rule:nationality")
        for stem in entry.adjectives:
            for form in adjective_forms(stem):
                names.add(form, adjective)
    titles: PhraseTable[bool] = PhraseTable()
    for title in _TITLES:
        titles.add((title,), True)
    return names, titles


@lru_cache(maxsize=100_000)
def _is_title(norm: str) -> bool:
    titles = actor_tables()[1]
    return titles.get((norm,)) is not None or any(
        titles.get((form,)) is not None for form, _ in clitic_forms(norm)
    )


def _name_word(word: Word, position: int, previous: str | None) -> bool:
    """Can ``word`` be the ``position``-th word of a person's name?"""
    norm = word.norm
    if len(norm) < 2 or not norm.isalpha() or norm in _NOT_NAME:
        return False
    if previous in _CONNECTORS or (position > 0 and norm in _CONNECTORS):
        return True
    if position >= 2 and len(norm) <= 3:
        return False  # a short third word after a two-word name is a verb: كولومب عرض
    if norm.startswith("ال"):
        return position > 0 and norm.endswith("ي") and norm not in _adjective_words()
    # after the first word, a conjunction or a clitic-led noun (بمستوى) ends the name
    if norm.startswith(_CLITIC_NOUN_STARTS) or _is_title(norm):
        return False  # بمستوى, بميلانيا, وزعيم: a clitic-led noun or another title
    # و + word is a conjunction; short و-words (وي, وانغ) may open a name
    return norm[0] != "و" or len(norm) < (5 if position == 0 else 4)


@lru_cache(maxsize=1)
def _adjective_words() -> frozenset[str]:
    forms = (
        form for e in load_alias_table()[1] for s in e.adjectives for form in adjective_forms(s)
    )
    return frozenset(normalise_phrase(f)[0] for f in forms)


def _name_after_title(words: list[Word], index: int, taken: set[int]) -> tuple[int, int] | None:
    """Word range ``[start, end)`` of the name a title at ``index`` introduces."""
    position = index + 1
    while position < len(words) and position - index <= 6 and words[position].gap == JOINED:
        norm = words[position].norm
        if norm in _NOT_NAME:
            return None
        if norm.startswith("ال") or norm in _TITLE_NOUNS or norm[1:] in _TITLE_NOUNS:
            position += 1
        else:
            break
    start = position
    previous: str | None = None
    while position < len(words) and position - start < 6 and position not in taken:
        gap = words[position].gap
        gap_ok = gap == JOINED or (position == start and gap == COMMA)
        if not gap_ok or not _name_word(words[position], position - start, previous):
            break
        previous = words[position].norm
        position += 1
    while position > start and words[position - 1].norm in _CONNECTORS:
        position -= 1
    if not 2 <= position - start <= 5 or start == index + 1 and words[start].gap > JOINED:
        return None
    return start, position


def _outlet_words(words: list[Word], outlets: list[PhraseMatch[Outlet]]) -> set[int]:
    """Words of outlet names, and a nationality adjective right after one."""
    covered: set[int] = set()
    for match in outlets:
        end = match.index + match.length
        covered.update(range(match.index, end))
        if end < len(words) and words[end].norm in _adjective_words():
            covered.add(end)  # صحيفة التايمز البريطانية
    return covered


def _display(text: str, words: list[Word]) -> str:
    return " ".join(araby.strip_diacritics(text[w.start : w.end]) for w in words)


def find_actors(cleaned: CleanedText) -> list[FacetValue]:
    """Actors in title and body: canonical value, type, origin and first span."""
    return [value for value in find_table_names(cleaned) if value.type in ACTOR_TYPES]


def find_table_names(cleaned: CleanedText) -> list[FacetValue]:
    """Actors and the table's places (``موسكو``) in title and body, in text order."""
    names, titles = actor_tables()
    words = cleaned.content_words()
    mentions: dict[int, tuple[Named, int, int]] = {}  # first word → (named, length, clitic)
    taken: set[int] = set()
    norms = cleaned.content_norms()
    outlet_words = _outlet_words(words, content_outlets(cleaned))
    for match in names.scan(words, norms=norms):
        if match.index in outlet_words:
            continue  # الفرنسية in وكالة الأنباء الفرنسية names the agency, not France
        mentions[match.index] = (match.value, match.length, match.clitic)
        taken.update(range(match.index, match.index + match.length))
    shorts: PhraseTable[Named] = PhraseTable()
    for named, _, _ in mentions.values():
        for short in named.short:
            shorts.add(short, named)
    # titles are one word each: a title matches wherever the table has a start
    for index in titles.starts_in(words, norms=norms):
        if index in taken:
            continue
        found = _name_after_title(words, index, taken)
        if found is None:
            continue
        start, end = found
        named = Named(_display(cleaned.text, words[start:end]), "person", "rule:title")
        mentions[start] = (named, end - start, 0)
        taken.update(range(start, end))
        shorts.add((words[end - 1].norm,), Named(named.canonical, "person", "rule:surname"))
    if len(shorts):
        for match in shorts.scan(words, norms=norms):
            current = mentions.get(match.index)
            weak = current is not None and current[0].origin == "rule:nationality"
            if match.index not in taken or weak:
                mentions[match.index] = (match.value, match.length, match.clitic)
    return _facet_values(words, mentions)


def _facet_values(
    words: list[Word], mentions: dict[int, tuple[Named, int, int]]
) -> list[FacetValue]:
    values: dict[str, FacetValue] = {}
    for index in sorted(mentions):
        named, length, clitic = mentions[index]
        if named.type not in NAMED_TYPES or named.canonical in values:
            continue
        span = (words[index].start + clitic, words[index + length - 1].end)
        values[named.canonical] = FacetValue(named.canonical, named.type, named.origin, span)
    return list(values.values())
