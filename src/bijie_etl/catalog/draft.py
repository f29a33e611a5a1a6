"""Draft a new year's target catalog from the text of its Government Work Report (issue #17).

Every January the city adopts a new report with about 150 targets. :func:`draft_catalog` reads the
year's part of it (from the heading that names the year's targets and tasks, through the work
sections, 民生实事 included), takes every number with a unit (the coverage scanner's grammar,
:func:`bijie_etl.coverage.scan_numbers`, and the unit registry) and its clause, and proposes one
catalog entry per target: name, unit, target, stretch (力争), comparator, direction, kind, pace
method and frequency. Numbers judged not to be targets (years, ages, voltages, document numbers,
rankings, past results, numbers inside names) become draft exclusions with a reason.

With the previous year's catalog, a recurring indicator — matched by name, alias or by the same
sentence with other numbers — keeps its code, names, department, aliases, frequency and kind; a new
one gets a provisional code (``new_<year>_NNN``) and a department guessed from the keyword table of
``sources/catalog_draft.yaml``, and is marked for review. Every proposal carries its clause (verbatim
report text) and a confidence; the words the drafter understands all live in that YAML file.

:func:`bijie_etl.catalog.draft_review.write_draft` writes the files and the review report;
:mod:`bijie_etl.catalog.draft_previous` matches proposals to the previous year's catalog.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.catalog.completeness import scan_numbers
from bijie_etl.catalog.draft_phrases import (
    average_annual,
    carry_fenbie,
    closes_part,
    exclusion_text,
    expand_names,
    first_words,
    flag_changes,
    found_some,
    join_wrapped,
    opens_summary,
    plan_section,
    qualifies_count,
    segment_starts,
    subject_of,
    trim_lead,
    unread_numbers,
)
from bijie_etl.catalog.model import Catalog, Target
from bijie_etl.errors import CatalogError
from bijie_etl.text import normalize_name
from bijie_etl.units import UnitRegistry

__all__ = [
    "Draft",
    "DraftExclusion",
    "DraftRules",
    "Proposal",
    "draft_catalog",
    "load_rules",
]

_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SECTION_HEADING = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_ITEM_MARK = re.compile(r"\((\d{1,2})\)")
#: Clause ends after NFKC: full-width ，；：！？ become , ; : ! ? (。 and 、 stay).
_CLAUSE_SEPARATORS = "。,;:!?"
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19\d\d|20\d\d)年")


# --------------------------------------------------------------------------------------------
# The vocabulary (sources/catalog_draft.yaml)


@dataclass(frozen=True)
class DraftRules:
    """The words the drafter understands, read from ``sources/catalog_draft.yaml``."""

    raw: dict[str, Any]

    def words(self, key: str) -> list[str]:
        return [normalize_name(str(w)) for w in self.raw.get(key, []) or []]

    def word_map(self, key: str) -> dict[str, list[str]]:
        return {k: [normalize_name(str(w)) for w in v or []] for k, v in (self.raw.get(key) or {}).items()}

    @property
    def department_keywords(self) -> list[tuple[str, str]]:
        """(keyword, department code), longest keyword first."""
        pairs = [(w, dept) for dept, words in self.word_map("department_keywords").items() for w in words]
        return sorted(pairs, key=lambda p: -len(p[0]))


def load_rules(path: Path) -> DraftRules:
    """Read the drafter's vocabulary file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"file not found: {path}") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{path.name} must be a mapping")
    return DraftRules(raw)


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Proposal:
    """One proposed catalog entry, with where it came from and how sure the drafter is."""

    fields: dict[str, Any]  # the catalog entry (Target fields)
    start: int  # offset of the target's number in the normalised report text
    confidence: float
    review: list[str] = field(default_factory=list)  # why a person should look (Chinese)
    previous: Target | None = None  # the previous year's entry it continues
    match_score: float = 0.0

    @property
    def code(self) -> str:
        return str(self.fields["code"])

    @property
    def changes(self) -> list[str]:
        """What differs from the previous year's entry (value, unit, comparator …)."""
        if self.previous is None:
            return []
        out = []
        for key in ("target", "stretch", "unit", "comparator", "direction"):
            old = getattr(self.previous, key)
            old = old.value if hasattr(old, "value") else old
            new = self.fields.get(key)
            if key in ("target", "stretch"):
                same = (old is None and new is None) or (
                    old is not None and new is not None and math.isclose(float(old), float(new))
                )
            else:
                same = old == new or (key == "direction" and new is None and old == "higher_is_better")
            if not same:
                out.append(f"{key}: {_fmt(old)} → {_fmt(new)}")
        return out


