"""One value cell read the way a careful person reads it.

:func:`read_cell` turns what a department typed into a number, or says why it is not one:

- a number cell is the number; with a **percent format** (shown 95.3%, stored 0.953) it is
  read in percent points (95.3), the format recorded;
- text with thousands separators, full-width digits and a trailing ``%`` as before
  (``"１,234.5"`` → 1234.5, ``"12%"`` → 12);
- **words of change** (growth column only): 增长/提高/增加/上升/增 x → +x, 下降/降低/减少/回落/
  下滑/降/减 x → −x, 持平 → 0, with ``%`` or ``个百分点`` after the number;
- a **trailing unit** the unit registry knows (``3150万吨``, ``1,498元``, ``12.6万张``), or
  ``万``/``亿`` after a plain number (``3150万``): kept for validation to convert to the
  catalog unit (the factor is recorded);
- an **estimate** (约, 左右, 以上, 以下, 余, 多, 近, 超过, 不足 …) is not a figure: rejected as
  ``value_is_estimate``;
- a date (a date-formatted cell) is not a number: rejected with a message saying so;
- what a keyboard or another tool slips in is set aside: zero-width spaces, a leading
  apostrophe (``'95.3``, Excel's "text" mark), the Unicode minus and dashes (``−2.1``),
  footnote marks after the figure (``5.8①``, ``5.8¹``, ``5.8*``, ``※``: NFKC would turn ``①``
  and ``¹`` into a digit, ``5.81``), accounting parentheses (``(2.1)`` → −2.1);
- ``="95.3"`` (how Excel keeps a csv cell as text) is its inner text; ``¥1,498`` is 1498 元;
- a comma or space is a thousands separator only in groups of three (``1,234.5``,
  ``1 234``); ``3150,2`` or ``1 234,5`` (a decimal comma) is refused, never read as 31502;
- ``个百分点`` in a growth cell is a change of a rate, not a growth rate: refused;
- a number merged over several cells (:class:`MergedValue`) belongs to none of them: refused;
- a figure crossed out (:class:`StruckCell`, a struck-through font) is withdrawn: refused;
- a formula cell without a usable value (:class:`FormulaCell`: an error such as ``#DIV/0!``,
  or a formula saved without its result) is refused with its own reason.

The result is a :class:`CellReading`; validation applies units and reports problems.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final

import numpy as np

from bijie_etl.ingest.estimate_cells import EstimateCell, estimate_message
from bijie_etl.ingest.headers import is_missing_text
from bijie_etl.text import normalize_text

__all__ = [
    "PROBLEM_MESSAGES",
    "SCALES",
    "CellReading",
    "EstimateCell",
    "FormulaCell",
    "MergedValue",
    "Problem",
    "StruckCell",
    "estimate_message",
    "read_cell",
]


class FormulaCell(str):
    """A formula cell whose value cannot be used, put in the decoded grid in place of calamine's ``""``.

    The text is what Excel shows: the error (``#DIV/0!``, ``#N/A``, ``#REF!``) when ``error`` is
    true, else the formula (``=SUM(F3:F12)``) saved without a computed result (openpyxl and some
    scripts write no cached values; a careful person would see an empty cell or the error).
    """

    error: bool
    #: (stored result, what the formula gives over the sheet's values) when the stored result is
    #: stale (:mod:`bijie_etl.ingest.formulas`): the file was saved without recalculating.
    stale: tuple[float, float] | None

    def __new__(cls, text: str, *, error: bool, stale: tuple[float, float] | None = None) -> FormulaCell:
        obj = super().__new__(cls, text)
        obj.error = error
        obj.stale = stale
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # keep the kind through pickling (multiprocessing)
        return (_formula_cell, (str(self), self.error, self.stale))


def _formula_cell(text: str, error: bool, stale: tuple[float, float] | None = None) -> FormulaCell:
    return FormulaCell(text, error=error, stale=stale)


class SplitCell(str):
    """A csv field of a line split into more fields than the table has: a thousands separator left
    unquoted (``煤炭产量,万吨,3,550.2``) cut one number in two, so no field of it after the cut is
    the value its column says (calamine-free path: set by ``ingest.csvfile``)."""

    __slots__ = ()


class StruckCell(str):
    """A figure in a struck-through font, as shown: crossed out, withdrawn; refused wherever it is put."""

    __slots__ = ()


class MergedValue(float):
    """A number shown once over a merged range of several cells (``E2:E3``, two counties or two
    months): it is no single row's or column's value, so it is refused wherever the table model
    puts it (a careful person would not copy it into each cell, nor give it to the first)."""

    span: str

    def __new__(cls, value: float, *, span: str) -> MergedValue:
        obj = super().__new__(cls, value)
        obj.span = span
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_merged_value, (float(self), self.span))


def _merged_value(value: float, span: str) -> MergedValue:
    return MergedValue(value, span=span)


class Problem:
    """Why a cell is not loaded (values are stable strings, mapped to :class:`~bijie_etl.errors.Code`)."""

    NOT_NUMBER: Final = "not_number"
    ESTIMATE: Final = "estimate"
    DATE: Final = "date"
    WORDS_NOT_GROWTH: Final = "words_not_growth"  # 增长7.2% in a level column
    UNKNOWN_UNIT: Final = "unknown_unit"  # 12.6万辆: a unit the registry does not know
    SEPARATOR: Final = "separator"  # 3150,2 / 1 234,5: a comma or space that is no thousands separator
    POINTS: Final = "points"  # 提高0.5个百分点 in a growth cell: a change of a rate, not a growth rate
    FORMULA_ERROR: Final = "formula_error"  # #DIV/0!, #N/A, #REF! …
    FORMULA_NO_VALUE: Final = "formula_no_value"  # a formula saved without its computed value
    MERGED: Final = "merged"  # a number shown once over several merged cells
    SCIENTIFIC: Final = "scientific"  # 1.23457E+11 as text: digits may be lost (Excel's csv export)
    TRIANGLE: Final = "triangle"  # ▲2.1: a rise in some tables, a negative in others
    SIGN_CONFLICT: Final = "sign_conflict"  # -2.1↓, ▼-2.1, 下降-2.1: a direction and a sign that disagree
    SPLIT: Final = "split"  # a csv number cut in two by an unquoted thousands separator
    STRUCK: Final = "struck"  # a figure crossed out (struck-through font): withdrawn
    NOTE: Final = "note"  # 3150.2（未含金沙）: a note in brackets that may change what the figure covers


@dataclass(frozen=True, slots=True)
class CellReading:
    """What one cell says: a number (before any unit conversion) or a problem."""

    number: float | None = None  # None: blank/missing marker, or a problem
    problem: str | None = None
    sign: str | None = None  # the word of change, as typed (增长, 下降, 持平 …)
    unit: str | None = None  # a unit written in the cell, as typed (万吨, 元)
    scale: float = 1.0  # 万 → 1e4, 亿 → 1e8 written after a plain number
    percent: bool = False  # a % (or 个百分点) written, or a percent format applied
    scaled_by_format: bool = False  # number × 100 because of the cell's percent format
    mark: str | None = None  # what was set aside: a footnote mark (①, ¹, *), "()" for a negative

    @property
    def is_plain(self) -> bool:
        """A plain number: nothing to record about how it was read."""
        return not (
            self.sign or self.unit or self.scale != 1.0 or self.scaled_by_format or self.mark or self.percent
        )


_BLANK: Final = CellReading()
#: Messages of problems that need no context beyond the field's label and the cell as typed.
PROBLEM_MESSAGES: Final = {
    Problem.TRIANGLE: "“{label}”填写的“{shown}”带有“{mark}”：有的表格用它表示增长，有的表示负数，无法确定正负；"
    "请直接填写数字，下降的填负数（如“-2.1”）",
    Problem.SIGN_CONFLICT: "“{label}”填写的“{shown}”既有表示增减方向的符号或文字，又有正负号，两者互相矛盾"
    "（是下降还是增长？），无法确定正负；请直接填写数字，下降的填负数（如“-2.1”）",
    Problem.NOTE: "“{label}”填写的“{shown}”在数字后加了括注，无法确定它是否为本列要求口径的完整统计数；"
    "请只填写数字，说明请写在备注栏或表下注释中",
    Problem.STRUCK: "“{label}”的“{shown}”带删除线：划掉的数字表示已作废，不是报送的数值，未入库；"
    "请删去作废的数字、在该格填写有效数值后重新报送（该数若仍有效，请去掉删除线）",
    Problem.SPLIT: "本行的字段比表头多：数字中的千位分隔符“,”没有加引号，把一个数拆成了两列（“{shown}”是其中一段），"
    "“{label}”无法确定；请去掉千位分隔符或用Excel另存为CSV后重新报送",
}
_NOT_NUMBER: Final = CellReading(problem=Problem.NOT_NUMBER)

#: 增幅 / 增速 / 涨幅 name the rate and keep the figure's own sign (增幅-2.1% is −2.1, as 增长-2.1% is).
_UP = ("增长", "提高", "增加", "上升", "上涨", "增", "提升", "升", "增幅", "增速", "涨幅", "↑", "⬆")
#: ▼ and ▽ are a fall in Chinese tables and a negative in Japanese-style ones: negative either way.
_DOWN = (
    "下降",
    "降低",
    "减少",
    "回落",
    "下滑",
    "下跌",
    "降",
    "减",
    "负增长",
    "降幅",
    "跌幅",
    "负",
    "↓",
    "⬇",
    "▼",
    "▽",
)
#: Marks, unlike words, carry no sign of their own figure: ↑-2.1 or ▼+2.1 says two things (增长-2.1% is
#: how statistical bulletins write a fall, and stays a growth of −2.1).
_MARKS = frozenset("↑⬆↓⬇▼▽")
#: ▲/△ before or after a figure: up in some tables, a negative in others (Japanese-style ▲2.1 = −2.1).
_TRIANGLE = re.compile(r"^(?:[▲△][-+]?(?:\d+\.?\d*|\.\d+)%?|[-+]?(?:\d+\.?\d*|\.\d+)%?[▲△])$")
_FLAT = ("持平", "基本持平", "与上年持平", "同比持平")
#: What a growth cell may say before its word or figure: the comparison (同比, 较去年同期, 与上年同期相比).
_COMPARED = r"(?:同比|(?:比|较|与)(?:上年|去年)(?:同期)?(?:相比)?|累计)"
_PREFIX = rf"{_COMPARED}?"
_SIGN_WORDS = "|".join(sorted((*_UP, *_DOWN), key=len, reverse=True))
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_WORDED = re.compile(rf"^{_PREFIX}({_SIGN_WORDS})({_NUMBER})(%|个百分点|百分点)?$")
_PLAIN = re.compile(rf"^({_NUMBER})(%|个百分点|百分点)?$")
#: 同比+3.2%, 较去年同期-2.1: the comparison, then the signed figure.
_COMPARED_PLAIN = re.compile(rf"^({_COMPARED})[,:，：]?({_NUMBER})(%|个百分点|百分点)?$")
#: A direction mark after the figure: 2.1↓, 2.1%▼, 5.6↑.
_MARKED_AFTER = re.compile(rf"^({_NUMBER})(%)?([{''.join(sorted(_MARKS))}])$")
#: Accounting negatives: (2.1), (2.1%), (2.1)% → −2.1.
_PARENS = re.compile(r"^\((\d+\.?\d*|\.\d+)(%?)\)(%?)$")
_POINTS = ("个百分点", "百分点")
_EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)
_SCIENTIFIC = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+%?$")
#: Characters a keyboard or another tool slips in that mean nothing (zero-width, soft hyphen, BOM).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"))
#: Minus signs NFKC leaves alone: − (U+2212), ‒ – (figure/en dash), ➖; ﹣ and － NFKC maps itself.
_MINUS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\u2796"), "-")
#: A dash typed as the minus of a growth (—2.1, ―2.1, 一2.1: an input method's "dash" or the character 一 for
#: 减): one such character directly before the digits, in a growth column only. Alone (— / ——) it is "no data";
#: two of them, or one before a sign (——2.1, —-2.1), stay refused; in a level column (a level is rarely
#: negative, and —2.1 there may be a dash set before a figure) they stay refused too.
_DASH_MINUS = frozenset("—―一")
_DASH_NUMBER = re.compile(r"^[—―一] ?((?:\d+\.?\d*|\.\d+)%?)$")
#: Footnote marks after a figure, removed BEFORE NFKC (which turns ① and ¹ into the digit 1).
#: Superscript digits only right after a digit, % or ‰ (m² stays a unit).
_FOOTNOTE = re.compile(
    r"(?:(?<=[\d%‰.])[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[\u2460-\u249b\u24ea\u24f5-\u24fe\u2776-\u2793※*＊†‡#＃]+)\s*$"
)
#: Circled numbers and superscripts left anywhere else: NFKC would make them digits.
_STRAY = re.compile(r"[\u2460-\u249b\u24ea\u24f5-\u24fe\u2776-\u2793]|(?<=[\d.%])[⁰¹²³⁴⁵⁶⁷⁸⁹]")
#: A run of digits with separators inside: checked to be groups of three.
_GROUPED = re.compile(r"\d[\d, ]*\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+")
_WITH_UNIT = re.compile(rf"^({_NUMBER})([^\d.%+-].*)$")  # 万m2 (万㎡ after NFKC) keeps its 2
#: Words that make a figure an estimate or a bound, not a value.
_ESTIMATE = re.compile(
    r"约|左右|以上|以下|上下|余|逾|多|近|将近|超过|超|不足|不到|不低于|不少于|至少|大概|估计|预计"
)
#: Number words after a figure (3150万, or a format showing 1.2万): how many of the unit they make.
SCALES: Final = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}
_SCALES: Final = SCALES
#: A note in brackets after the figure (after NFKC: ASCII brackets): 3150.2（快报）, 8.6（初步核算数）.
_BRACKETED = re.compile(r"^([^()]*\d[^()]*)\(([^()]+)\)$")
#: Notes that only say how final an actual figure is: the figure is read (as 快报数 is, e.g. c45).
_STATUS = frozenset(
    {
        "快报",
        "快报数",
        "初步核算",
        "初步核算数",
        "初步统计",
        "初步统计数",
        "核实数",
        "已核实",
        "正式数",
        "实际数",
    }
    | {"实际完成", "统计数", "修正", "修正后", "修正数", "更正", "更正后", "更正数", "调整后", "调整数"}
)
_JUNK = re.compile(r"[,\s]")
_PERCENT_WORD = re.compile(rf"百分之({_NUMBER})")


def read_cell(raw: Any, *, missing: frozenset[str], units: Any, growth: bool = False) -> CellReading:
    """Read one value cell (see the module docstring); ``growth``: the cell is in a growth column.

    ``missing`` are the markers meaning "no value" (``—``, ``/``, ``空`` …, normalised, lower
    case); ``units`` the :class:`~bijie_etl.units.UnitRegistry` that knows trailing units.
    """
    if raw is None:
        return _BLANK
    kind = type(raw)  # the usual cells first, by exact type (the marked cells below subclass str and float)
    if kind is str:
        return _read_text(raw, missing, units, growth)
    if kind is float:
        return _BLANK if raw != raw else CellReading(raw)
    if isinstance(raw, MergedValue):
        return CellReading(problem=Problem.MERGED)
    if isinstance(raw, SplitCell):
        return CellReading(problem=Problem.SPLIT)
    if isinstance(raw, StruckCell):
        return CellReading(problem=Problem.STRUCK)
    if isinstance(raw, FormulaCell):
        return CellReading(problem=Problem.FORMULA_ERROR if raw.error else Problem.FORMULA_NO_VALUE)
    if isinstance(raw, EstimateCell):
        return CellReading(problem=Problem.ESTIMATE)
    if isinstance(raw, bool):
        return _NOT_NUMBER
    if isinstance(raw, int | float | np.integer | np.floating):
        value = float(raw)
        return _BLANK if value != value else CellReading(value)
    if isinstance(raw, date):
        return CellReading(problem=Problem.DATE)
    if not isinstance(raw, str):
        return _NOT_NUMBER
    return _read_text(raw, missing, units, growth)


@lru_cache(maxsize=1 << 14)
def _read_text(raw: str, missing: frozenset[str], units: Any, growth: bool) -> CellReading:
    text = raw.translate(_INVISIBLE).translate(_MINUS).strip()
    mark = None
    m = _FOOTNOTE.search(text) if (text and not text[-1].isascii()) or text.endswith(("*", "#")) else None
    if m and m.start() > 0 and any(ch.isdigit() for ch in text[: m.start()]):
        mark, text = m[0].strip(), text[: m.start()]
    if not text.isascii() and _STRAY.search(text):
        return _NOT_NUMBER
    text = normalize_text(text)
    if text.upper() in _EXCEL_ERRORS:  # an error exported as text (csv): what the formula showed
        return CellReading(problem=Problem.FORMULA_ERROR)
    if text[:1] in ("'", "‘", "’"):  # Excel's "store as text" apostrophe, typed or exported
        text = text[1:].strip()
    if text.startswith('="') and text.endswith('"') and len(text) > 3:  # ="95.3": Excel's csv text
        text = text[2:-1].strip()
    if text[:1] in ("¥", "￥") and len(text) > 1:  # ¥1,498 · ¥3.5亿: 元
        text = text[1:].strip()
        text = text if text.endswith("元") else text + "元"
    if not text or is_missing_text(text.lower(), missing):
        return _BLANK if mark is None else _NOT_NUMBER
    if "百分之" in text:  # 百分之8.6, 增长百分之8.6: 8.6% (百分之八点六, in numerals, stays unread)
        text = _PERCENT_WORD.sub(r"\1%", text)
    if growth and text[:1] in _DASH_MINUS:  # —2.1 / ―2.1 / 一2.1 in a growth column: a fall (e450)
        m = _DASH_NUMBER.match(text)
        if m:
            text = "-" + m[1]
    if ("," in text or " " in text) and not _grouped_ok(text):
        return CellReading(problem=Problem.SEPARATOR)
    bare = _JUNK.sub("", text)
    reading = _read_bare(bare, units, growth)
    if mark is not None and reading.problem is None and reading.number is not None:
        return _with(reading, mark=mark)
    return reading


def _grouped_ok(text: str) -> bool:
    """Commas and spaces inside a number are thousands separators in groups of three, nothing else."""
    for m in _GROUPED.finditer(text):
        run = m[0]
        if "," not in run and " " not in run:
            continue
        if m.start() > 0 and text[m.start() - 1] == ".":
            return False  # 0.123,456: separators in the decimals
        if not _THOUSANDS.fullmatch(run):
            return False
    return True


def _with(reading: CellReading, **changes: Any) -> CellReading:
    from dataclasses import replace

    return replace(reading, **changes)


def _read_bare(bare: str, units: Any, growth: bool) -> CellReading:
    m = _PLAIN.match(bare)
    if m:
        if m[2] in _POINTS and growth:
            return CellReading(problem=Problem.POINTS)
        return _finite(m[1], percent=bool(m[2]))
    m = _PARENS.match(bare)
    if m:
        reading = _finite(m[1], percent=bool(m[2] or m[3]))
        if reading.number is None:
            return reading
        return _with(reading, number=-reading.number + 0.0, mark="()")
    if bare in _FLAT:
        return CellReading(0.0, sign=bare, percent=True) if growth else _words_elsewhere()
    if any(ch.isdigit() for ch in bare) and _ESTIMATE.search(bare):
        return CellReading(problem=Problem.ESTIMATE)
    m = _WORDED.match(bare)
    if m:
        if not growth:
            return _words_elsewhere()
        word, number, suffix = m[1], m[2], m[3]
        if suffix in _POINTS:
            return CellReading(problem=Problem.POINTS)
        return _directed(word, number, bool(suffix))
    m = _MARKED_AFTER.match(bare)
    if m:
        return _directed(m[3], m[1], bool(m[2])) if growth else _words_elsewhere()
    m = _COMPARED_PLAIN.match(bare)
    if m:
        if not growth:
            return _words_elsewhere()
        if m[3] in _POINTS:
            return CellReading(problem=Problem.POINTS)
        reading = _finite(m[2])
        return reading if reading.number is None else _with(reading, sign=m[1], percent=True)
    if _TRIANGLE.match(bare):
        return CellReading(problem=Problem.TRIANGLE)
    if _SCIENTIFIC.match(bare):  # 1.2E+03 as text: how Excel shows (and saves to csv) a long number
        return CellReading(problem=Problem.SCIENTIFIC)
    m = _BRACKETED.match(bare)
    if m:  # 3150.2(快报): the figure, the status set aside; another note (未含金沙) may change what it covers
        if m[2] not in _STATUS:
            return CellReading(problem=Problem.NOTE)
        reading = _read_bare(m[1], units, growth)
        return reading if reading.number is None else _with(reading, mark=f"({m[2]})")
    m = _WITH_UNIT.match(bare)
    if m:
        number, tail = m[1], m[2]
        reading = _finite(number)
        if reading.number is None:
            return reading
        if tail in _SCALES:
            return CellReading(reading.number, scale=_SCALES[tail])
        if units.canonical(tail) is not None:
            return CellReading(reading.number, unit=tail)
        return CellReading(problem=Problem.UNKNOWN_UNIT, unit=tail)
    return _NOT_NUMBER


def _directed(word: str, number: str, percent: bool) -> CellReading:
    """A figure with a word or mark of direction (增长7.6%, 下降2.1, ↓2.1, 2.1↓, ▼2.1, 负2.1): the
    direction gives the sign. A sign typed as well that says otherwise is a contradiction, refused:
    下降-2.1 (a fall of minus 2.1?), ↑-2.1, 2.1↓ with a minus, ▼+2.1."""
    reading = _finite(number, percent=percent)
    if reading.number is None:
        return reading
    down = word in _DOWN
    if reading.number < 0:
        # 增长-2.1% is a growth of −2.1, as bulletins write it; a mark or a word of fall says otherwise
        if down or word in _MARKS:
            return CellReading(problem=Problem.SIGN_CONFLICT)
        return CellReading(reading.number, sign=word, percent=True)
    if number.startswith("+") and down:
        return CellReading(problem=Problem.SIGN_CONFLICT)
    return CellReading(-reading.number + 0.0 if down else reading.number, sign=word, percent=True)


_UP_TRIANGLE = re.compile(r"^(?:[▲△]([-+]?)(\d+\.?\d*|\.\d+)%?|([-+]?)(\d+\.?\d*|\.\d+)%?[▲△])$")
_DOWN_TRIANGLES = ("▼", "▽")


def triangle_rise(raw: Any, beside: CellReading) -> CellReading | None:
    """▲2.1 / △2.1 / 2.1▲ read as a rise of 2.1 when ``beside`` (another growth cell of its sheet) marks
    a fall with ▼ or ▽: a table marking both directions uses ▲ for up (▲-2.1 there says up and minus:
    a contradiction). None when ``beside`` marks no fall or the cell is no triangle and figure."""
    if beside.sign not in _DOWN_TRIANGLES or not isinstance(raw, str):
        return None
    m = _UP_TRIANGLE.match(normalize_text(raw.translate(_INVISIBLE)).replace(" ", ""))
    if m is None:
        return None
    if m[1] or m[3]:
        return CellReading(problem=Problem.SIGN_CONFLICT)
    return CellReading(float(m[2] or m[4]) + 0.0, sign="▲" if "▲" in raw else "△", percent=True)


def _words_elsewhere() -> CellReading:
    return CellReading(problem=Problem.WORDS_NOT_GROWTH)


def _finite(text: str, *, percent: bool = False) -> CellReading:
    try:
        value = float(text)
    except ValueError:
        return _NOT_NUMBER
    # float() also accepts "nan", "inf" and "1e309" (overflows to inf): not figures.
    if not math.isfinite(value):
        return _NOT_NUMBER
    return CellReading(value + 0.0, percent=percent)  # + 0.0 turns "-0" into 0.0
