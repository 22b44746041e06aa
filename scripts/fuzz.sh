#!/usr/bin/env bash
# fuzz.sh — runs every fuzz target of the module for FUZZTIME each (default
# 20s), one after another. A crash fails the script and leaves the input
# under the package's testdata/fuzz/, where `go test` replays it from then
# on: commit it with the fix. The corpora checked in there are replayed by
# every `go test ./...` as well.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-20s}

targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v '^./scratch/' | grep -v '^./beam/' | sort | while read -r f; do
	for t in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
		echo "$(dirname "$f") $t"
	done
done)
n=0
while read -r pkg target; do
	n=$((n + 1))
	echo "fuzz: $pkg $target for $fuzztime" >&2
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"
done <<< "$targets"
echo "fuzz: $n targets, no crash" >&2