@dataclass(frozen=True)
class DraftExclusion:
    """A number of the year's part that the drafter judged not to be a target."""

    text: str
    reason: str
    start: int
    clause: str


@dataclass
class Draft:
    """The drafted catalog of one year."""

    year: int
    heading: str
    proposals: list[Proposal]
    exclusions: list[DraftExclusion]
    dropped: list[Target]  # previous targets not found in the new report
    previous_year: int | None = None
    #: Numbers the scanner did not read because no known unit follows them (28微克/立方米): a person decides.
    unread: list[str] = field(default_factory=list)

    def entries(self) -> list[dict[str, Any]]:
        return [p.fields for p in self.proposals]


# --------------------------------------------------------------------------------------------
# Reading the report


@dataclass
class _Clause:
    text: str  # normalised (NFKC, no spaces)
    start: int  # offset in the normalised report
    section: str


def _lines_with_offsets(report_text: str) -> list[tuple[str, int]]:
    out, offset = [], 0
    for line in report_text.splitlines():
        norm = normalize_name(line)
        out.append((norm, offset))
        offset += len(norm)
    return out


def _find_part(
    lines: list[tuple[str, int]], year: int, heading: str | None, rules: DraftRules
) -> tuple[int, int]:
    """Indexes of the first and one-past-last line of the year's part."""
    start = None
    if heading:
        key = normalize_name(heading)
        start = next((i for i, (t, _) in enumerate(lines) if key in t), None)
        if start is None:
            raise CatalogError(f"报告中找不到标题“{heading}” (heading not found in the report)")
    else:
        words = rules.words("part_heading_words")
        start = next(
            (
                i
                for i, (t, _) in enumerate(lines)
                if _TOP_HEADING.match(t) and f"{year}年" in t and any(w in t for w in words)
            ),
            None,
        )
        if start is None:
            summary = rules.words("summary_words")
            start = next((i for i, (t, _) in enumerate(lines) if opens_summary(t, summary)), None)
        if start is None:
            raise CatalogError(
                f"报告中找不到{year}年目标部分的标题（如“二、{year}年主要目标和重点任务”），"
                "请用 --heading 指明 (the year's part was not found; name its heading with --heading)"
            )
    # The part runs through the next top headings (三、2025年政府工作任务, 三、坚定不移推进工业强市 …) up to
    # one that closes it (三、全面加强政府自身建设) or names another year (三、2023年工作回顾).
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if _TOP_HEADING.match(t := lines[i][0]) and closes_part(t, year, rules.raw)
        ),
        len(lines),
    )
    return start, end


def _inside_number(text: str, j: int) -> bool:
    """A comma or point between two digits (1,234 or 3.5) does not end a clause."""
    return 0 < j < len(text) - 1 and text[j - 1].isdigit() and text[j + 1].isdigit()


