"""Phrasings of other cities' and years' reports that the catalog drafter reads (issue #17).

:mod:`bijie_etl.catalog.draft` was built on one report; the helpers here read what other reports
write differently: short forms in lists of names (城乡, 城、乡), two counts joined by 和, bullets
and preambles before a name, 年均 goals of a plan period, headings that name the year otherwise.
The words they use live in ``sources/catalog_draft.yaml`` like the rest of the vocabulary.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from bijie_etl.errors import CatalogError

__all__ = [
    "average_annual",
    "carry_fenbie",
    "closes_part",
    "exclusion_text",
    "expand_names",
    "first_words",
    "flag_changes",
    "found_some",
    "join_wrapped",
    "opens_summary",
    "plan_section",
    "qualifies_count",
    "segment_starts",
    "subject_of",
    "trim_lead",
    "unread_numbers",
]


class _Spanned(Protocol):
    start: int
    unit_end: int


def expand_names(names: list[str], count: int, raw: dict[str, Any]) -> list[str]:
    """Short forms of a list of names before 分别: 城乡居民收入 names two indicators (城镇…, 农村…),
    城、乡居民收入 abbreviates them (``name_pairs`` and ``name_abbreviations`` of the vocabulary)."""
    if len(names) == 1 and count > 1:
        for pair, parts in (raw.get("name_pairs") or {}).items():
            if names[0].startswith(pair) and len(parts) == count:
                return [str(p) + names[0][len(pair) :] for p in parts]
    short = {str(k): str(v) for k, v in (raw.get("name_abbreviations") or {}).items()}
    if len(names) > 1 and all(n[:1] in short and not n.startswith(short[n[:1]]) for n in names):
        return [short[n[:1]] + n[1:] for n in names]
    return names


def segment_starts(text: str, numbers: Sequence[_Spanned]) -> list[int]:
    """Where the text that names each number begins: after the 、 that follows the previous number,
    or after a 和/及 right before this number (165个A工程和25个B工程: A names the first)."""
    starts = [0] if numbers else []
    for prev, n in itertools.pairwise(numbers):
        cut = text.find("、", prev.unit_end, n.start)
        if cut < 0 and n.start - 1 > prev.unit_end and text[n.start - 1] in "和及":
            cut = n.start - 1
        starts.append(cut + 1 if cut >= 0 else prev.unit_end)
    return starts


def trim_lead(text: str, raw: dict[str, Any]) -> str:
    """The text that may name a number, without what opens it in a news-style or bulleted report:
    a bullet or dash (●, ■, ——) and a preamble ending in a summary word (…主要预期目标——地区生产总值);
    nothing when it lists examples (…等15个项目: the noun after the number names it)."""
    for word in raw.get("summary_words") or []:
        pos = text.rfind(str(word))
        if pos >= 0:
            text = text[pos + len(str(word)) :]
    text = _strip_marks(text)
    if text.endswith("等"):
        return ""  # 建成A医院、B医院等15个重大医疗项目: the noun after the number names it
    if text[:1] in ("是", "为") and len(text) > 1 and not text[1].isalnum():
        text = _strip_marks(text[1:])
    return text


def _strip_marks(text: str) -> str:
    while text and not (text[0].isalnum() or text[0] in "“‘(《\"'"):
        text = text[1:]
    return text


def average_annual(name: str, predicate: str) -> tuple[str, str, list[str]]:
    """年均增长11%: the name keeps 年均 (its predicate loses 均), and a reviewer confirms the goal is
    the year's own, not the average of a plan period."""
    if name.endswith("年") and predicate.startswith("均"):
        review = "报告写的是“年均”：多为规划期目标，请确认是否作为当年目标"
        return name[:-1] + "年均", predicate[1:], [review]
    return name, predicate, []


def subject_of(previous_name: str, suffixes: Sequence[str]) -> str:
    """一般公共预算收入完成52亿元、增长5%: the growth is named by the subject of the number before it."""
    for suffix in suffixes:
        if previous_name.endswith(suffix):
            return previous_name[: -len(suffix)]
    return previous_name


def opens_summary(line: str, summary_words: Sequence[str]) -> bool:
    """A paragraph that opens the year's targets: it starts with a summary word, or names one early and
    goes on to list them (今年全市经济社会发展的主要预期目标是：…), not a past one (主要预期目标全面完成)."""
    if any(line.startswith(w) for w in summary_words):
        return True
    head = line[:40]
    if len(line) <= 40 and any(line.endswith(w) for w in summary_words):
        return True  # ■2025年经济社会发展的主要预期目标 (a title over a list of targets)
    return any(f"{w}{verb}" in head for w in summary_words for verb in ("是", "为", ":", "—"))


_ANY_NUMBER = re.compile(r"(?<![0-9.a-z])\d+(?:\.\d+)?(?![0-9.])")


def unread_numbers(clause: str, numbers: Sequence[_Spanned]) -> list[str]:
    """Clauses holding a number that no known unit follows (and that is not a list mark or a name)."""
    covered = [(n.start, n.unit_end) for n in numbers]
    out = []
    for m in _ANY_NUMBER.finditer(clause):
        if any(a <= m.start() < b for a, b in covered):
            continue
        nxt = clause[m.end() : m.end() + 1]
        if not nxt or not ("\u4e00" <= nxt <= "\u9fff" or nxt in "/%"):
            continue  # 5G, 3+1, (1), 〔2022〕: not a quantity
        out.append(f"{m.group(0)}{clause[m.end() : m.end() + 6]}（{clause}）")
    return out


def first_words(line: str) -> str:
    """A heading, or the opening of the paragraph that began the part (主要预期目标是：…)."""
    return line if len(line) <= 40 else line[:40] + "…"


