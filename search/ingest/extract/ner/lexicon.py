"""Hand-written word lists the tagger uses as features and as hard span rules.

They are written here, in plain Arabic, rather than learnt, because each list
encodes something a 125k-token corpus sees too rarely to learn reliably: the
word before a name (titles, speech verbs), the word that opens an organisation
or a place, and the words a name can never contain (verbs, prepositions).
Every list is compared in Bahth's normalised form (:func:`normalize_word`),
so ``أعلن`` and ``اعلن`` are one entry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from search.text.normalise import normalize_word

_TITLES = """الرئيس رئيس الرئيسة رئيسة وزير الوزير وزيرة الوزيرة نائب النائب نائبة المتحدث
المتحدثة الناطق الناطقة الأمين أمين الملك ملك الملكة الأمير أمير الأميرة الشيخ الشيخة السلطان
العاهل زعيم الزعيم السفير السفيرة سفير المبعوث المبعوثة المستشار المستشارة قائد القائد الجنرال
اللواء العميد العقيد المشير الفريق المرشد السيناتور المدرب مدرب اللاعب لاعب النجم المهاجم
الحارس المدافع الممثل الممثلة الفنان الفنانة المغني المغنية المطرب المطربة الكاتب الكاتبة
الشاعر الشاعرة الدكتور الدكتورة السيد السيدة المحامي القاضي المخرج الملياردير مدير المدير
مديرة محافظ المحافظ عمدة ولي الإمام البابا الكاردينال المطران الحاخام المفتي الشهيد
الراحل الأستاذ المهندس الصحفي الصحافي المراسل المحلل الباحث الخبير المفوض المدعي النائبة
العضو عضو رئيسا نائبا وزيرا الرئيسان الوزراء رئيسي معالي سمو فخامة جلالة سماحة صاحب نيافة
غبطة""".split()

#: Common given names (Arabic and, as Arabic news spells them, foreign): a name's first word.
_GIVEN_NAMES = """محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان خالد سعيد سعد سعود سلمان فهد فيصل عبد
عبدالله عبدالرحمن عبدالعزيز إبراهيم إسماعيل يوسف يعقوب موسى عيسى يحيى زكريا سليمان داود هارون
طارق ماجد مازن نبيل نزار ناصر نصر هشام وليد وائل ياسر زياد رامي سامي سمير عادل عماد عمرو
جمال كمال منير حمد حمدان راشد زايد مكتوم تميم جاسم صباح نواف بشار حافظ رفيق سعدي صدام عدي
قصي نوري إياد هادي جلال طلال غازي فؤاد رياض مراد بشير منصور مهدي حيدر جعفر كاظم مقتدى عباس
إسماعيل حمزة أنور أمين أيمن أسامة باسم بسام جورج ميشال ميشيل إلياس أنطوان بيار جوزيف فاطمة
عائشة مريم زينب خديجة سارة ليلى هند نادية سعاد رانيا دينا منى هدى نور نوال سلوى جيهان ياسمين
جون جيمس ديفيد مايكل روبرت وليام ريتشارد توماس تشارلز دانيال بول مارك ستيفن أندرو بيتر
كريستوفر جورجي سيرغي فلاديمير ديمتري ميخائيل نيكولاي ألكسندر إيغور أليكسي بوريس يوري
جان بيير فرانسوا نيكولا إيمانويل ميشيل أنجيلا هيلموت غيرهارد سيلفيو ماريو جوزيبي خوسيه
كارلوس لويس خوان مانويل أنطونيو فرانسيسكو بيدرو باولو ليونيل كريستيانو نيمار كيليان
هيلاري باراك دونالد جو كامالا مايك كوندوليزا كولن ديك تيريزا بوريس توني غوردون ديفيد
شي لي وانغ تشانغ ليو تشن يانغ هو كيم مون بارك شينزو ناريندرا رجب أحمدي""".split()

_SPEECH_VERBS = """قال قالت يقول تقول أكد أكدت يؤكد تؤكد أعلن أعلنت يعلن تعلن أضاف أضافت أوضح
أوضحت أشار أشارت ذكر ذكرت صرح صرحت أفاد أفادت نقل نقلت دعا دعت طالب طالبت نفى نفت اعتبر
اعتبرت رأى كشف كشفت حذر حذرت وصف وصفت أبلغ أبلغت تابع تابعت شدد شددت أعرب أعربت""".split()

_ORG_HEADS = """وكالة وزارة شركة جامعة مجلس حزب منظمة جبهة هيئة حركة جمعية اتحاد نادي بنك مصرف
صندوق مؤسسة لجنة مركز معهد مجموعة جماعة تنظيم رابطة نقابة محكمة برلمان مفوضية الوكالة
الوزارة الشركة الجامعة المجلس الحزب المنظمة الجبهة الهيئة الحركة الجمعية الاتحاد النادي البنك
المصرف الصندوق المؤسسة اللجنة المركز المعهد المجموعة الجماعة التنظيم الرابطة النقابة المحكمة
البرلمان المفوضية صحيفة الصحيفة مجلة المجلة قناة القناة تلفزيون التلفزيون إذاعة الإذاعة
الرئاسة رئاسة الحكومة حكومة القوات قوات الجيش جيش مكتب المكتب ديوان الديوان""".split()

_LOC_CUES = """مدينة المدينة منطقة المنطقة محافظة المحافظة ولاية الولاية إقليم الإقليم قرية القرية
بلدة البلدة مخيم المخيم العاصمة عاصمة جزيرة الجزيرة جزر نهر النهر بحر البحر جبل جبال شمال
جنوب شرق غرب شمالي جنوبي شرقي غربي وسط حي ضاحية ميناء مطار دولة الدولة بلاد جمهورية مملكة
إمارة قضاء ريف المملكة الجمهورية الإمارة البلاد""".split()

_PREPOSITIONS = """في من على إلى الى عن مع ضد لدى عند بين حول نحو منذ خلال عبر دون قبل بعد
أمام خلف تحت فوق وفي ومن وعلى وإلى وعن ومع وبين فيما كما إن أن ان لأن لكن الذي التي الذين
هذا هذه ذلك تلك هو هي هم وهو وهي قد لقد لم لن لا ما""".split()

#: Particles no training name contains: a hard span rule only (as features they cost 0.5
#: dev F1 points, so the CRF does not see them as a list).
_PARTICLES = """سوف ثم حيث أيضا كذلك بل إذ عندما بينما حين حتى لكي إنه أنه إنها أنها ولكن
لكنه لكنها""".split()  # not فإن/بأن/كأن: normalised they are فان, بان (بان كي مون), كان

#: Common verb forms a name never contains (perfect, imperfect, future), with و/ف forms added.
_VERBS = """قال قالت يقول تقول أكد أكدت يؤكد أعلن أعلنت يعلن تعلن أضاف أضافت أوضح أشار أشارت ذكر
ذكرت يعود تعود عاد عادت يزور زار زارت يلتقي التقى التقت يبحث بحث يستقبل استقبل استقبلت يصل وصل
وصلت يتوجه توجه يغادر غادر غادرت يرافق رافق يتمتع يتهم اتهم اتهمت يطالب طالب يدعو دعا دعت يرى
رأى يشارك شارك شاركت يشير يوضح يضيف يؤكد يكشف كشف كشفت يحذر حذر حذرت يرفض رفض رفضت يقرر قرر
قررت يعتبر اعتبر يبدأ بدأ بدأت ينفي نفى نفت يجري أجرى أجرت يلقي ألقى يقدم قدم قدمت يحصل حصل
يفوز فاز فازت يخسر خسر يسجل سجل سجلت يواجه واجه يتولى تولى يترأس ترأس يصدر أصدر أصدرت يبلغ
أبلغ يطلب طلب طلبت يريد أراد يمكن يجب كان كانت يكون تكون أصبح أصبحت ليس ليست يعني أمر أمرت
يأمر وقع وقعت يوقع قتل قتلت يقتل أصيب أصيبت اعتقل اعتقلت يعتقل هاجم هاجمت يهاجم تم يتم
برفقته برفقة""".split()

#: Country names beyond the alias table's (which is read first and wins for canonical values).
_COUNTRIES = """أفغانستان ألبانيا الجزائر أندورا أنغولا الأرجنتين أرمينيا أستراليا النمسا أذربيجان
البحرين بنغلاديش بربادوس بيلاروسيا بلجيكا بليز بنين بوتان بوليفيا البوسنة بوتسوانا البرازيل
بروناي بلغاريا بوركينا_فاسو بوروندي كمبوديا الكاميرون كندا تشاد تشيلي الصين كولومبيا الكونغو
كوستاريكا كرواتيا كوبا قبرص التشيك الدنمارك جيبوتي دومينيكا الدومينيكان الإكوادور مصر
السلفادور إريتريا إستونيا إثيوبيا فيجي فنلندا فرنسا الغابون غامبيا جورجيا ألمانيا غانا اليونان
غواتيمالا غينيا غيانا هايتي هندوراس المجر آيسلندا الهند إندونيسيا إيران العراق أيرلندا إسرائيل
إيطاليا جامايكا اليابان الأردن كازاخستان كينيا الكويت قيرغيزستان لاوس لاتفيا لبنان ليسوتو
ليبيريا ليبيا ليختنشتاين ليتوانيا لوكسمبورغ مدغشقر ملاوي ماليزيا المالديف مالي مالطا موريتانيا
موريشيوس المكسيك مولدوفا موناكو منغوليا الجبل_الأسود المغرب موزمبيق ميانمار ناميبيا نيبال
هولندا نيوزيلندا نيكاراغوا النيجر نيجيريا النرويج عمان عُمان باكستان بنما باراغواي بيرو الفلبين
بولندا البرتغال قطر رومانيا روسيا رواندا السعودية السنغال صربيا سيراليون سنغافورة سلوفاكيا
سلوفينيا الصومال إسبانيا سريلانكا السودان سورينام السويد سويسرا سوريا سورية طاجيكستان تنزانيا
تايلاند تايلند توغو تونس تركيا تركمانستان أوغندا أوكرانيا الإمارات بريطانيا أمريكا أميركا
الأوروغواي أوزبكستان فنزويلا فيتنام اليمن زامبيا زيمبابوي فلسطين كوريا تايوان الشيشان كوسوفو
الفاتيكان""".split()

_VERB_SHAPES = re.compile(
    r"^(?:[وف]?[يت]ت\w{3,}"  # يتمتع تتوجه (form V/VI imperfect)
    r"|[وف]?[يت]ست\w{3,}"  # يستقبل تستضيف (form X imperfect)
    r"|و?ي\w{2,5}ون)$"  # يقولون يطالبون (not فيرجسون); one pattern: one match per word
)


def country_names() -> tuple[str, ...]:
    """Country names as written (``الجبل الأسود``), for canonical display values."""
    return tuple(w.replace("_", " ") for w in _COUNTRIES)


#: Words that are a verb or a preposition and also a name or a name's part (علي, أمين,
#: طالب, the ``ان`` of ``سي ان ان``): features only, never a hard span rule.
_NAME_LIKE = frozenset({"علي", "امام", "ان", "طالب", "امين", "ايه"})


def _norms(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_word(w.replace("_", " ")) for w in words)


@lru_cache(maxsize=1)
def lists() -> dict[str, frozenset[str]]:
    """The word lists by name, normalised once (lazily: importing costs nothing)."""
    verbs = _norms(_VERBS)
    verbs |= frozenset(p + v for v in verbs for p in ("و", "ف"))
    return {
        "title": _norms(_TITLES),
        "speech": _norms(_SPEECH_VERBS),
        "orghead": _norms(_ORG_HEADS),
        "loccue": _norms(_LOC_CUES),
        "prep": _norms(_PREPOSITIONS),
        "particle": _norms(_PARTICLES),
        "verb": verbs,
        "country": _norms(_COUNTRIES),
        "given": _norms(_GIVEN_NAMES),
    }


#: Proclitic letters and pairs, longest first; ``ال`` forms are split off after them.
CLITICS = (
    "وال", "بال", "فال", "كال", "لل", "وب", "ول", "وك", "فب", "فل", "ال", "و", "ف", "ب", "ل", "ك",
)  # fmt: skip


_SPLITS: dict[str, tuple[tuple[str, str], ...]] = {}
_SPLITS_LIMIT = 50_000  # a plain memo, emptied when full (see search.ingest.extract.ner.features)


def clitic_splits(norm: str) -> tuple[tuple[str, str], ...]:
    """Every ``(clitic, base)`` reading of a normalised word, longest clitic first.

    ``وبوتين`` is both ``وب`` + ``وتين`` and ``و`` + ``بوتين``: which one is
    right depends on the base, so callers look every reading up. A reading is
    only offered when at least three letters remain, so short names (``بن``,
    ``لي``) are not read as a clitic plus a letter. ``لل`` (li + al-) is
    written with one lam: its base is also offered with the article restored.
    """
    splits = _SPLITS.get(norm)
    if splits is None:
        found: list[tuple[str, str]] = []
        for clitic in CLITICS:
            if norm.startswith(clitic) and len(norm) - len(clitic) >= 3:
                found.append((clitic, norm[len(clitic) :]))
                if clitic == "لل":
                    found.append(("ل", "ال" + norm[2:]))
        splits = tuple(found)
        if len(_SPLITS) >= _SPLITS_LIMIT:
            _SPLITS.clear()
        _SPLITS[norm] = splits
    return splits


def split_clitic(norm: str) -> tuple[str, str]:
    """The longest-clitic reading of :func:`clitic_splits`, or ``("", norm)``."""
    splits = clitic_splits(norm)
    return splits[0] if splits else ("", norm)


def is_verb_like(norm: str) -> bool:
    """A verb a name never contains: listed, or an unambiguous imperfect shape.

    The shapes were checked on the training split: ``يت…``/``يست…`` and
    ``ي…ون`` words are inside a gold name 2 times in 830 (both ``فيتنام``-like,
    which the caller exempts through the gazetteer).
    """
    if norm in _NAME_LIKE:
        return False
    return norm in lists()["verb"] or _VERB_SHAPES.match(norm) is not None


def is_preposition(norm: str) -> bool:
    """A standalone preposition or function word (``في``, ``من``, ``على``…)."""
    word_lists = lists()
    return (norm in word_lists["prep"] or norm in word_lists["particle"]) and norm not in _NAME_LIKE


def is_head(norm: str) -> bool:
    """An organisation head, a place cue or a title (``مركز``, ``مدينة``, ``الرئيس``)."""
    word_lists = lists()
    return any(norm in word_lists[name] for name in ("orghead", "loccue", "title"))