def _clauses(lines: list[tuple[str, int]], start: int, end: int, rules: DraftRules) -> list[_Clause]:
    summary, livelihood = rules.words("summary_words"), rules.words("livelihood_words")
    section = lines[start][0]
    out: list[_Clause] = []
    for text, offset in lines[start:end]:
        if not text:
            continue
        m = _SECTION_HEADING.match(text)
        if m:
            section = text.split("。")[0]
        elif any(w in text[:40] for w in summary):
            section = plan_section(text, next(w for w in summary if w in text[:40]), rules.raw)
        livelihood_word = next((w for w in livelihood if w in text), None)
        # Item marks (1)(2)… of a list of practical matters open a sub-section each.
        pieces: list[tuple[int, str]] = [(0, section)]
        if livelihood_word:
            pieces = [(0, section)] + [
                (mark.start(), f"{livelihood_word}({mark.group(1)})") for mark in _ITEM_MARK.finditer(text)
            ]
        for k, (piece_start, piece_section) in enumerate(pieces):
            piece_end = pieces[k + 1][0] if k + 1 < len(pieces) else len(text)
            i = piece_start
            for j in range(piece_start, piece_end + 1):
                if j == piece_end or (text[j] in _CLAUSE_SEPARATORS and not _inside_number(text, j)):
                    clause = text[i:j]
                    lead = _ITEM_MARK.match(clause)
                    skip = lead.end() if lead else 0
                    if clause[skip:]:
                        out.append(_Clause(clause[skip:], offset + i + skip, piece_section))
                    i = j + 1
        if livelihood_word:
            section = pieces[-1][1]
    return out


# --------------------------------------------------------------------------------------------
# Judging one number


@dataclass
class _Number:
    value: float
    unit: str  # as written
    start: int  # in the clause
    unit_end: int  # in the clause
    text: str
    stretch: float | None = None  # the upper end of a range (1至2个)


#: What joins the two ends of a range written with a unit on each end (6.5%-7%, 6%至7%).
_RANGE_JOINERS = ("-", "—", "~", "至", "到")


def _numbers(clause: str) -> list[_Number]:
    out: list[_Number] = []
    for m in scan_numbers(clause):
        if out and out[-1].unit_end == m.unit_end:  # second end of a range (1至2个)
            out[-1].stretch = m.value
            continue
        if out and m.unit == out[-1].unit and clause[out[-1].unit_end : m.start] in _RANGE_JOINERS:
            out[-1].stretch, out[-1].unit_end = m.value, m.unit_end  # 6.5%-7%: one target, two ends
            continue
        out.append(_Number(m.value, m.unit, m.start, m.unit_end, m.text))
    return out


def _canonical_unit(units: UnitRegistry, unit: str) -> str | None:
    found = units.canonical(unit)
    if found is None and unit.startswith("个") and len(unit) > 1:
        found = units.canonical(unit[1:])  # 个百分点 → 百分点 → %
    return found


def _not_target(
    n: _Number,
    clause: _Clause,
    year: int,
    rules: DraftRules,
    following: _Number | None = None,
    preceding: _Number | None = None,
) -> str | None:
    """The reason a number is not a target, or None (``following``/``preceding``: its neighbours)."""
    text = clause.text
    before, after = text[: n.start], text[n.unit_end :]
    for rule in rules.raw.get("not_targets", []) or []:
        units = [normalize_name(str(u)) for u in rule.get("units", []) or []]
        if (units and n.unit not in units) or any(
            before.endswith(w) for w in rule.get("unless_before") or []
        ):
            continue  # 完成6个在建医院: a completion verb makes the number a target after all
        checks = []
        if rule.get("before"):
            checks.append(any(before.endswith(normalize_name(w)) for w in rule["before"]))
        if rule.get("after"):
            checks.append(any(after.startswith(normalize_name(w)) for w in rule["after"]))
        if rule.get("year_like"):
            checks.append(n.unit == "年" and n.value.is_integer() and 1900 <= n.value <= 2100)
        if rule.get("past_year"):
            checks.append(_is_past(text, year, rules))
        if rule.get("example_list"):
            checks.append(_in_example_list(after, rules))
        if rule.get("rate_qualifier"):
            checks.append(n.unit != "%" and _qualifies_rate(after, rules))
        if rule.get("name_qualifier"):
            checks.append(_qualifies_next(n, following, text, rules))
        if rule.get("after_has"):
            checks.append(any(normalize_name(w) in after for w in rule["after_has"]))
        if rule.get("before_has"):
            checks.append(any(normalize_name(w) in before for w in rule["before_has"]))
        if rule.get("count_qualifier"):
            checks.append(qualifies_count(n, preceding, after, _comparator_words(rules)))
        if rule.get("before") and rule.get("after"):
            hit = any(checks[:2]) and all(checks[2:])  # either side names the condition
        else:
            hit = all(checks) if checks else bool(units)
        if hit:
            return str(rule["reason"])
    if n.unit in rules.words("non_target_units"):
        return f"单位“{n.unit}”不是目标的计量单位 (not a target's unit)"
    return None


