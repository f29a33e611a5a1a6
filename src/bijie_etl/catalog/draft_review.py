"""Writing a draft catalog and reviewing it (issue #17): the YAML files, the review report, the score.

:func:`write_draft` writes ``targets_<year>.yaml``, ``exclusions_<year>.yaml`` and ``review_<year>.md``
and loads the targets with the catalog loader, so a draft that would not load is never handed over.
:func:`score_against` compares a draft with a hand-made catalog of the same report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.catalog.completeness import Exclusion
from bijie_etl.catalog.draft import Draft, Proposal, _fmt
from bijie_etl.catalog.model import Catalog, Target, load_catalog
from bijie_etl.errors import CatalogError
from bijie_etl.text import normalize_name

__all__ = ["Score", "read_report", "review_report", "score_against", "write_draft"]


_FIELD_ORDER = [
    "code",
    "name_zh",
    "name_en",
    "aliases",
    "section",
    "clause",
    "department",
    "unit",
    "target",
    "stretch",
    "comparator",
    "direction",
    "kind",
    "pace",
    "frequency",
    "baseline",
    "baseline_source",
    "profile",
    "thresholds",
    "notes",
]


def _entry_for_yaml(p: Proposal) -> dict[str, Any]:
    fields = dict(p.fields)
    note = f"草稿置信度 {p.confidence:.2f}" + ("；" + "；".join(p.review) if p.review else "")
    fields["notes"] = note
    out = {k: fields[k] for k in _FIELD_ORDER if k in fields and fields[k] not in (None, [], {})}
    if out.get("direction") == "higher_is_better":
        out.pop("direction")
    return out


def read_report(path: Path) -> str:
    """The report's text; a file that is not UTF-8 (GBK, as government sites often publish) is refused
    with the command that converts it."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path.name} 不是 UTF-8 文本（网站下载的报告常为 GBK）：请先转换，如 "
            f"iconv -f gb18030 -t utf-8 {path.name} > 新文件.txt (the report must be UTF-8 text)"
        ) from exc


