"""The Chinese messages of the plausibility guard's findings (:mod:`bijie_etl.validate.guard`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from bijie_etl.errors import Code
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["message"]

_TIMES = {
    1: "十倍",
    2: "一百倍",
    3: "一千倍",
    4: "一万倍",
    5: "十万倍",
    6: "一百万倍",
    7: "一千万倍",
    8: "一亿倍",
}
_PARTS = {
    1: "十分之一",
    2: "百分之一",
    3: "千分之一",
    4: "万分之一",
    5: "十万分之一",
    6: "百万分之一",
    8: "亿分之一",
}
_SLIPS = {
    1: "",
    3: "（如把“吨”当作“千克”、“千瓦”当作“兆瓦”）",
    4: "（如把“万元”当作“元”、“万吨”当作“吨”，或“亿元”当作“万元”）",
    8: "（如把“亿元”当作“元”）",
}


def message(code: Code, fld: str, row: dict[str, Any], unit: str) -> str:
    """The Chinese message of a guard failure on ``fld`` of ``row`` (validation's normalised row)."""
    match code:
        case Code.GUARD_PERCENT_AS_FRACTION:
            value = row["growth_pct"] if fld == "growth_pct" else row["value__conv"]
            ref = row["_g_frac_growth_ref"] if fld == "growth_pct" else row["_g_frac_value_ref"]
            why = (
                f"参照值约为 {fmt_as_typed(ref)}%"
                if ref == ref
                else "本文件的增速都在±1以内，且有三位以上小数，像是小数而不是百分数"
            )
            return (
                f"疑似把百分数填成了小数：{fmt_as_typed(value)} 是否应为 {fmt_as_typed(100 * float(value))}%？"
                f"（{why}）请按百分数填写，如95.3%填“95.3”"
            )
        case Code.GUARD_UNIT_SCALE:
            k = int(row["_g_scale_k"])
            ref = {1: "上月累计按月份推算的值", 2: "上年同期累计", 3: "全年目标按进度推算的值"}.get(
                int(row["_g_scale_ref"]), "参照值"
            )
            times = _TIMES.get(k) if k > 0 else _PARTS.get(-k)
            times = times or f"10的{k}次方倍"
            return (
                f"疑似单位错误：1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}约为{ref}的{times}"
                f"{_SLIPS.get(abs(k), '')}；请核对计量单位和数值"
            )
        case Code.GUARD_YTD_JUMP:
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}是上月累计{fmt_as_typed(row['_prev_ytd'])}{unit}的"
                f"{float(row['_g_ytd_ratio']):.1f}倍，增幅异常；请核对是否填错（如多填了一位数）"
            )
        case Code.GUARD_PRIOR_YEAR_COPY:
            source = (
                "上年同月已入库的数值" if row.get("_g_copy_source") == "warehouse" else "本行“上年同期累计”"
            )
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}与{source}完全相同，疑似报送了上年的文件"
                "或复制了上年数据；请核对统计期和数值"
            )
        case Code.GUARD_MONTH_IN_YTD:
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}看起来是一个月的数值（本月{fmt_as_typed(row['value_month__conv'])}，"
                f"以往每月约{fmt_as_typed(row['_g_month_typical'])}），疑似把本月数填进了“1-本月累计”列；请填写自年初起的累计数"
            )
        case Code.GUARD_COUNTY_SUM:
            label = "1-本月累计" if fld == "value_ytd" else "本月"
            value = row[f"{fld}__conv"]
            return (
                f"全市“{label}”{fmt_as_typed(value)}{unit}与本文件{int(row['_g_county_count'])}个区县之和"
                f"{fmt_as_typed(row['_g_county_sum_value'])}{unit}不一致；请核对全市合计或各区县数值"
            )
        case Code.GUARD_PRIOR_MONTH_COPY:
            month = int(row["_prev_ym"]) % 100
            where = f"本文件第{int(row['_prev_row'])}行" if pd.notna(row["_prev_row"]) else "已入库数据"
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}与{month}月的累计（{where}）完全相同，"
                f"而本月为{fmt_as_typed(row['value_month__conv'])}{unit}，累计数应当增加；疑似复制了上月的表格"
                "只改了标题或工作表名、数值未更新；请核对本月和1-本月累计"
            )
        case Code.GUARD_YTD_BELOW_MONTH:
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}小于本月{fmt_as_typed(row['value_month__conv'])}{unit}，"
                "累计数不可能小于当月数，疑似两列填反了；请核对“本月”和“1-本月累计”"
            )
    return code.value  # pragma: no cover - every guard code has a message above
