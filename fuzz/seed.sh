#!/usr/bin/env bash
# Rebuilds the seed inputs of every fuzz target from files in this repository, then minimizes
# them into corpus/<target>/ (the committed seed corpus) with libFuzzer's merge, which keeps the
# smallest inputs that together reach every feature the seeds reach.
#
#   fuzz/seed.sh            # from fuzz/; needs a nightly toolchain and cargo-fuzz (README)
#
# Sources:
#   incident       examples/*.yaml, tests/fixtures/base-valid.yaml, tests/fixtures/invalid/*.yaml,
#                  and the 336 draft incidents `disclose import veris` makes from the VCDB records
#                  in tests/fixtures/vcdb/ (CC BY-SA 4.0: "VERIS Community Database (VCDB),
#                  Verizon RISK Team, https://github.com/vz-risk/VCDB"; see that directory's
#                  ATTRIBUTION). Inputs kept from them are derived works under the same licence.
#   policy         policies/**/*.yaml, tests/fixtures/policies/**/*.yaml,
#                  tests/fixtures/invalid-policies/*.yaml, and variants of one small policy whose
#                  condition uses each CEL construct the built-in policies use and a few more.
#   markdown_html, markdown_pdf
#                  tests/fixtures/pdf/*.md, and every report `disclose render examples/*.yaml`
#                  and `disclose render --draft` on twenty VCDB drafts write as Markdown.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

(cd "$root" && cargo build --release --locked --quiet)
disclose="$root/target/release/disclose"
as_of=2026-01-01T00:00:00+09:00

mkdir -p "$seeds"/{incident,policy,markdown}
cp "$root"/examples/*.yaml "$root"/tests/fixtures/base-valid.yaml "$seeds/incident/"
for f in "$root"/tests/fixtures/invalid/*.yaml; do cp "$f" "$seeds/incident/invalid-$(basename "$f")"; done
"$disclose" import veris "$root"/tests/fixtures/vcdb/*.jsonl --out "$seeds/vcdb" >/dev/null
for f in "$seeds"/vcdb/*.yaml; do cp "$f" "$seeds/incident/vcdb-$(basename "$f")"; done

while IFS= read -r f; do
    cp "$f" "$seeds/policy/$(echo "${f#"$root"/}" | tr / _)"
done < <(find "$root/policies" "$root/tests/fixtures/policies" "$root/tests/fixtures/invalid-policies" \
    -name '*.yaml' | sort)
base="$root/tests/fixtures/invalid-policies/misspelt-path.yaml"
i=0
while IFS= read -r cond; do
    i=$((i + 1))
    # The condition goes in a single-quoted YAML scalar; CEL strings in it use double quotes.
    COND="$cond" awk '
        /^    when: "affected.subjcts >= 1000 \|\| cause.external"$/ {
            print "    when: \047" ENVIRON["COND"] "\047"; next
        }
        { print }' "$base" > "$seeds/policy/cel-$i.yaml"
done <<'CEL'
affected.subjects >= 1000 || cause.external
affected.categories.exists(c, c in ["resident_registration_number", "health", "biometric"])
affected.jurisdictions.all(j, subjects_in(j) > 0) && size(affected.countries) < 10
affected.classes.exists_one(c, c == "customers")
affected.categories.map(c, category_subjects(c)).exists(n, n > 100)
affected.categories.filter(c, has_category(c)).size() > 0 ? affected.has_sensitive : false
subjects_in("KR") > 0 && !(cause.kind in ["misdelivery", "loss"]) && has_action("regulator_report", "PIPC")
{"a": 1, "b": 2}["a"] == int("1") && double(affected.subjects) / 2.0 > 0.5
string(affected.records).startsWith("1") || risk.level.matches("^(high|critical)$")
controls.training_completion_rate < 0.9 || controls.log_review in ["never", "unknown"] || controls.audit_open_high_findings > 0
organization.total_revenue > 1000000000 && organization.revenue_currency == "KRW" && "ISMS-P" in controls.certifications
CEL

for f in "$root"/tests/fixtures/pdf/*.md; do cp "$f" "$seeds/markdown/fixture-$(basename "$f")"; done
for ex in "$root"/examples/*.yaml; do
    out="$seeds/render-$(basename "$ex" .yaml)"
    "$disclose" render "$ex" --as-of "$as_of" --format md --out "$out" >/dev/null 2>&1 || true
done
while IFS= read -r f; do
    "$disclose" render "$f" --draft --as-of "$as_of" --format md --out "$seeds/render-vcdb" \
        >/dev/null 2>&1 || true
done < <(find "$seeds/vcdb" -name '*.yaml' | sort | awk 'NR % 17 == 1')
find "$seeds"/render-* -name '*.md' | sort | while IFS= read -r f; do
    cp "$f" "$seeds/markdown/$(echo "${f#"$seeds"/}" | tr / _)"
done

for target in incident policy markdown_html markdown_pdf; do
    case $target in
        markdown_*) from="$seeds/markdown" ;;
        *) from="$seeds/$target" ;;
    esac
    rm -rf "corpus/$target"
    mkdir -p "corpus/$target"
    echo "$target: $(find "$from" -type f | wc -l) seed inputs" >&2
    DISCLOSE_FUZZ_EMIT_EVERY=1 cargo +nightly fuzz run "$target" "corpus/$target" "$from" -- \
        -merge=1 -rss_limit_mb=4096 -timeout=60 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' >&2
done
du -sh corpus/* >&2
