#!/usr/bin/env bash
# Console chart redraw (issue 6): a 30-day chart at one-minute resolution, 43,200 points x 5
# series, redrawn in a real JavaFX window (under Xvfb when there is no display), with the
# JFreeChart and JavaFX of the console product.
#   releng/bench/console-chart.sh [points=43200] [series=5] [rounds=30]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/releng/jdk.sh"
plugins="$ROOT/product/target/products/org.aegisml.console.product/linux/gtk/x86_64/plugins"
ls "$plugins"/wrapped.org.jfree.jfreechart_*.jar >/dev/null 2>&1 || "$ROOT/aegisml" build >/dev/null
cp="$(ls "$plugins"/wrapped.org.openjfx.javafx-*.jar "$plugins"/wrapped.org.jfree.*.jar | tr '\n' ':')"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
"$JAVA_HOME/bin/javac" -cp "$cp" -d "$out" "$ROOT/releng/bench/console/ChartRedraw.java"
run=("$JAVA_HOME/bin/java" -cp "$cp:$out" -Dprism.order=sw ChartRedraw "${1:-43200}" "${2:-5}" "${3:-30}")
echo "# $(date -u +%FT%TZ) $(nproc) cores, software rendering (Prism sw)"
if [ -z "${DISPLAY:-}" ]; then xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}" 2>&1 | grep -v "WARNING\|PlatformImpl startup"; else "${run[@]}" 2>&1 | grep -v "WARNING\|PlatformImpl startup"; fi