def _is_past(text: str, year: int, rules: DraftRules) -> bool:
    years = [int(y) for y in _YEAR_IN_TEXT.findall(text)]
    if years and all(y < year for y in years) and not any(y >= year for y in years):
        return True
    return any(text.startswith(w) for w in rules.words("past_words"))


def _qualifies_next(n: _Number, following: _Number | None, text: str, rules: DraftRules) -> bool:
    """`5000万元以上项目30个`: the number sizes the noun that the next number (another unit) counts."""
    if following is None or following.unit == n.unit:
        return False
    raw = text[n.unit_end : following.start]
    between = _clean_after(raw, rules)
    if not between or any(c in raw for c in "、,;和及"):
        return False
    return not any(w in between for w in rules.words("predicate_words"))


def _comparator_words(rules: DraftRules) -> list[str]:
    return [w for words in rules.word_map("comparator_after").values() for w in words]


def _in_example_list(after: str, rules: DraftRules) -> bool:
    """`省级30万吨粮油储备库等重大项目`: the number sits in the name of an example of a list."""
    if not after or any(after.startswith(w) for w in _comparator_words(rules)):
        return False
    head = after.split("、")[0]
    return "等" in head and not head.startswith("等")


def _qualifies_rate(after: str, rules: DraftRules) -> bool:
    """`30户以上农村…覆盖率达到…`: the number qualifies a name whose measure is a rate."""
    head = after
    for w in _comparator_words(rules):
        if head.startswith(w):
            head = head[len(w) :]
            break
    if not head or "、" in head:
        return False
    return any(s in head for s in rules.words("rate_suffixes"))


# --------------------------------------------------------------------------------------------
# Names, comparators, directions, kinds


def _strip_words(text: str, leading: Sequence[str], trailing: Sequence[str]) -> tuple[str, str]:
    """(text without leading verbs and trailing predicates, the predicate removed)."""
    changed = True
    while changed and text:
        changed = False
        for w in leading:
            if text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w) :], True
                break
    predicate = ""
    changed = True
    while changed and text:
        changed = False
        for w in sorted(trailing, key=len, reverse=True):
            if text.endswith(w):
                text, predicate, changed = text[: -len(w)], w + predicate, True
                break
    return text, predicate


def _clean_after(after: str, rules: DraftRules) -> str:
    for w in sorted(_comparator_words(rules), key=len, reverse=True):
        if after.startswith(w):
            after = after[len(w) :]
            break
    return after.strip("、")


def _comparator(before: str, after: str, rules: DraftRules) -> str:
    for comp, words in rules.word_map("comparator_after").items():
        if any(after.startswith(w) for w in words):
            return comp
    for comp, words in rules.word_map("comparator_before").items():
        if any(before.endswith(w) for w in words):
            return comp
    return "exactly"


def _kind(unit: str, name: str, predicate: str, rules: DraftRules) -> str:
    for rule in rules.raw.get("kind_rules", []) or []:
        units = [str(u) for u in rule.get("units", []) or []]
        if units and unit not in units:
            continue
        words = [normalize_name(str(w)) for w in rule.get("words", []) or []]
        if not words:
            return str(rule["kind"])
        if rule["kind"] == "growth_rate":
            # 增长6% / 下降3% is a rate of change; 下降到16% is a level.
            # 上涨控制在3%: a ceiling on the rise, still a rate of change
            level = predicate.endswith(("到", "至", "在")) and not predicate.endswith("控制在")
            if any(w in predicate for w in words) and not level:
                return "growth_rate"
            if any(name.endswith(w) for w in ("增速", "增幅", "涨幅")):
                return "growth_rate"
            continue
        if any(w in name for w in words):
            return str(rule["kind"])
    return "cumulative"


