#!/usr/bin/env bash
# test-report.sh [--screenshot] — renders the report of a run over the sample
# articles and pages and opens it in headless Chromium (check-report.mjs):
# no console error, no request leaving the file, every chart drawn, every
# section filled. Installs Debian's chromium and playwright-core (from npm,
# into a cache folder outside the repository) when missing. With
# --screenshot, the screenshot replaces docs/report.png (the README's).
#
# Environment: ENTOPIC_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/entopic).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

playwright_version=1.64.1
cache=${ENTOPIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/entopic}/playwright-$playwright_version
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Chromium, and a font with Chinese characters for the screenshot.
if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
	echo "test-report: installing chromium and fonts-wqy-microhei with apt-get" >&2
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-microhei >&2
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "test-report: installing nodejs and npm with apt-get" >&2
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >&2
fi
if [ ! -d "$cache/node_modules/playwright-core" ]; then
	echo "test-report: installing playwright-core@$playwright_version into $cache" >&2
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "playwright-core@$playwright_version" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/entopic" ./cmd/entopic
"$work/entopic" run testdata/articles testdata/pages testdata/html -o "$work/out" --progress=false 2>/dev/null
"$work/entopic" topics "$work/out" --k 3 --progress=false 2>/dev/null
"$work/entopic" report "$work/out"

shot="$work/report.png"
[ "${1:-}" = "--screenshot" ] && shot="$repo/docs/report.png"
cp scripts/check-report.mjs "$cache/check-report.mjs"
CHROMIUM=$(command -v chromium) node "$cache/check-report.mjs" "$work/out/report.html" "$shot"
