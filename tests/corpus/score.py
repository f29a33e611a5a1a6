"""Score today's reader on the corpus: ``make corpus`` (writes docs/CORPUS.md).

    python tests/corpus/score.py [--out docs/CORPUS.md] [--gaps] [STEM …]

Prints one line per file (for files named on the command line, also what they get wrong) and then
``files fully right N/M, values right n/m``. ``--gaps`` prints
the stems that are not fully right (what KNOWN_GAPS.txt should hold) instead of writing the report.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

ROOT = harness.HERE.parent.parent


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def report(results: dict[str, harness.Comparison]) -> str:
    """docs/CORPUS.md: the score, then one row per file, then what each imperfect file got wrong."""
    files_right = sum(r.fully_right for r in results.values())
    values_right = sum(r.values_right for r in results.values())
    values_total = sum(r.values_expected for r in results.values())
    gaps = harness.known_gaps()
    out = [
        "# Corpus score",
        "",
        "How well the reader reads the spreadsheets of `tests/corpus/` — files in the shapes departments",
        "really send, written by LibreOffice, xlsxwriter, openpyxl, xlwt and as csv, each with a hand-written",
        "list of every value and every warning it must produce (see `tests/corpus/README.md`).",
        "Regenerate with `make corpus`.",
        "",
        f"**files fully right {files_right}/{len(results)}, values right {values_right}/{values_total}**",
        "",
        "A file is fully right when every expected value is read with its exact number, no other value",
        "loads, and the warnings (code, sheet, cell) are exactly the expected ones.",
        "",
        "| file | department | writer | shapes | values right | fully right | in KNOWN_GAPS |",
        "|---|---|---|---|---|---|---|",
    ]
    manifest = harness.manifest()
    for stem, r in results.items():
        m = manifest[stem]
        out.append(
            f"| `{m['file']}` | {m['department']} | {m['writer']} | {', '.join(m['tags'])} | "
            f"{r.values_right}/{r.values_expected} | {'yes' if r.fully_right else 'no'} | "
            f"{'yes' if stem in gaps else ''} |"
        )
    tags: dict[str, list[bool]] = {}
    for stem, r in results.items():
        for tag in manifest[stem]["tags"]:
            tags.setdefault(tag, []).append(r.fully_right)
    out += ["", "## By shape", "", "| shape | files | fully right |", "|---|---|---|"]
    out += [f"| {tag} | {len(oks)} | {sum(oks)} |" for tag, oks in sorted(tags.items())]
    out += ["", "## What the imperfect files got wrong", ""]
    for stem, r in results.items():
        if r.fully_right:
            continue
        lines = r.describe().splitlines()
        shown = lines[:12] + ([f"… and {len(lines) - 12} more"] if len(lines) > 12 else [])
        out += [f"### {stem}", "", manifest[stem]["description"], "", "```", *shown, "```", ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="*")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument("--gaps", action="store_true", help="print the stems not fully right")
    args = parser.parse_args(argv)
    stems = args.stems or harness.stems()
    start = time.perf_counter()
    results: dict[str, harness.Comparison] = {}
    for stem in stems:
        results[stem] = r = harness.compare(stem)
        if not args.gaps:
            mark = "ok " if r.fully_right else "   "
            print(f"{mark} {stem:48s} values {r.values_right}/{r.values_expected}")
            if args.stems and not r.fully_right:  # named files: say what is wrong
                print("      " + r.describe().replace("\n", "\n      "))
    seconds = time.perf_counter() - start
    if args.gaps:
        print("\n".join(s for s, r in results.items() if not r.fully_right))
        return 0
    files_right = sum(r.fully_right for r in results.values())
    values_right = sum(r.values_right for r in results.values())
    values_total = sum(r.values_expected for r in results.values())
    print(f"files fully right {files_right}/{len(results)}, values right {values_right}/{values_total}")
    print(f"({seconds:.1f} s)")
    if args.out:
        args.out.write_text(report(results), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