def _department(name: str, clause: str, rules: DraftRules) -> tuple[str, str | None]:
    """The department whose keyword ends latest in the name (the head noun comes last), else in the clause."""
    for text in (name, clause):
        found = [
            (text.rfind(word) + len(word), len(word), word, dept)
            for word, dept in rules.department_keywords
            if word in text
        ]
        if found:
            _, _, word, dept = max(found)
            return dept, word
    return str(rules.raw.get("department_fallback", "drc")), None


def _share_tail(first: str, last: str) -> str:
    """The words a short list element shares with the last one (一产、…三产增加值 → 增加值)."""
    for k in range(len(first), 0, -1):
        pos = last.find(first[-k:])
        if pos >= 0:
            return last[pos + k :]
    return last[len(first) :]


def _split_names(names_text: str, count: int | None = None) -> list[str]:
    parts = [p for p in re.split(r"、|和|及", names_text) if p]
    if count is not None and len(parts) != count:
        parts = [p for p in names_text.split("、") if p]
    if len(parts) > 1:
        last = parts[-1]
        parts = [
            p + _share_tail(p, last) if len(p) <= 4 and len(p) < len(last) else p for p in parts[:-1]
        ] + [last]
    return parts


# --------------------------------------------------------------------------------------------
# Drafting


@dataclass
class _Raw:
    name: str
    value: float
    stretch: float | None
    unit: str
    comparator: str
    direction: str
    kind: str
    start: int  # in the clause
    confidence: float
    review: list[str]


