"""Departments report only what is theirs.

The sending department is the inbox folder a file arrives in (or, for the desk, the signed-in
department). A row for an indicator that department neither owns (the target's ``department``
in the catalog) nor may report (its ``may_report`` list in ``sources/departments.yaml``) is
rejected with :attr:`~bijie_etl.errors.Code.INDICATOR_NOT_OWNED`, the message naming the owner:
otherwise any department's folder could set any other department's figures. A 填报单位 cell naming
another department than the folder is a :attr:`~bijie_etl.errors.Code.DEPARTMENT_MISMATCH` warning;
the folder still decides who sent the file.

Both checks are plain functions over an observations frame (``OBSERVATION_COLUMNS``), so the
nightly ingest and the desk's uploads share them.
"""

from __future__ import annotations

import pandas as pd

from bijie_etl.catalog import Catalog
from bijie_etl.errors import Code, Failure, Severity

__all__ = ["check_ownership", "department_from_text", "department_mismatch"]


def department_from_text(catalog: Catalog, text: str | None) -> str | None:
    """The department code a 填报单位 text such as ``填报单位：毕节市能源局`` names, or ``None``."""
    if not text:
        return None
    name = text.split("：")[-1].split(":")[-1].strip()
    for candidate in (name, name.removeprefix("毕节市"), name.removeprefix("毕节市").removeprefix("市")):
        dept = catalog.department(candidate)
        if dept is not None:
            return dept.code
    return None


def check_ownership(
    observations: pd.DataFrame,
    *,
    department: str,
    catalog: Catalog,
    file_name: str,
) -> tuple[pd.DataFrame, list[Failure]]:
    """Split ``observations`` into the rows ``department`` may report and one failure per other row.

    ``department`` is a department code (or any of its names). Rows of indicators the catalog
    does not know are left alone (``unknown_indicator`` deals with them).
    """
    if observations.empty:
        return observations, []
    dept = catalog.department(department)
    sender = dept.name_zh if dept else department
    codes = observations["indicator_code"].tolist()
    allowed = {code: catalog.may_report(department, str(code)) for code in set(codes) if not pd.isna(code)}
    keep = [True if pd.isna(code) else allowed[code] for code in codes]
    if all(keep):
        return observations, []
    failures = []
    for row, ok in zip(observations.itertuples(index=False), keep, strict=True):
        if ok:
            continue
        target = catalog.get(str(row.indicator_code))
        assert target is not None  # allowed[] is True for codes the catalog does not know
        owner = catalog.department(target.department)
        owner_zh = owner.name_zh if owner else target.department
        failures.append(
            Failure(
                code=Code.INDICATOR_NOT_OWNED,
                message_zh=(
                    f"指标“{target.name_zh}”由{owner_zh}负责报送，{sender}无权报送该指标（本行未入库）。"
                    f"请由{owner_zh}报送；如确需由{sender}报送，请管理员在 sources/departments.yaml 的 may_report 中登记。"
                ),
                file=file_name,
                sheet=None if pd.isna(row.sheet) else str(row.sheet),
                cell=None if pd.isna(row.cell) else str(row.cell),
                row_number=None if pd.isna(row.row_number) else int(row.row_number),
                value=target.name_zh,
                indicator_code=target.code,
            )
        )
    kept = observations.loc[keep]
    kept.index = pd.RangeIndex(len(kept))
    return kept, failures


def department_mismatch(
    *,
    folder_department: str,
    stated: str | None,
    catalog: Catalog,
    file_name: str,
) -> Failure | None:
    """A warning when the file's 填报单位 text names another department than the folder it came in."""
    stated_code = department_from_text(catalog, stated)
    folder = catalog.department(folder_department)
    if stated_code is None or folder is None or stated_code == folder.code:
        return None
    named = catalog.department(stated_code)
    named_zh = named.name_zh if named else stated_code
    return Failure(
        code=Code.DEPARTMENT_MISMATCH,
        message_zh=(
            f"文件中的填报单位“{stated}”是{named_zh}，但文件放在{folder.name_zh}的收件目录（{folder.inbox}）中；"
            f"本文件按{folder.name_zh}报送处理。如放错了目录，请由{named_zh}在自己的目录中报送。"
        ),
        file=file_name,
        value=stated,
        severity=Severity.WARNING,
    )