def write_draft(
    draft: Draft,
    out_dir: Path,
    *,
    departments_path: Path,
    counties_path: Path,
    units_path: Path,
    report_path: Path,
) -> list[Path]:
    """Write targets_/exclusions_/review_<year> into ``out_dir`` and check the targets with the loader."""
    out_dir.mkdir(parents=True, exist_ok=True)
    targets_path = out_dir / f"targets_{draft.year}.yaml"
    exclusions_path = out_dir / f"exclusions_{draft.year}.yaml"
    review_path = out_dir / f"review_{draft.year}.md"
    header = (
        f"# DRAFT catalog of the {draft.year} Government Work Report, written by `bijie-etl catalog draft`.\n"
        f"# Part read: {draft.heading}\n"
        "# Review every entry (see the review report next to this file), then remove this header and commit\n"
        f"# it as schemas/targets_{draft.year}.yaml. `notes` carries the drafter's confidence and what to check.\n"
    )
    body = [header, f"year: {draft.year}\ntargets:\n"]
    for p in sorted(draft.proposals, key=lambda p: p.start):
        body.append(f"  # confidence {p.confidence:.2f}" + (" · review" if p.confidence < 0.8 else "") + "\n")
        dumped = yaml.safe_dump([_entry_for_yaml(p)], allow_unicode=True, sort_keys=False, width=200)
        body.append("".join("  " + line + "\n" for line in dumped.splitlines()))
    targets_path.write_text("".join(body), encoding="utf-8")

    ex = [{"text": e.text, "reason": e.reason} for e in sorted(draft.exclusions, key=lambda e: e.start)]
    exclusions_path.write_text(
        f"# DRAFT: numbers of the {draft.year} report judged not to be targets, each with its reason.\n"
        + yaml.safe_dump({"exclusions": ex}, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    review_path.write_text(review_report(draft), encoding="utf-8")
    # The draft must load with the catalog's own checks (verbatim clauses included).
    load_catalog(
        targets_path,
        departments_path=departments_path,
        counties_path=counties_path,
        units_path=units_path,
        report_path=report_path,
    )
    return [targets_path, exclusions_path, review_path]


def review_report(draft: Draft) -> str:
    """A Markdown report for the reviewer: new, changed, dropped and unsure proposals, and exclusions."""
    ordered = sorted(draft.proposals, key=lambda p: p.start)
    new = [p for p in ordered if p.previous is None]
    changed = [p for p in ordered if p.previous is not None and p.changes]
    same = [p for p in ordered if p.previous is not None and not p.changes]
    unsure = [p for p in ordered if p.confidence < 0.8]
    prev = f"{draft.previous_year}年" if draft.previous_year else "上年目录（未提供 --previous）"
    lines = [
        f"# {draft.year}年目标目录草稿 · 复核报告 (review report)",
        "",
        f"读取部分：{draft.heading}。建议条目 {len(ordered)} 个（新增 {len(new)}、有变化 {len(changed)}、"
        f"与上年相同 {len(same)}），对比 {prev} 未找到 {len(draft.dropped)} 个，判定为非目标的数字 "
        f"{len(draft.exclusions)} 个，置信度低于 0.8 的 {len(unsure)} 个。",
        "",
        "复核要点：名称、单位、目标值与力争值、比较方式（左右/以上/以内/精确）、方向、类型与频率、责任部门；"
        "临时代码 new_YYYY_NNN 请改为有意义的英文代码（同一指标跨年代码不变）。",
        "",
    ]

    def table(title: str, rows: list[list[str]], head: list[str]) -> None:
        lines.extend([f"## {title}（{len(rows)}）", ""])
        if not rows:
            lines.extend(["无。", ""])
            return
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        lines.extend("| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows)
        lines.append("")

    def value(p: Proposal) -> str:
        f = p.fields
        s = _fmt(f.get("target")) + (f"（力争 {_fmt(f['stretch'])}）" if f.get("stretch") is not None else "")
        return f"{s} {f.get('unit')} {f.get('comparator')}"

    table(
        "新增目标 (new)",
        [
            [
                p.code,
                str(p.fields["name_zh"]),
                value(p),
                str(p.fields["department"]),
                f"{p.confidence:.2f}",
                str(p.fields["clause"]),
            ]
            for p in new
        ],
        ["代码", "名称", "目标", "部门（推断）", "置信度", "条文"],
    )
    table(
        "有变化的目标 (changed)",
        [[p.code, str(p.fields["name_zh"]), "；".join(p.changes), str(p.fields["clause"])] for p in changed],
        ["代码", "名称", "变化", "条文"],
    )
    table(
        "上年有、今年未找到的目标 (dropped)",
        [[t.code, t.name_zh, f"{_fmt(t.target)} {t.unit}", t.clause] for t in draft.dropped],
        ["代码", "名称", "上年目标", "上年条文"],
    )
    table(
        "需重点复核 (confidence < 0.8)",
        [[p.code, str(p.fields["name_zh"]), f"{p.confidence:.2f}", "；".join(p.review)] for p in unsure],
        ["代码", "名称", "置信度", "原因"],
    )
    lines.extend([f"## 未识别单位的数字 (numbers without a known unit)（{len(draft.unread)}）", ""])
    lines.extend([f"- {u}" for u in draft.unread] or ["无。"])
    lines.extend(
        ["", "若其中有目标，请把单位加入 schemas/units.yaml 与扫描单位表后重新生成草稿，或手工补入条目。", ""]
    )
    table(
        "判定为非目标的数字 (draft exclusions)",
        [[e.text, e.reason] for e in sorted(draft.exclusions, key=lambda e: e.start)],
        ["文字", "理由"],
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Scoring a draft against a hand-made catalog


@dataclass(frozen=True)
class Score:
    """How a draft compares with a hand catalog of the same report."""

    numeric_targets: int
    reproduced: int  # value, unit, comparator, stretch and direction all equal
    proposals: int
    extra: int  # proposals neither in the catalog nor in the exclusions
    kept_code_and_department: int  # proposals continuing a previous target with its code and department
    mismatches: tuple[str, ...]
    extras: tuple[str, ...]

    @property
    def reproduced_share(self) -> float:
        return self.reproduced / self.numeric_targets if self.numeric_targets else 1.0

    @property
    def extra_share(self) -> float:
        return self.extra / self.proposals if self.proposals else 0.0


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans, i = [], haystack.find(needle)
    while needle and i >= 0:
        spans.append((i, i + len(needle)))
        i = haystack.find(needle, i + 1)
    return spans


def score_against(draft: Draft, catalog: Catalog, exclusions: Iterable[Exclusion], report_text: str) -> Score:
    """Compare the draft with a hand catalog: which numeric targets it reproduces, which proposals are extra.

    A catalog target is reproduced when a proposal whose number lies inside the target's clause has
    the same value, unit, comparator, stretch and direction (each proposal counts once).
    """
    text = normalize_name(report_text)
    units = catalog.units
    excluded = [s for e in exclusions for s in _spans(text, e.key)]
    free = list(draft.proposals)
    reproduced, mismatches = 0, []
    matched: set[int] = set()
    numeric = [t for t in catalog.targets if t.target is not None]
    for t in numeric:
        spans = _spans(text, normalize_name(t.clause))
        candidates = [
            p
            for p in free
            if id(p) not in matched
            and any(a <= p.start < b for a, b in spans)
            and p.fields.get("target") is not None
            and math.isclose(float(p.fields["target"]), float(t.target or 0))
            and units.canonical(str(p.fields["unit"])) == units.canonical(t.unit)
        ]
        if not candidates:
            mismatches.append(f"{t.code}: no proposal with {t.target:g} {t.unit} in its clause")
            continue

        def same(p: Proposal, t: Target = t) -> bool:
            s = p.fields.get("stretch")
            return (
                p.fields["comparator"] == t.comparator.value
                and (p.fields.get("direction") or "higher_is_better") == t.direction.value
                and (
                    (s is None and t.stretch is None)
                    or (s is not None and t.stretch is not None and math.isclose(s, t.stretch))
                )
            )

        best = next((p for p in candidates if same(p)), candidates[0])
        matched.add(id(best))
        if same(best):
            reproduced += 1
        else:
            f = best.fields
            mismatches.append(
                f"{t.code}: drafted {f['comparator']}/{f.get('stretch')}/{f.get('direction')}, "
                f"catalog {t.comparator.value}/{t.stretch}/{t.direction.value}"
            )
    numeric_props = [p for p in draft.proposals if p.fields.get("target") is not None]
    extras = [
        p for p in numeric_props if id(p) not in matched and not any(a <= p.start < b for a, b in excluded)
    ]
    kept = sum(
        1
        for p in numeric_props
        if p.previous is not None
        and catalog.get(p.code) is p.previous
        and p.fields["department"] == p.previous.department
    )
    return Score(
        numeric_targets=len(numeric),
        reproduced=reproduced,
        proposals=len(numeric_props),
        extra=len(extras),
        kept_code_and_department=kept,
        mismatches=tuple(mismatches),
        extras=tuple(
            f"{p.fields['name_zh']} {p.fields['target']}{p.fields['unit']} ← {p.fields['clause']}"
            for p in extras
        ),
    )
