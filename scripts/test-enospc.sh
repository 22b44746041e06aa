#!/usr/bin/env bash
# test-enospc.sh — a run whose output disk fills up: it must fail with a
# clear message, leave only complete parts and no manifest, and finish with
# --resume once space is freed, to the tables of an uninterrupted run, byte
# for byte; and a run into a read-only file system fails at once, clearly.
# The disk is a tmpfs of 1 MB, mounted for the test (root,
# or sudo, is needed; without it the test says so and stops).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
corpus_src=../shared/data/bench/zh-news.jsonl
if [ ! -f "$corpus_src" ]; then
	echo "test-enospc: $corpus_src is not here: skipped" >&2
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"

work=$(mktemp -d)
disk="$work/disk"
mkdir -p "$disk"
cleanup() { $sudo umount "$disk" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if ! $sudo mount -t tmpfs -o size=1m tmpfs "$disk" 2>"$work/mount.err"; then
	echo "test-enospc: cannot mount a small tmpfs here ($(cat "$work/mount.err")): skipped" >&2
	exit 0
fi
$sudo chmod 777 "$disk"

head -300 "$corpus_src" > "$work/corpus.jsonl"
go build -o "$work/entopic" ./cmd/entopic
flags=(--part-rows 500 --progress=false --workers 2)
"$work/entopic" run "$work/corpus.jsonl" -o "$work/want" "${flags[@]}" 2>/dev/null

# The disk fills up.
if "$work/entopic" run "$work/corpus.jsonl" -o "$disk/out" "${flags[@]}" 2>"$work/full.err"; then
	echo "test-enospc: FAIL the run on a 1 MB disk succeeded" >&2
	exit 1
fi
grep -q "no space left on device" "$work/full.err" || { echo "test-enospc: FAIL no clear message:" >&2; cat "$work/full.err" >&2; exit 1; }
echo "ok   the run on a full disk failed: $(grep -o 'no space left on device' "$work/full.err" | head -1)" >&2
[ ! -e "$disk/out/manifest.json" ] || { echo "test-enospc: FAIL a manifest was written" >&2; exit 1; }
if find "$disk/out" -name 'part-*.parquet' -size 0 | grep -q .; then
	echo "test-enospc: FAIL an empty part looks complete" >&2
	exit 1
fi
echo "ok   no manifest, $(find "$disk/out" -name 'part-*.parquet' | wc -l) complete parts kept" >&2

# Space is freed; the run resumes and finishes.
$sudo mount -o remount,size=64m "$disk"
"$work/entopic" run "$work/corpus.jsonl" -o "$disk/out" "${flags[@]}" --resume 2>"$work/resume.err" || { cat "$work/resume.err" >&2; exit 1; }
for table in documents mentions entities topics keywords errors; do
	diff -r "$work/want/$table" "$disk/out/$table" >/dev/null || { echo "test-enospc: FAIL $table differs from the uninterrupted run's" >&2; exit 1; }
done
echo "ok   resumed after space was freed: every table equals the uninterrupted run's, byte for byte" >&2

# An output directory on a read-only file system: a clear error at once.
$sudo mount -o remount,ro "$disk"
if "$work/entopic" run "$work/corpus.jsonl" -o "$disk/ro-out" "${flags[@]}" 2>"$work/ro.err"; then
	echo "test-enospc: FAIL a run wrote to a read-only file system" >&2
	exit 1
fi
grep -q "read-only file system" "$work/ro.err" || { echo "test-enospc: FAIL no clear message:" >&2; cat "$work/ro.err" >&2; exit 1; }
echo "ok   read-only output: $(head -1 "$work/ro.err")" >&2