def _proposals_of(
    clause: _Clause, numbers: list[_Number], units: UnitRegistry, rules: DraftRules
) -> list[_Raw]:
    text = clause.text
    leading, trailing = rules.words("name_leading_words"), rules.words("name_trailing_words")
    verbs_only = set(rules.words("name_verbs_only"))
    lower_words, stretch_words = rules.words("lower_is_better"), rules.words("stretch_words")
    decrease = rules.words("decrease_words")
    rate_suffixes = rules.words("rate_suffixes")
    out: list[_Raw] = []

    at_least_words = rules.word_map("comparator_before").get("at_least", [])

    def direction_of(predicate: str, comparator: str, name: str) -> str:
        for w in sorted(at_least_words, key=len, reverse=True):
            predicate = predicate.replace(w, "")  # 不低于 is not 低于
        lower = any(w in predicate for w in lower_words) or comparator == "at_most"
        named = any(w in name for w in rules.words("lower_is_better_names")) and not any(
            w in name for w in decrease
        )
        lower = lower or named  # 失业率5.5%左右 (but 能耗下降率 is better higher)
        return "lower_is_better" if lower else "higher_is_better"

    def make(
        name: str, predicate: str, n: _Number, comparator: str, confidence: float, review: list[str]
    ) -> _Raw:
        unit = _canonical_unit(units, n.unit) or n.unit
        kind = _kind(unit, name, predicate, rules)
        direction = direction_of(predicate, comparator, name)
        if n.stretch is not None:
            comparator = "at_most" if direction == "lower_is_better" else "at_least"
        if kind == "growth_rate" and not name.endswith(("增速", "增幅", "涨幅", "降幅")):
            name = name + ("降幅" if any(w in predicate for w in decrease) else "增速")
        if kind == "growth_rate" and direction == "lower_is_better" and any(w in predicate for w in decrease):
            review = [*review, f"报告写的是下降{n.value:g}%：按增速{-n.value:g}%理解时请改正负号与方向"]
            confidence -= 0.2
        return _Raw(name, n.value, n.stretch, unit, comparator, direction, kind, n.start, confidence, review)

    # 分别: several names, then several numbers in the same order (一产、二产、三产增加值分别增长4%、7.5%、6.2%左右).
    pos = text.find("分别")
    if pos > 0 and len(numbers) >= 2 and all(n.start > pos for n in numbers):
        head, _ = _strip_words(trim_lead(text[:pos], rules.raw), leading, trailing)
        names = expand_names(_split_names(head, len(numbers)), len(numbers), rules.raw)
        predicate = text[pos + 2 : numbers[0].start]
        trailing_after = text[numbers[-1].unit_end :]
        shared = _comparator("", trailing_after, rules)
        if len(names) == len(numbers):
            for name, n in zip(names, numbers, strict=True):
                own = _comparator(predicate, text[n.unit_end :], rules)
                comp = own if own != "exactly" else shared
                out.append(make(name, predicate, n, comp, 0.9, []))
            return out
        review = [f"“分别”前有{len(names)}个名称、后有{len(numbers)}个数字，名称请核对"]
        for i, n in enumerate(numbers):
            name = names[i] if i < len(names) else f"{head}({i + 1})"
            out.append(make(name, predicate, n, shared, 0.5, review))
        return out

    boundaries = segment_starts(text, numbers)
    for i, n in enumerate(numbers):
        seg_start = boundaries[i]
        seg_end = boundaries[i + 1] - 1 if i + 1 < len(numbers) else len(text)
        before = text[seg_start : n.start]
        after = text[n.unit_end : max(seg_end, n.unit_end)]
        comparator = _comparator(before, after, rules)
        # 力争达7500万吨 right after 7300万吨: the stretch of the previous target.
        bare, _pred = _strip_words(before, [], trailing)
        if out and any(bare.startswith(w) for w in stretch_words) and bare in stretch_words:
            prev = out[-1]
            if prev.unit == (_canonical_unit(units, n.unit) or n.unit) and prev.stretch is None:
                prev.stretch = n.value
                prev.comparator = "at_most" if prev.direction == "lower_is_better" else "at_least"
                continue
        # 粮食产量力争120万吨: a lone 力争 (no target before it to stretch) is a word of the predicate too
        name, predicate = _strip_words(trim_lead(before, rules.raw), leading, [*trailing, *stretch_words])
        name, predicate, review = average_annual(name, predicate)
        confidence = 0.9 - 0.2 * len(review)
        after_name = _clean_after(after, rules)
        verbs = sorted((v for v in verbs_only if len(v) >= 2 and len(after_name) >= 2), key=len, reverse=True)
        verb = "" if name in verbs_only else next((v for v in verbs if name.endswith(v)), "")
        if not name or name in verbs_only or len(name) <= 1 or verb:  # 每个县区打造2个省级重点专科
            name = name[: len(name) - len(verb)] + after_name if verb else after_name or name
            confidence -= 0.1
        elif len(name) <= 4 and len(after_name) >= 2 and not any(name.endswith(s) for s in rate_suffixes):
            name = name + after_name  # 每个县区 + 省级重点专科
            confidence -= 0.1
        if not name and out:  # 收入完成52亿元、增长5%: the growth of the same subject
            name, confidence = subject_of(out[-1].name, ("增速", "降幅")), 0.8
        if not name:
            name, confidence = text[: n.start] or text, 0.3
            review.append("未能确定名称")
        # A list of rate names sharing one number (A比例、B比例保持100%; A和B优良率均达97%): one target each.
        each = predicate.startswith(("均", "各"))  # A和B优良率均达97%; A、B各5万人次
        parts = _split_names(name) if ("、" in name or each) else [name]
        if len(parts) > 1 and (each or all(any(p.endswith(s) for s in rate_suffixes) for p in parts)):
            for part in parts:
                out.append(make(part, predicate, n, comparator, confidence - 0.05, review))
            continue
        out.append(make(name, predicate, n, comparator, confidence, review))
    return out


