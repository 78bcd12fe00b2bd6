#!/usr/bin/env python3
"""Copies comparison reports into docs/benchmarks.md (between marker lines) and their plots
into docs/img/, so the docs show the last measured run. One command, after run.sh:

    python3 bench/compare/splice_docs.py RESULTS_DIR [RESULTS_DIR ...]

Each RESULTS_DIR is a results folder of run.sh (e.g. build/compare-results for `--cheap`, a
second one for `--small`, set with COMPARE_RESULTS_DIR). Its report.md becomes one part of the
block between `<!-- BEGIN bench/compare -->` and `<!-- END bench/compare -->` in
docs/benchmarks.md (the block is appended as a new section the first time); everything outside
the markers is left as it is. Headings move down two levels (the title gets the run's
label: "full" and "small" are spelled out), image links point at
docs/img/compare-<label>-<name>.png, and every copied PNG must stay under 200 KB (the script
stops otherwise).
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "benchmarks.md"
IMG = REPO / "docs" / "img"
BEGIN, END = "<!-- BEGIN bench/compare -->", "<!-- END bench/compare -->"
MAX_PNG = 200 * 1024
SECTION = "## Side by side with River and CapyMOA (`bench/compare`)"


def copy_png(src, dst):
    """Copies a plot, refusing one over MAX_PNG bytes (lower the dpi in report.py then)."""
    size = src.stat().st_size
    if size > MAX_PNG:
        sys.exit(f"error: {src} is {size} bytes (limit {MAX_PNG}); lower its dpi in report.py")
    shutil.copyfile(src, dst)


TITLES = {"full": "full streams, models without HAT and ARF (`run.sh --cheap`)",
          "small": "every model, first 2,000 rows of each stream (`run.sh --small`)"}


def part(results, label):
    text = (results / "report.md").read_text()
    # headings two levels down: the report's "#" becomes "###" under the docs' "##" section
    text = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text, flags=re.M)
    # the report's title names the run
    text = re.sub(r"^### (.*)$", lambda m: f"### {m.group(1)}: {TITLES.get(label, label)}", text,
                  count=1, flags=re.M)
    used = []

    def relink(m):
        name = m.group(2)
        src = results / name
        if not src.exists():
            return m.group(0)
        dst = IMG / f"compare-{label}-{name}"
        copy_png(src, dst)
        used.append(dst)
        return f"![{m.group(1)}](img/{dst.name})"

    text = re.sub(r"!\[([^\]]*)\]\(([^)/]+\.png)\)", relink, text)
    # plots report.md only lists by name are linked too
    for png in sorted(results.glob("*.png")):
        dst = IMG / f"compare-{label}-{png.name}"
        if dst not in used:
            copy_png(png, dst)
            used.append(dst)
            text += f"\n![{png.stem}](img/{dst.name})\n"
    return text.strip() + "\n", used


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="+", type=Path, help="results folders of run.sh")
    ap.add_argument("--labels", default=None,
                    help="comma-separated labels for the image names (default: the folder names)")
    args = ap.parse_args()
    labels = (args.labels.split(",") if args.labels else
              [p.resolve().name.replace("compare-results", "").strip("-_") or "full"
               for p in args.results])
    if len(labels) != len(args.results):
        sys.exit("error: one label per results folder")
    IMG.mkdir(parents=True, exist_ok=True)
    parts = []
    for results, label in zip(args.results, labels):
        if not (results / "report.md").exists():
            sys.exit(f"error: {results}/report.md is missing; run bench/compare/run.sh first")
        text, _ = part(results, label)
        parts.append(text)
    block = (f"{BEGIN}\n<!-- written by bench/compare/splice_docs.py from report.md: edit the "
             "harness, not this block -->\n\n" + "\n\n".join(parts) + f"\n{END}")
    doc = DOC.read_text()
    if BEGIN in doc and END in doc:
        before, rest = doc.split(BEGIN, 1)
        _, after = rest.split(END, 1)
        doc = before + block + after
    else:
        doc = doc.rstrip("\n") + f"\n\n{SECTION}\n\n" + (
            "Produced by `bench/compare/run.sh` (see bench/compare/README.md) and copied here\n"
            "by `bench/compare/splice_docs.py`.\n\n") + block + "\n"
    DOC.write_text(doc)
    print(f"updated {DOC.relative_to(REPO)} ({len(parts)} report(s)), plots in "
          f"{IMG.relative_to(REPO)}/")


if __name__ == "__main__":
    main()