def exclusion_text(clause: str, n: _Spanned) -> str:
    """The number with a few characters of context, within its clause (what an exclusion matches)."""
    a = max(0, n.start - 4)
    b = min(len(clause), n.unit_end + 4)
    while a > 0 and (clause[a - 1].isdigit() or clause[a - 1] == "."):
        a -= 1  # never cut a number in two
    while b < len(clause) and (clause[b].isdigit() or clause[b] == "."):
        b += 1
    return clause[a:b]


def qualifies_count(n: _Spanned, preceding: _Spanned | None, after: str, comparators: Sequence[str]) -> bool:
    """完成230个50户以上村寨…: a number right after another number's unit, followed by 以上/以下 and a
    noun, sizes the noun the other number counts (a threshold in a name, not a target)."""
    if preceding is None or preceding.unit_end != n.start:
        return False
    return any(after.startswith(w) and len(after) > len(w) for w in comparators)


class _Drafted(Protocol):
    name: str
    kind: str
    start: int
    confidence: float
    review: list[str]


_D = TypeVar("_D", bound=_Drafted)
_POINTS = re.compile(r"\d+(?:\.\d+)?(?:个)?百分点")


class _Sectioned(Protocol):
    text: str
    section: str


_PLAN_SECTION = "规划期"


def plan_section(paragraph: str, summary_word: str, raw: dict[str, Any]) -> str:
    """The section of a paragraph of targets: 今后五年…的主要目标是… states a plan period's goals."""
    opening = paragraph[: paragraph.find(summary_word)]
    if any(str(w) in opening for w in raw.get("plan_period_words") or []):
        return f"{_PLAN_SECTION}{summary_word}"
    return summary_word


def flag_changes(raws: list[_D], where: _Sectioned, raw: dict[str, Any]) -> list[_D]:
    """Proposals a reviewer must rewrite before they can be monitored, marked with low confidence:
    a change in percentage points (提高1.2个百分点 is no level of 1.2%), a plan period's cumulative
    goal (“十五五”期间累计完成投资…) and the goals of a paragraph stating a plan period's (今后五年…)."""
    clause = where.text
    plan_words = [str(w) for w in raw.get("plan_period_words") or []]
    for r in raws:
        if where.section.startswith(_PLAN_SECTION) and not any("规划期" in x for x in r.review):
            r.review.append("规划期（今后五年）的目标，不是当年目标：请确认是否纳入本年目录")
            r.confidence = min(r.confidence, 0.5)
        if _POINTS.match(clause, r.start):
            r.name += "(百分点变化)"
            r.review.append("报告写的是变化量（个百分点），不是水平：请改为目标水平（上年实际值加减该值）")
            r.confidence = min(r.confidence, 0.3)
        elif "累计" in clause[: r.start] and any(w in clause for w in plan_words):
            r.review.append("规划期的累计目标：请确认是否作为当年目标，或改为当年应完成的量")
            r.confidence = min(r.confidence, 0.5)
    return raws


def carry_fenbie(raws: list[_D], clause: str, previous: list[_D]) -> list[_D]:
    """接待游客1.2亿人次、旅游总收入1300亿元，分别增长10%、12%: a clause opening with 分别 gives its
    numbers, in order, to the subjects of the clause before it (one number each)."""
    if not clause.startswith("分别") or not raws or len(raws) != len(previous):
        return raws
    growth = any(w in clause[2 : raws[0].start] for w in ("增长", "增速", "下降", "降低"))
    for r, p in zip(raws, previous, strict=True):
        r.name = subject_of(p.name, ("增速", "降幅")) + ("增速" if growth else "")
        r.kind = "growth_rate" if growth else r.kind
        r.confidence = 0.8
        r.review = [x for x in r.review if x != "未能确定名称"]
    return raws


_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING_OR_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|\()")
#: Sentence and clause ends after NFKC (。 stays; ！？；： become ! ? ; :).
_LINE_ENDS = "。!?;:"


def join_wrapped(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A report copied from a PDF breaks its sentences at the page width: a long line that ends without
    punctuation continues on the next line, unless that line opens a heading, an item or a bullet
    (``(text, offset)`` pairs of normalised lines; offsets stay those of the unbroken text)."""
    out: list[tuple[str, int]] = []
    for text, offset in lines:
        if out and _continues(out[-1][0], text):
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, offset))
    return out


def _continues(previous: str, text: str) -> bool:
    return (
        len(previous) >= 16
        and previous[-1] not in _LINE_ENDS
        and not _TOP_HEADING.match(previous)
        and bool(text)
        and text[0].isalnum()
        and not _HEADING_OR_ITEM.match(text)
    )


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def closes_part(heading: str, year: int, raw: dict[str, Any]) -> bool:
    """A top heading after the year's part that ends it: one naming another year (三、2023年工作回顾)
    or a closing word of ``part_end_words`` (加强政府自身建设); task headings without a year do not."""
    if any(int(y) != year for y in _YEAR.findall(heading)):
        return True
    return any(str(w) in heading for w in raw.get("part_end_words") or [])


_T = TypeVar("_T")


def found_some(proposals: list[_T], heading: str, year: int) -> list[_T]:
    """The proposals, or a clear refusal when the part read holds no number with a unit (a wrong
    --year or heading): an empty draft would only fail later as an invalid catalog."""
    if not proposals:
        raise CatalogError(
            f"“{first_words(heading)}”部分没有找到带单位的数字目标：请核对 --year，或用 --heading 指明"
            f"{year}年目标所在的标题 (no target found in the part read)"
        )
    return proposals
