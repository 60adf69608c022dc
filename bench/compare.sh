#!/usr/bin/env bash
# disclose against pandoc + WeasyPrint (and typst, when installed), in one run, on the same
# content; then a 1,000-incident batch. A measurement, never a test: it prints numbers and
# ratios and exits 0 unless a tool fails.
#
#   bench/compare.sh            # everything (several minutes)
#   BATCH_SIZES="100 250" bench/compare.sh   # other batch sizes (default: 250 500 1000)
#   SKIP_BATCH=1 bench/compare.sh            # only the per-incident comparison
#   SKIP_COMPARE=1 bench/compare.sh          # only the batches
#
# Needs: cargo; hyperfine, pandoc, weasyprint and GNU time (`/usr/bin/time`), which it installs
# from Debian's packages when it runs as root and they are missing.
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
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing: ${need[*]} (apt-get install ${need[*]})" >&2
    exit 2
  fi
fi

echo "== build"
cargo build --release --locked --quiet
bin="$here/target/release/disclose"
echo "machine: $(nproc) cores, $(uname -srm); disclose $("$bin" --version | cut -d' ' -f2)"
echo "pandoc $(pandoc --version | head -1 | cut -d' ' -f2), $(weasyprint --version)"

# The same content: the Markdown disclose writes for the reference incident.
"$bin" render examples/coupang-2025.yaml --as-of "$as_of" --format md --out "$work/md" >/dev/null 2>&1
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
hyperfine --style basic --warmup 2 --runs "$runs" --export-json "$work/h.json" \
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
echo "PDF bytes: disclose $ours_pdf in $n_pdf files ($((ours_pdf / n_pdf)) per PDF, PDF/A-2b with XMP and sRGB profile);" \
  "pandoc + WeasyPrint $theirs_pdf for the same Markdown; size ratio $(python3 -c "print(f'{$ours_pdf/$theirs_pdf:.2f}')")"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
echo "peak RSS, one incident's full set: disclose $(rss "$bin" render examples/coupang-2025.yaml --as-of "$as_of" --out "$work/r") KiB;" \
  "one pandoc + WeasyPrint PDF: $(rss pandoc "${mds[0]}" --standalone --metadata title=report --pdf-engine=weasyprint -o "$work/r.pdf") KiB"

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
