#!/usr/bin/env bash
# Rebuilds the fallback fonts in this folder from Debian's fonts-noto-core (see README.md).
# Needs apt-get (a Debian 12 source list) and fontTools' pyftsubset (pip install fonttools==4.*).
# The output depends only on the package version and the ranges below: run it again and compare
# the SHA-256 sums in README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-noto-core=20201225-1
dpkg-deb -x fonts-noto-core_20201225-1_all.deb x
noto=x/usr/share/fonts/truetype/noto

# Latin (Basic, Latin-1, Extended-A/B, Additional), IPA and spacing modifiers, combining accents,
# Greek, Cyrillic (+ Supplement), general punctuation, super/subscripts, currency, letterlike
# symbols, number forms.
text_ranges="U+0020-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F"
# Arrows, mathematical operators, technical symbols, geometric shapes, miscellaneous symbols,
# dingbats (check marks, crosses, ballot boxes).
symbol_ranges="U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+2B00-2BFF"

# fontTools stamps head.modified with the current time unless SOURCE_DATE_EPOCH is set: use the
# package's date (2020-12-26) so that every run writes the same bytes.
export SOURCE_DATE_EPOCH=1608940800

subset() {
  pyftsubset "$1" --unicodes="$2" --output-file="$3" \
    --no-hinting --layout-features= --name-IDs='*' --name-languages='*' \
    --drop-tables+=GSUB,GPOS,GDEF --recalc-timestamp=false
}
subset "$noto/NotoSans-Regular.ttf" "$text_ranges" "$here/NotoSans-Fallback.ttf"
subset "$noto/NotoSans-Bold.ttf" "$text_ranges" "$here/NotoSansBold-Fallback.ttf"
subset "$noto/NotoSansSymbols2-Regular.ttf" "$symbol_ranges" "$here/NotoSansSymbols2-Fallback.ttf"
cp x/usr/share/doc/fonts-noto-core/copyright "$here/LICENSE-Noto.txt"
sha256sum "$here"/*-Fallback.ttf
