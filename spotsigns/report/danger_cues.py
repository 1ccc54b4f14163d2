"""Free-text danger cues (SPEC §3): words that say someone is in danger *now*.

A cue in a description or any message makes a report an emergency unless the reporter said
confidently that nobody is in immediate danger. The lists cover every supported language and
match text typed without accents. A cue preceded by a negation in its own clause
("nobody seemed hurt", "nie był ranny") does not count.

The non-English patterns are marked for professional review in docs/translations.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from spotsigns.report.text import fold_arabic, fold_latin, fold_urdu

CATEGORIES: Final = (
    "violence",
    "weapon",
    "threat_to_life",
    "locked_in",
    "injured",
    "taken_now",
    "child_at_risk",
    "plea_for_help",
    "danger",
)


@dataclass(frozen=True, slots=True)
class DangerCue:
    category: str
    language: str
    phrase: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    language: str
    fold: Callable[[str], str]
    patterns: dict[str, tuple[str, ...]]
    negators_before: frozenset[str]
    negators_after: frozenset[str] = frozenset()


_EN = _Lexicon(
    "en",
    fold_latin,
    {
        "violence": (
            r"\b(?:beating|hitting|punching|kicking|attacking|stabbing|strangling|choking|assaulting|raping|slapping|whipping|battering)\b"
            r"(?!\s+(?:the\s+)?(?:road|ball|button|traffic|target|deadline))",
            r"\bbeing\s+(?:beaten|hit|attacked|assaulted|raped|stabbed|abused|hurt|threatened|strangled|choked|kicked|punched|battered)\b",
            r"\b(?:is|are|'s|'re|keeps?|started)\s+hurting\s+(?:me|him|her|them|us|someone|somebody)\b",
            r"\b(?:screaming|shouting|crying)\s+for\s+help\b",
            r"\bshots?\s+fired\b|\bgunshots?\b",
        ),
        "weapon": (
            r"\b(?:has|have|got|with|holding|waving|pulled|pulling|carrying|brandishing|pointing)\s+(?:out\s+)?(?:a\s+|an\s+)?"
            r"(?:knife|knives|gun|guns|machete|weapon|blade|crowbar|baseball\s+bat)\b",
        ),
        "threat_to_life": (
            r"\bthreatening\s+to\s+(?:kill|hurt|stab|shoot|burn|harm)\b",
            r"\b(?:going\s+to|gonna|will|about\s+to)\s+(?:kill|stab|shoot|hurt|burn)\s+(?:him|her|them|me|us|someone|somebody)\b",
            r"\b(?:kill|killing)\s+(?:him|her|them|me|us)\b",
            r"\bgoing\s+to\s+die\b",
        ),
        "locked_in": (
            r"\blocked\s+(?:in|up|inside|away)\b",
            r"\btrapped\b",
            r"\b(?:can\s?not|can't|cant|unable\s+to|not\s+allowed\s+to)\s+get\s+out\b",
            r"\bchained(?:\s+up)?\b",
            r"\bheld\s+(?:captive|prisoner|hostage|against\s+(?:his|her|their|my|our)\s+will)\b",
            r"\bkept\s+prisoner\b",
        ),
        "injured": (
            r"\b(?:injured|bleeding|unconscious|not\s+breathing|passed\s+out|collapsed|badly\s+hurt|seriously\s+hurt)\b",
            r"\bneeds?\s+an?\s+ambulance\b",
            r"\b(?:is|are|'s|'re|got|been|getting)\s+(?:badly\s+|really\s+|seriously\s+)?hurt\b",
        ),
        "taken_now": (
            r"\b(?:being|getting)\s+(?:taken|moved|dragged|forced|bundled|pushed|shoved|kidnapped|abducted|trafficked|snatched)\b",
            r"\b(?:forcing|dragging|bundling|pushing|shoving|taking|throwing)\s+(?:him|her|them|someone|somebody|people|a\s+\w+|the\s+\w+)\s+"
            r"(?:into|in\s+(?:a|the)|away|out)\b",
            r"\b(?:kidnapp?(?:ed|ing)?|abduct(?:ed|ing)?)\b",
        ),
        "child_at_risk": (
            r"\b(?:child|children|kid|kids|baby|toddler|girl|boy|teen|teenager|minor)s?\b[^.!?]{0,40}?"
            r"\b(?:in\s+danger|at\s+risk\s+now|being\s+(?:hurt|hit|abused|taken|beaten|attacked))\b",
        ),
        "plea_for_help": (
            r"^\s*(?:please\s+|pls\s+|plz\s+)?help(?:\s+(?:me|us))?(?:\s+(?:please|pls|plz))?\s*[!.]*\s*$",
            r"\b(?:please|pls|plz)\s+help\b",
            r"\bhelp\s+(?:me|us)\b(?!\s+(?:with|to|understand|report|find|know|fill|make|out|get|check|decide|figure|work|about|on))",
            r"\bhelp\s*!{2,}",
            r"\bsave\s+(?:me|us)\b",
            r"\bsos\b",
            r"\bi(?:'m|\s+am|m)\s+(?:in\s+danger|scared\s+for\s+my\s+life|being\s+held|trapped|locked\s+in)\b",
        ),
        "danger": (
            r"\bin\s+(?:immediate\s+|real\s+|serious\s+|grave\s+|great\s+)?danger\b",
            r"\b(?:life|lives)\s+(?:is\s+|are\s+)?(?:at\s+risk|in\s+danger)\b",
        ),
    },
    frozenset(
        (
            "no not nobody noone none never neither nor without nothing isn't wasn't weren't aren't don't didn't doesn't "
            "haven't hasn't hadn't won't wouldn't isnt wasnt werent arent dont didnt doesnt havent hasnt"
        ).split()
    )
    | {"no one", "no sign of", "no signs of"},
)

_PL = _Lexicon(
    "pl",
    fold_latin,
    {
        "violence": (
            r"\b(?:bije|bija|tlucze|tluka|kopie|kopia|atakuje|atakuja|dzga|katuje|katuja|dusi|dusza)\b",
            r"\b(?:jest|sa)\s+(?:bity|bita|bici|bite|atakowan\w*|katowan\w*|krzywdzon\w*)\b",
        ),
        "weapon": (r"\b(?:ma|maja|z)\s+(?:noz|nozem|noze|bron|bronia|pistolet\w*|maczet\w*)\b",),
        "threat_to_life": (r"\bgroz\w*\s+(?:ze\s+)?(?:go\s+|ja\s+|ich\s+|mi\s+)?zabi\w*\b", r"\bzabij\w*\b|\bzabije\b"),
        "locked_in": (
            r"\bzamkni\w*\s+(?:w\s+(?:srodku|pokoju|piwnicy|domu|pomieszczeniu)|na\s+klucz)\b",
            r"\buwiezi\w*\b",
            r"\bnie\s+(?:moze|moge|moga|mozemy)\s+(?:stad\s+)?wyjsc\b",
        ),
        "injured": (r"\b(?:ranny|ranna|ranni|krwawi|krwawia|nieprzytomn\w*|nie\s+oddycha)\b",),
        "taken_now": (r"\b(?:porywaj\w*|porwal\w*|porwan\w*|wciagaj\w*\s+do|zabieraj\w*\s+(?:go|ja|ich|je)\b)",),
        "child_at_risk": (r"\bdzieck\w*\b[^.!?]{0,40}?\b(?:niebezpieczenstw\w*|zagrozen\w*)\b",),
        "plea_for_help": (r"\bpomocy\b", r"\bpomoz(?:cie)?\s+mi\b", r"\bratunku\b", r"\bratuj(?:cie)?\s+mnie\b"),
        "danger": (r"\bw\s+niebezpieczenstwie\b", r"\bzagrozenie\s+zycia\b"),
    },
    frozenset(["nie", "nikt", "nikogo", "nikomu", "zaden", "zadna", "zadne", "zadnych", "bez", "nigdy", "ani"]),
)

_RO = _Lexicon(
    "ro",
    fold_latin,
    {
        "violence": (
            r"\b(?:il|o|ii|le|ma|te|ne)\s+(?:bate|bat|loveste|lovesc|ataca|injunghie|snopesc)\b",
            r"\b(?:este|e|sunt)\s+(?:batut|batuta|batuti|lovit|lovita|lovitii|atacat\w*)\s+(?:acum|chiar\s+acum)\b",
        ),
        "weapon": (r"\b(?:are|au|cu)\s+(?:un\s+|o\s+)?(?:cutit(?:ul)?|pistol(?:ul)?|arma|topor(?:ul)?|maceta)\b",),
        "threat_to_life": (r"\b(?:il|o|ii|ma|te|ne)\s+(?:omoara|omor|ucide)\b", r"\bameninta\w*\s+cu\s+moartea\b"),
        "locked_in": (
            r"\b(?:inchis|inchisa|inchisi|incuiat\w*)\s+(?:in|inauntru|intr-o|intr-un)\b",
            r"\bnu\s+(?:pot|poate|putem|pot\s+sa|poate\s+sa)\s+(?:iesi|ies|iasa|iesim)\b",
            r"\bsechestrat\w*\b",
        ),
        "injured": (r"\b(?:ranit|ranita|raniti|sangereaza|inconstient\w*|lesinat\w*|nu\s+respira)\b",),
        "taken_now": (r"\brapit\w*\b|\brapesc\b", r"\b(?:il|o|ii|le)\s+(?:baga|forteaza|trag)\b[^.!?]{0,30}?\b(?:duba|masina|forta)\b"),
        "child_at_risk": (r"\bcopi\w*\b[^.!?]{0,40}?\bpericol\b",),
        "plea_for_help": (r"\bajutor\b", r"\bajuta(?:ti)?-?(?:ma|ne)\b", r"\bsalva(?:ti)?-?(?:ma|ne)\b", r"\bsalveaza-?ma\b"),
        "danger": (r"\bin\s+pericol\b", r"\bpericol\s+de\s+moarte\b"),
    },
    frozenset(["nu", "nimeni", "niciun", "nicio", "niciunul", "fara", "niciodata", "n-"]),
)

_SQ = _Lexicon(
    "sq",
    fold_latin,
    {
        "violence": (
            r"\bpo\s+(?:e|i|me|na|te|ju)\s+(?:rrah\w*|rreh\w*|godit\w*|godasin|godet|sulmo\w*|qell\w*)\b",
            r"\b(?:e|i|me)\s+rrahin\b",
        ),
        "weapon": (r"\b(?:ka|kane|me)\s+(?:nje\s+)?(?:thike|arme|arma|pistolet\w*|sopat\w*)\b",),
        "threat_to_life": (r"\bdo\s+(?:ta|te|me|na|i)\s+vras\w*\b", r"\bkercen\w*\s+(?:se\s+)?(?:do\s+)?(?:ta\s+|me\s+)?vras\w*\b"),
        "locked_in": (
            r"\bmbyll\w*\s+(?:brenda|ne\s+dhome|me\s+celes)\b",
            r"\bnuk\s+(?:mund|mundem|mundet|mundemi)\s+(?:te\s+)?dal\w*\b",
            r"\bbllokuar\b",
        ),
        "injured": (r"\b(?:plagos\w*|gjakos\w*|pa\s+ndjenja|nuk\s+merr\s+fryme)\b", r"\brrjedh\w*\s+gjak\b"),
        "taken_now": (r"\bpo\s+(?:e|i|na)\s+(?:marrin|rrembejne|fusin)\b", r"\brrembye\w*\b|\brrembim\w*\b"),
        "child_at_risk": (r"\bfemij\w*\b[^.!?]{0,40}?\brrezik\w*\b",),
        "plea_for_help": (r"\bndihme\b", r"\bme\s+ndihmo(?:ni)?\b", r"\bndihmome\b", r"\bme\s+shpeto(?:ni)?\b", r"\bshpetome\b"),
        "danger": (r"\bne\s+rrezik\b", r"\brrezik\s+per\s+jete\w*\b"),
    },
    frozenset(["nuk", "s", "as", "askush", "asnje", "pa", "kurre", "mos"]),
)

_LT = _Lexicon(
    "lt",
    fold_latin,
    {
        "violence": (r"\b(?:musa|dauzo|puola|spardo|pjauna|smaugia|dusina)\b", r"\bmusam\w*\b"),
        "weapon": (r"\b(?:turi|su|grasina|mojuoja)\s+(?:peili\w*|ginkl\w*|pistolet\w*)\b",),
        "threat_to_life": (r"\bgrasina\s+(?:nuzudyti|uzmusti)\b", r"\b(?:nuzudys|uzmus)\b"),
        "locked_in": (
            r"\buzrakint\w*\b",
            r"\buzdaryt\w*\s+(?:viduje|kambaryje|rusyje|name)\b",
            r"\bnegal\w*\s+iseiti\b",
        ),
        "injured": (r"\b(?:suzeist\w*|kraujuoja|be\s+samones|nekvepuoja)\b",),
        "taken_now": (r"\b(?:grobia|pagrob\w*|tempia\s+i)\b", r"\bveza\s+prievarta\b"),
        "child_at_risk": (r"\bvaik\w*\b[^.!?]{0,40}?\bpavoj\w*\b",),
        "plea_for_help": (r"\bpadekit(?:e)?\b", r"\bpadek\s+man\b", r"\bgelbekit(?:e)?\b", r"\bgelbek\b"),
        "danger": (r"\bpavojuje\b", r"\bpavojus\s+gyvybei\b", r"\bgresia\s+pavojus\b"),
    },
    frozenset(["ne", "niekas", "nieko", "jokio", "jokiu", "jokios", "be", "niekada", "nei"]),
)

_VI = _Lexicon(
    "vi",
    fold_latin,
    {
        "violence": (r"\b(?:dang|bi)\s+(?:danh|dap|hanh\s+hung|tan\s+cong)\b",),
        "weapon": (r"\b(?:co|cam)\s+(?:dao|sung|vu\s+khi)\b",),
        "threat_to_life": (r"\bde\s+doa\s+(?:giet|danh)\b", r"\bse\s+giet\b"),
        "locked_in": (r"\bbi\s+nhot\b", r"\bbi\s+khoa\s+(?:trong|lai)\b", r"\bkhong\s+the\s+(?:ra\s+ngoai|thoat)\b"),
        "injured": (r"\bbi\s+thuong\b", r"\bchay\s+mau\b", r"\bbat\s+tinh\b", r"\bkhong\s+tho\s+(?:duoc|nua)\b"),
        "taken_now": (r"\b(?:bat\s+coc|bi\s+bat\s+di|ep\s+len\s+xe)\b",),
        "child_at_risk": (r"\b(?:tre\s+em|dua\s+tre|em\s+be|chau\s+be)\b[^.!?]{0,40}?\bnguy\s+hiem\b",),
        "plea_for_help": (r"\bcuu\s+(?:toi|em|voi|chung\s+toi|con|minh|tui)\b", r"\bgiup\s+(?:toi|em|minh|con|tui)\s+voi\b"),
        "danger": (r"\b(?:gap|dang)\s+nguy\s+hiem\b", r"\bnguy\s+hiem\s+tinh\s+mang\b"),
    },
    frozenset(["khong", "chang", "chua", "ko", "k", "cha"]) | {"khong ai"},
)

_AR = _Lexicon(
    "ar",
    fold_arabic,
    {
        "violence": (r"(?:يضرب|تضرب|يضربون|يضربونه|يضربونها|يعتدي|يعتدون|يعذب|يعذبون)",),
        "weapon": (r"(?:معه|معهم|يحمل|يحملون|بيده)\s+(?:سكين|مسدس|سلاح|ساطور)",),
        "threat_to_life": (r"يهدد\S*\s+بالقتل", r"(?:سيقتل|سيقتلون|سيقتلني)"),
        "locked_in": (
            r"(?:محبوس|محبوسه|محتجز|محتجزه|مقفل\s+عليه|مقفل\s+عليها|مسجون|مسجونه)",
            r"لا\s+(?:استطيع|يستطيع|تستطيع|يستطيعون|نستطيع)\s+الخروج",
        ),
        "injured": (r"(?:مصاب|مصابه|جريح|ينزف|تنزف|فاقد\s+الوعي|لا\s+يتنفس)",),
        "taken_now": (r"(?:يخطف|يخطفون|خطفوا|اختطاف|يجبرونه|يجبرونها)",),
        "child_at_risk": (r"(?:طفل|اطفال|طفله)[^.!?؟]{0,40}?خطر",),
        "plea_for_help": (r"(?:ساعدني|ساعدوني|النجده|انقذوني|انقذني|الحقوني)",),
        "danger": (r"(?:في\s+خطر|بخطر|خطر\s+على\s+حيات)",),
    },
    frozenset(["لا", "لم", "لن", "ليس", "ليست", "ما", "بدون", "ولا", "غير"]) | {"لا احد"},
)

_UR = _Lexicon(
    "ur",
    fold_urdu,
    {
        "violence": (r"(?:مار\s+رہ|پیٹ\s+رہ|تشدد\s+کر\s+رہ|مارا\s+جا\s+رہا|مارا\s+پیٹا\s+جا\s+رہا)",),
        "weapon": (r"پاس\s+(?:چاقو|چھری|پستول|بندوق|اسلحہ)", r"(?:چاقو|چھری|پستول|بندوق)\s+(?:لے\s+کر|لیے|لئے|دکھا)"),
        "threat_to_life": (r"(?:جان\s+سے\s+مار|قتل\s+کر\s+دے)",),
        "locked_in": (r"(?:بند\s+کر\s+(?:دیا|رکھا)|کمرے\s+میں\s+بند|قید\s+(?:ہے|ہیں|ہوں|میں))", r"باہر\s+نہیں\s+نکل\s+سک"),
        "injured": (r"(?:زخمی|خون\s+بہ|بے\s+ہوش|سانس\s+نہیں\s+لے)",),
        "taken_now": (r"(?:اغوا|زبردستی\s+لے\s+جا|گاڑی\s+میں\s+ڈال)",),
        "child_at_risk": (r"(?:بچہ|بچے|بچی)[^.!?؟]{0,40}?خطرے",),
        "plea_for_help": (r"(?:میری\s+مدد\s+کر|مدد\s+کرو|مدد\s+کریں|بچاؤ|بچاو|مجھے\s+بچا)",),
        "danger": (r"(?:خطرے\s+میں|جان\s+کو\s+خطرہ)",),
    },
    frozenset(["نہیں", "نہ", "مت", "بغیر", "بنا"]) | {"کوئی نہیں"},
    negators_after=frozenset({"نہیں", "نہ"}),
)

LEXICONS: Final = (_EN, _PL, _RO, _SQ, _LT, _VI, _AR, _UR)

_COMPILED: Final = tuple((lex, [(cat, re.compile(p)) for cat, pats in lex.patterns.items() for p in pats]) for lex in LEXICONS)
_CLAUSE_BREAK: Final = re.compile(r"[.!?;,\n؟،]|\bbut\b|\bhowever\b|\bale\b|\bdar\b|\bpor\b|\bbet\b|\bnhung\b|\bلكن\b|\bلیکن\b|\bمگر\b")
_TOKEN: Final = re.compile(r"[\w'\-]+")
_QUESTION_OPENERS: Final = re.compile(
    r"^\s*(?:what\s+if|what\s+should|what\s+do|how\s+(?:do|can|should|would)|should\s+i|do\s+i|is\s+it|when\s+should|can\s+(?:you|u)|could\s+(?:you|u))\b"
)
_NEGATION_WINDOW: Final = 4


def _negated(lex: _Lexicon, text: str, start: int, end: int) -> bool:
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    before = _TOKEN.findall(text[clause_start:start])[-_NEGATION_WINDOW:]
    words = (
        set(before) | {" ".join(before[i : i + 2]) for i in range(len(before))} | {" ".join(before[i : i + 3]) for i in range(len(before))}
    )
    if words & lex.negators_before:
        return True
    if lex.negators_after:
        after = _TOKEN.findall(text[end : end + 40])[:2]
        if set(after) & lex.negators_after:
            return True
    return False


def _is_hypothetical_question(text: str, start: int) -> bool:
    """'What if someone is in danger?' asks about the service; it does not report danger."""
    clause_start = max((m.end() for m in re.finditer(r"[.!;\n]", text[:start])), default=0)
    clause = text[clause_start:]
    end = clause.find("?")
    return end != -1 and bool(_QUESTION_OPENERS.match(clause))


def find_danger_cues(text: str) -> list[DangerCue]:
    """Every non-negated danger cue in `text`, in any supported language."""
    if not text or not text.strip():
        return []
    found: list[DangerCue] = []
    seen: set[tuple[str, str]] = set()
    for lex, patterns in _COMPILED:
        folded = lex.fold(text)
        for category, pattern in patterns:
            for match in pattern.finditer(folded):
                if _negated(lex, folded, match.start(), match.end()):
                    continue
                if lex.language == "en" and _is_hypothetical_question(folded, match.start()):
                    continue
                if category == "plea_for_help" and re.search(r"\b(?:can|could|would|will)\s+(?:you|u)\s*$", folded[: match.start()]):
                    continue  # "can you help me?" is a request for information, not a plea
                key = (category, match.group(0))
                if key not in seen:
                    seen.add(key)
                    found.append(DangerCue(category, lex.language, match.group(0)))
    return found


def danger_categories(texts: Iterable[str]) -> list[str]:
    """The distinct cue categories found across `texts`, in `CATEGORIES` order."""
    hits = {cue.category for text in texts for cue in find_danger_cues(text)}
    return [c for c in CATEGORIES if c in hits]


__all__ = ["CATEGORIES", "DangerCue", "danger_categories", "find_danger_cues"]