def draft_catalog(
    report_text: str,
    year: int,
    *,
    units: UnitRegistry,
    rules: DraftRules,
    previous: Catalog | None = None,
    heading: str | None = None,
    match_threshold: float = 0.55,
) -> Draft:
    """Propose the year's catalog entries and exclusions from the report text (see the module doc)."""
    lines = join_wrapped(_lines_with_offsets(report_text))
    first, end = _find_part(lines, year, heading, rules)
    proposals: list[Proposal] = []
    exclusions: list[DraftExclusion] = []
    unread: list[str] = []
    raws: list[_Raw] = []
    for clause in _clauses(lines, first, end, rules):
        numbers = _numbers(clause.text)
        unread.extend(unread_numbers(clause.text, numbers))
        if not numbers:
            continue
        kept = []
        for k, n in enumerate(numbers):
            following, preceding = (
                numbers[k + 1] if k + 1 < len(numbers) else None,
                numbers[k - 1] if k else None,
            )
            reason = _not_target(n, clause, year, rules, following, preceding)
            if reason is None and _canonical_unit(units, n.unit) is None:
                reason = f"单位“{n.unit}”不在 schemas/units.yaml；若是目标，请先添加该单位 (unit unknown)"
            if reason is None:
                kept.append(n)
            else:
                exclusions.append(
                    DraftExclusion(
                        exclusion_text(clause.text, n), reason, clause.start + n.start, clause.text
                    )
                )
        raws = carry_fenbie(_proposals_of(clause, kept, units, rules), clause.text, raws)
        for raw in flag_changes(raws, clause, rules.raw):
            defaults = (rules.raw.get("kind_defaults") or {}).get(raw.kind, {})
            dept, keyword = _department(raw.name, clause.text, rules)
            review = list(raw.review)
            review.append(
                f"新指标：部门按关键词“{keyword}”推断，请复核"
                if keyword
                else "新指标：未找到部门关键词，部门请复核"
            )
            entry: dict[str, Any] = {
                "code": "",
                "name_zh": raw.name,
                "name_en": f"(draft) {raw.name}",
                "aliases": [],
                "section": clause.section,
                "clause": clause.text,
                "department": dept,
                "unit": raw.unit,
                "target": _num(raw.value),
                "stretch": _num(raw.stretch) if raw.stretch is not None else None,
                "comparator": raw.comparator,
                "direction": raw.direction,
                "kind": raw.kind,
                "pace": defaults.get("pace", "annual"),
                "frequency": defaults.get("frequency", "annual"),
            }
            confidence = raw.confidence - (0.1 if keyword is None else 0.0)
            proposals.append(
                Proposal(entry, clause.start + raw.start, round(max(0.05, confidence), 2), review)
            )
    dropped: list[Target] = []
    if previous is not None:
        from bijie_etl.catalog.draft_previous import carried_without_number, carry_previous

        dropped = carry_previous(proposals, previous, units, match_threshold, rules.raw)
        proposals.extend(carried_without_number(previous, report_text, lines, first, end, proposals))
        dropped = list(dropped) + [
            t for t in previous.targets if t.target is None and not any(p.previous is t for p in proposals)
        ]
    _assign_codes(found_some(proposals, lines[first][0], year), year)
    _unique_names(proposals)
    return Draft(
        year=year,
        heading=first_words(lines[first][0]),
        proposals=proposals,
        exclusions=exclusions,
        dropped=dropped,
        previous_year=previous.year if previous is not None else None,
        unread=unread,
    )


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


def _assign_codes(proposals: list[Proposal], year: int) -> None:
    taken = {p.code for p in proposals if p.fields.get("code")}
    k = 0
    for p in proposals:
        if p.fields.get("code"):
            continue
        k += 1
        code = f"new_{year}_{k:03d}"
        while code in taken:
            k += 1
            code = f"new_{year}_{k:03d}"
        p.fields["code"] = code
        taken.add(code)


def _unique_names(proposals: list[Proposal]) -> None:
    """Names and aliases must be unique across the catalog: number the repeats, drop clashing aliases."""
    owner: dict[str, str] = {}
    for p in sorted(proposals, key=lambda p: p.previous is None):  # carried names keep theirs
        key = normalize_name(str(p.fields["name_zh"]))
        if key in owner and owner[key] != p.code:
            base, k = str(p.fields["name_zh"]), 2
            while normalize_name(f"{base}({k})") in owner:
                k += 1
            p.fields["name_zh"] = f"{base}({k})"
            p.review.append("名称与另一条目重复，已加序号，请改名")
            key = normalize_name(str(p.fields["name_zh"]))
        owner[key] = p.code
    for p in proposals:
        aliases = []
        for a in p.fields.get("aliases") or []:
            key = normalize_name(a)
            if owner.get(key, p.code) == p.code:
                owner[key] = p.code
                aliases.append(a)
        p.fields["aliases"] = aliases
