"""Failures as data: stable codes, Chinese messages, and where each came from.

Every rejection or warning the pipeline produces is a :class:`Failure` with a :class:`Code`
whose string value never changes (analysts filter on it in ``v_rejected_rows``). Exceptions
are named after the condition and carry the same code, so a file-level exception becomes a
failure row with ``failure = exc.to_failure(file)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

__all__ = [
    "GROWTH_REFUSED_ALONE_ZH",
    "BadArgument",
    "BijieError",
    "CatalogError",
    "Code",
    "Failure",
    "FileRejected",
    "Misconfigured",
    "Severity",
    "UnknownDepartment",
    "cell_address",
]


class Severity(StrEnum):
    ERROR = "error"  # the row (or file) is rejected
    WARNING = "warning"  # the row is kept, the department is told


class Code(StrEnum):
    """Stable failure codes. Append only; never rename or reuse a value."""

    # File level: the whole file is rejected, other files carry on.
    FILE_UNREADABLE = "file_unreadable"  # not a spreadsheet, corrupt, truncated
    FILE_EMPTY = "file_empty"
    FILE_ENCRYPTED = "file_encrypted"  # password-protected workbook
    FILE_TOO_LARGE = "file_too_large"  # bytes or uncompressed size over the limit
    FILE_TOO_MANY_ROWS = "file_too_many_rows"
    FILE_NO_HEADER = "file_no_header"  # no sheet with a recognisable header
    FILE_UNSUPPORTED_TYPE = "file_unsupported_type"
    FILE_UNSAFE = "file_unsafe"  # XML entities, path tricks …
    FILE_NO_PERIOD = "file_no_period"
    FILE_NO_DEPARTMENT = "file_no_department"

    # Row level: the row is rejected (errors) or kept with a note (warnings).
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNIT_MISMATCH = "unit_mismatch"
    PERIOD_INVALID = "period_invalid"  # not a month of the catalog year
    PERIOD_IN_FUTURE = "period_in_future"  # after the as-of date
    COUNTY_UNKNOWN = "county_unknown"
    VALUE_NOT_NUMBER = "value_not_number"
    VALUE_MISSING = "value_missing"  # the column this target's kind needs is empty
    COUNT_NOT_WHOLE = "count_not_whole"
    VALUE_NEGATIVE = "value_negative"
    GROWTH_OUT_OF_RANGE = "growth_out_of_range"  # outside [-100, 500]
    SHARE_OUT_OF_RANGE = "share_out_of_range"  # outside [0, 100]
    DUPLICATE_ROW = "duplicate_row"  # same (indicator, period, county) twice in a file
    YTD_DECREASED = "ytd_decreased"  # year-to-date below the previous month's
    VALUE_IMPLAUSIBLE = "value_implausible"  # > 3x the annual target: likely a unit error
    YTD_SUM_MISMATCH = "ytd_sum_mismatch"  # warning: 累计 != sum of 本月
    GROWTH_INCONSISTENT = "growth_inconsistent"  # warning: 增速 vs 累计/上年同期 > 0.2 pp
    NOTE_IGNORED = "note_ignored"  # warning: a trailing note row was skipped
    COLUMN_IGNORED = "column_ignored"  # warning: a column not understood (or not loaded), cell = its header
    SECTION_ROW_SKIPPED = "section_row_skipped"  # warning: a row with a name and no values (一、工业)
    SHEET_SKIPPED = "sheet_skipped"  # warning: an instruction/cover/empty sheet
    LAYOUT_AMBIGUOUS = "layout_ambiguous"  # a table that cannot be read unambiguously

    # Reading cells the way people type them (issue #14).
    FILE_ENCODING = "file_encoding"  # csv in Big5, Shift-JIS …: not UTF-8 nor GB18030
    VALUE_IS_ESTIMATE = "value_is_estimate"  # 约/左右/以上 in a value cell: not a figure
    UNIT_CONFLICT = "unit_conflict"  # two statements of a value's unit disagree (both cells named)
    FORMAT_CONFLICT = "format_conflict"  # a percent-formatted cell in a column that is not a percentage
    # The plausibility guard (validate/guard.py): a value that looks right but is likely wrong.
    GUARD_PERCENT_AS_FRACTION = "guard_percent_as_fraction"  # 0.953 for 95.3 (%)
    GUARD_UNIT_SCALE = "guard_unit_scale"  # 10x/1000x/10000x off the indicator's usual size
    GUARD_YTD_JUMP = "guard_ytd_jump"  # year-to-date leaps beyond a configured factor
    GUARD_PRIOR_YEAR_COPY = "guard_prior_year_copy"  # equal to last year's same month to the digit
    GUARD_PRIOR_MONTH_COPY = "guard_prior_month_copy"  # 累计 equal to an earlier month's while 本月 > 0
    GUARD_MONTH_IN_YTD = "guard_month_in_ytd"  # the month's value typed in the year-to-date column
    GUARD_COUNTY_SUM = "guard_county_sum"  # the city total is not the sum of the counties
    GUARD_YTD_BELOW_MONTH = "guard_ytd_below_month"  # 1-本月累计 smaller than 本月
    FORMULA_ERROR = "formula_error"  # a value cell shows a formula error: #DIV/0!, #N/A, #REF! …
    FORMULA_NOT_CALCULATED = "formula_not_calculated"  # a formula saved without its computed value
    HIDDEN_SKIPPED = "hidden_skipped"  # warning: hidden rows/columns holding content were not read
    VALUE_MERGED = "value_merged"  # a number merged over several cells (two counties, two months)

    # Delivery
    SUBMISSION_LATE = "submission_late"
    MAIL_FAILED = "mail_failed"

    # Who may report what (sources/departments.yaml: the catalog's owner plus `may_report`).
    INDICATOR_NOT_OWNED = "indicator_not_owned"  # the sending department neither owns nor may report it
    DEPARTMENT_MISMATCH = (
        "department_mismatch"  # warning: 填报单位 cell names another department than the folder
    )
    # warning: a * after a figure or a name that no note of the table explains (yearbooks mark 预计数 so)
    VALUE_MARK_UNEXPLAINED = "value_mark_unexplained"
    # 增速 far from what 1-本月累计 and 上年同期 give (e.g. the change in 万吨 typed as the growth):
    # a typo-sized gap is GROWTH_INCONSISTENT (warning), this one is refused.
    GROWTH_CONTRADICTS_LEVELS = "growth_contradicts_levels"
    # A 同比增减 / 比上年增减 column with no % whose figures read as changes in the level's unit
    # (281.7 beside 3550.2 万吨), not as percentages: refused, the column is ambiguous.
    GROWTH_AMBIGUOUS_CHANGE = "growth_ambiguous_change"
    # A number format that keeps a figure from being read as shown: white ([White], [Color2]).
    VALUE_FORMAT_UNREADABLE = "value_format_unreadable"
    # Two growths for one figure disagree (the growth column, and a 其中：增速 row under it): neither loads.
    GROWTH_TWICE_DIFFERENT = "growth_twice_different"
    # Checking the file failed inside the program (a bug met by an input nobody foresaw): the file
    # is set aside unrecorded (the next run checks it again), every other file of its batch loads.
    FILE_CHECK_FAILED = "file_check_failed"
    # A 同比增长 of a rate in % or ‰ (城镇化率 55.2 %, 同比增长 1.3): percentage points or percent of the
    # rate cannot be told from the file; the rate loads, its growth does not.
    GROWTH_OF_RATE_UNCLEAR = "growth_of_rate_unclear"
    # A 为上年同期% (last year = 100) column with a figure no index can be (8.2: the growth typed under an index
    # header?): none of the sheet's column is read as a growth, unless the row's levels confirm it.
    GROWTH_INDEX_UNCLEAR = "growth_index_unclear"


#: Said after the reason on a growth cell refused alone (the row's target is measured by another
#: figure, which loaded): the row is not refused, only that cell (``Failure.refuses_growth_only``).
GROWTH_REFUSED_ALONE_ZH = "（仅此增速未入库，本行其他数值已入库）"


def cell_address(sheet: str | None, cell: str | None) -> str:
    """``数据!G12`` style address, or the sheet alone when no cell applies; a cell that names its own sheet
    (a growth joined from a growth sheet: ``增速!C3``) is its own address."""
    if cell and "!" in cell:
        return cell
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or ""


@dataclass(frozen=True, slots=True)
class Failure:
    """One problem found in a submission, with everything needed to fix it."""

    code: Code
    message_zh: str
    file: str
    sheet: str | None = None
    cell: str | None = None  # as Excel shows it, e.g. "G12"
    row_number: int | None = None  # 1-based Excel row
    value: str | None = None  # the offending raw value, as text
    indicator_code: str | None = None
    severity: Severity = Severity.ERROR
    #: Data rows a refusal of a whole table did not load (LAYOUT_AMBIGUOUS: no row is refused on its own,
    #: ``row_number`` at most points at the header): counted in 退回 N 行 (Submission.rows_rejected).
    rows_refused: int = 0

    @property
    def refuses_growth_only(self) -> bool:
        """An error that refused one growth cell while the rest of its row loaded: no row was refused."""
        return self.severity is Severity.ERROR and GROWTH_REFUSED_ALONE_ZH in self.message_zh

    @property
    def location(self) -> str:
        """``数据!G12`` style address (:func:`cell_address`), or just the sheet when no cell applies."""
        return cell_address(self.sheet, self.cell)

    def as_row(self) -> dict[str, Any]:
        """The failure as a flat row, codes as their values (every field is a str, int or enum: no
        deep copy, unlike ``asdict``, which cost more than the rest of writing a batch's failures)."""
        row = {name: getattr(self, name) for name in self.__slots__}
        row["code"] = self.code.value
        row["severity"] = self.severity.value
        return row


class BijieError(Exception):
    """Base of every error this package raises on purpose (the one root the CLI catches).

    ``exit_code`` is the ``bijie-etl`` exit status it ends a command with (README: exit codes);
    ``prefix_zh`` introduces its one-line message there.
    """

    exit_code: ClassVar[int] = 1
    prefix_zh: ClassVar[str] = ""


@dataclass
class FileRejected(BijieError):
    """A whole file cannot be used; the run carries on with the others."""

    code: Code = field()  # no default: field() stops the inherited class attribute becoming one
    message_zh: str
    detail: str = ""  # English/technical detail for logs
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[{self.code.value}] {self.message_zh}" + (f" ({self.detail})" if self.detail else "")

    def to_failure(self, file: str) -> Failure:
        return Failure(code=self.code, message_zh=self.message_zh, file=file)


class Misconfigured(BijieError):
    """The installation is set up wrong (no inbox, warehouse not writable, catalog broken).

    A run stops before it reads, assesses or alerts anything: a missing inbox must never look
    like a quiet night in which every department sent nothing. The message is one Chinese line
    saying what is wrong and what to do.
    """

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class BadArgument(BijieError, ValueError):
    """A value given to a command or a flow parameter cannot be understood (a month such as ``2024-13``)."""


class UnknownDepartment(BijieError, ValueError):
    """A department named on the command line (or in a call) is not in ``sources/departments.yaml``."""


class CatalogError(BijieError):
    """The target catalog (or departments file) itself is invalid.

    ``entry`` is the target code (or list index) and ``field`` the offending field, so the
    message points at the exact line to fix.
    """

    prefix_zh: ClassVar[str] = "目标目录有误 (catalog error): "

    def __init__(self, message: str, *, entry: str | None = None, field: str | None = None) -> None:
        self.entry = entry
        self.field = field
        self.message = message
        where = " ".join(
            p for p in (f"entry {entry!r}" if entry else "", f"field {field!r}" if field else "") if p
        )
        super().__init__(f"{where}: {message}" if where else message)
