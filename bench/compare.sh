#!/usr/bin/env bash
# disclose against pandoc + WeasyPrint (and typst, when installed), in one run, on the same
# content; then a 1,000-incident batch. A measurement, never a test: it prints numbers and
# ratios and exits 0 unless a tool fails.
#
#   bench/compare.sh            # everything (several minutes)
#   BATCH_SIZES="100 250" bench/compare.sh   # other batch sizes (default: 250 500 1000)
#   SKIP_BATCH=1 bench/compare.sh            # only the per-incident comparison
#   SKIP_COMPARE=1 bench/compare.sh          # only the typst comparison and the batches
#   SKIP_TYPST=1 bench/compare.sh            # without the one-notice comparison with typst
#
# Needs: cargo; hyperfine, pandoc, weasyprint, poppler-utils and GNU time (`/usr/bin/time`),
# which it installs from Debian's packages when it runs as root and they are missing, and the
# PyPI package typst, which it installs with pip.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
as_of=2026-01-01T00:00:00+09:00
runs=${RUNS:-10}
jobs=${JOBS:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v pandoc >/dev/null || need+=(pandoc)
command -v weasyprint >/dev/null || need+=(weasyprint)
[ -x /usr/bin/time ] || need+=(time)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing: ${need[*]} (apt-get install ${need[*]})" >&2
    exit 2
  fi
fi

if [ -n "${DISCLOSE:-}" ]; then
  bin=$(realpath "$DISCLOSE")
else
  echo "== build"
  cargo build --release --locked --quiet
  bin="$here/target/release/disclose"
fi
echo "machine: $(nproc) cores, $(uname -srm); disclose $("$bin" --version | cut -d' ' -f2)"
echo "pandoc $(pandoc --version | head -1 | cut -d' ' -f2), $(weasyprint --version)"

# The same content: the Markdown disclose writes for the reference incident.
# Exit 1 is an answer, not a failure: the example has missed deadlines. Hence `-i` below, where
# each tool's output is checked after the run instead.
"$bin" render examples/coupang-2025.yaml --as-of "$as_of" --format md --out "$work/md" >/dev/null 2>&1 ||
  [ $? -eq 1 ]
mapfile -t mds < <(find "$work/md" -name '*.md' | sort)
echo "content: ${#mds[@]} Markdown reports of examples/coupang-2025.yaml ($(cat "${mds[@]}" | wc -c) bytes)"

# pandoc + WeasyPrint on that content: every report to standalone HTML and to PDF, as disclose
# writes md + html + pdf (the Markdown itself costs pandoc nothing: it is the input).
cat >"$work/pandoc.sh" <<EOF
#!/usr/bin/env bash
set -e
for f in ${mds[*]}; do
  pandoc "\$f" --standalone --metadata title=report -o "$work/p-\$(basename "\$f" .md).html"
  pandoc "\$f" --standalone --metadata title=report --pdf-engine=weasyprint -o "$work/p-\$(basename "\$f" .md).pdf"
done
EOF
chmod +x "$work/pandoc.sh"

typst_cmd=()
if command -v typst >/dev/null; then
  cat >"$work/typst.sh" <<EOF
#!/usr/bin/env bash
set -e
for f in ${mds[*]}; do
  pandoc "\$f" --standalone --metadata title=report --pdf-engine=typst -o "$work/t-\$(basename "\$f" .md).pdf"
done
EOF
  chmod +x "$work/typst.sh"
  typst_cmd=(-n "pandoc + typst" "$work/typst.sh")
fi

if [ -z "${SKIP_COMPARE:-}" ]; then
echo
echo "== one incident's full set: every report, ko + en, md + html + pdf"
hyperfine --style basic -i --warmup 2 --runs "$runs" --export-json "$work/h.json" \
  -n disclose "$bin render examples/coupang-2025.yaml --as-of $as_of --out $work/d" \
  -n "pandoc + WeasyPrint" "$work/pandoc.sh" \
  "${typst_cmd[@]}"

python3 - "$work/h.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
d = r["disclose"]["mean"]
for name, x in r.items():
    if name != "disclose":
        print(f"ratio: disclose is {x['mean'] / d:.1f}x faster than {name} "
              f"({d * 1000:.0f} ms vs {x['mean'] * 1000:.0f} ms)")
EOF

ours_pdf=$(find "$work/d" -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s}')
theirs_pdf=$(find "$work" -maxdepth 1 -name 'p-*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s}')
n_pdf=$(find "$work/d" -name '*.pdf' | wc -l)
[ "$n_pdf" -gt 0 ] && [ -n "$theirs_pdf" ] || { echo "a tool wrote no PDF" >&2; exit 1; }
echo "PDF bytes: disclose $ours_pdf in $n_pdf files ($((ours_pdf / n_pdf)) per PDF, PDF/A-2b with XMP and sRGB profile);" \
  "pandoc + WeasyPrint $theirs_pdf for the same Markdown; size ratio $(python3 -c "print(f'{$ours_pdf/$theirs_pdf:.2f}')")"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}' || true; }
echo "peak RSS, one incident's full set: disclose $(rss "$bin" render examples/coupang-2025.yaml --as-of "$as_of" --out "$work/r") KiB;" \
  "one pandoc + WeasyPrint PDF: $(rss pandoc "${mds[0]}" --standalone --metadata title=report --pdf-engine=weasyprint -o "$work/r.pdf") KiB"

fi

# Cold start (issue 19): `check` against `validate` on the same file, each a fresh process.
# `check` reads and evaluates the built-in policies on top of what `validate` does; the goal is at
# most 3x. Instruction counts (callgrind) are steadier: bench/README.md has them.
if [ -z "${SKIP_COLD:-}" ]; then
  echo
  echo "== cold start: check vs validate on examples/coupang-2025.yaml, fresh processes"
  hyperfine --style basic -N -i --warmup 3 --runs "$((runs * 3))" --export-json "$work/c.json" \
    -n validate "$bin validate examples/coupang-2025.yaml" \
    -n check "$bin check examples/coupang-2025.yaml --as-of $as_of"
  python3 - "$work/c.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
v, c = r["validate"], r["check"]
print(f"ratio: check costs {c['median'] / v['median']:.2f}x validate (medians {c['median']*1000:.1f} ms vs "
      f"{v['median']*1000:.1f} ms; means {c['mean'] / v['mean']:.2f}x)")
EOF
fi

# One Korean notice to PDF in a fresh process, disclose against typst (issue 19). typst is the
# PyPI package (its compiler is bundled in the wheel; there is no `typst` command), driven by a
# two-line Python script, so its time includes starting Python and importing the module: that
# start alone is measured too and the ratio is given with and without it. The content is the
# same: the Markdown disclose writes for the notice, converted by pandoc 3 to a standalone typst
# document once (not timed), set in the same font, NanumGothic, on A4.
if [ -z "${SKIP_TYPST:-}" ]; then
  if ! python3 -c 'import typst' 2>/dev/null; then
    echo "installing: typst (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --break-system-packages 'typst==0.15.*'
  fi
  echo
  echo "== one Korean notice to PDF (subject_notice.ko), fresh process: disclose vs typst $(python3 -c 'import typst; print(typst.__version__)')"
  notice=$(find "$work/md" -name 'subject_notice.ko.md')
  fonts=/usr/share/fonts/truetype/nanum
  # Debian's pandoc predates the typst writer (pandoc 3.1.2); the PyPI wheel pypandoc_binary
  # bundles a current one.
  if ! python3 -c 'import pypandoc; pypandoc.get_pandoc_path()' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --break-system-packages 'pypandoc_binary==1.*'
  fi
  pandoc3=$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
  "$pandoc3" "$notice" -f markdown -t typst --standalone -V mainfont=NanumGothic -V papersize=a4 \
    -V lang=ko -o "$work/notice.typ"
  printf '%s\n' 'import sys, typst' \
    "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=['$fonts'], ignore_system_fonts=True)" \
    >"$work/typst-one.py"
  # -N: no shell in between, for both tools (hyperfine otherwise starts each run through sh
  # and subtracts an estimate of its cost).
  hyperfine --style basic -N -i --warmup 2 --runs "$runs" --export-json "$work/t.json" \
    -n disclose "$bin render examples/coupang-2025.yaml --as-of $as_of --report subject_notice --lang ko --format pdf --out $work/one" \
    -n typst "python3 $work/typst-one.py $work/notice.typ $work/notice.pdf" \
    -n "python3 -c 'import typst' (start only)" "python3 -c 'import typst'"
  # The ratio of the medians, then of the means: on a shared virtual machine one run in forty
  # can be held up by tens of milliseconds (seen with the output on tmpfs as on disk), which
  # moves a 12 ms mean and not the median.
  python3 - "$work/t.json" <<'EOF'
import json, sys
results = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for stat in ("median", "mean"):
    r = {k: v[stat] for k, v in results.items()}
    d, t = r["disclose"], r["typst"]
    s = [v for k, v in r.items() if k.startswith("python3")][0]
    print(f"ratio ({stat}s): disclose is {t / d:.1f}x faster than typst through Python ({d*1000:.1f} ms vs {t*1000:.1f} ms); "
          f"{(t - s) / d:.1f}x with Python's start and the import ({s*1000:.1f} ms) taken off typst")
EOF
  echo "pages: disclose $(pdfinfo "$(find "$work/one" -name '*.pdf')" | awk '/^Pages/ {print $2}'), typst $(pdfinfo "$work/notice.pdf" | awk '/^Pages/ {print $2}')"
fi
[ -n "${SKIP_BATCH:-}" ] && exit 0

echo
echo "== batch: N incidents (the three examples and VCDB drafts, cycled, each with its own id), -j $jobs"
# One import of both files: a record in both gets a `-2` id instead of colliding.
"$bin" import veris tests/fixtures/vcdb/sample.jsonl tests/fixtures/vcdb/edge-cases.jsonl \
  --out "$work/vcdb" >/dev/null 2>&1
mapfile -t seeds < <(ls examples/*.yaml; find "$work/vcdb" -name '*.yaml' | sort)
for n in ${BATCH_SIZES:-250 500 1000}; do
  dir="$work/batch-$n"
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    seed=${seeds[$((i % ${#seeds[@]}))]}
    sed -E "0,/^id: .*/s//id: BATCH-$i/" "$seed" >"$dir/incident-$i.yaml"
  done
  rm -rf "$work/out-$n"
  start=$(date +%s.%N)
  set +e
  /usr/bin/time -v "$bin" render "$dir" --draft --as-of "$as_of" -j "$jobs" --out "$work/out-$n" \
    >"$work/batch-$n.out" 2>"$work/batch-$n.err"
  code=$?
  set -e
  end=$(date +%s.%N)
  files=$(find "$work/out-$n" -type f | wc -l)
  peak=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/batch-$n.err")
  python3 -c "t=$end-$start; print(f'{$n:5d} incidents: {t:6.1f} s ({t/$n*1000:.0f} ms per incident), $files files, exit $code, peak RSS $peak KiB')"
done
