#!/usr/bin/env bash
# test-hostile.sh — runs entopic on each hostile input alone and checks that
# every one ends as documents or error rows within 30 s and 1.5 GB of peak
# memory: a gzip bomb, a 100 MB JSON line, a 50 MB line without a newline,
# HTML nested 100,000 levels deep, and a directory of 100,000 small files.
# (job/hostile_test.go checks what each becomes; this checks what each costs.)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ ! -x /usr/bin/time ]; then
	echo "test-hostile: installing GNU time with apt-get" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/entopic" ./cmd/entopic

mkdir "$work/bomb" "$work/huge" "$work/oneline" "$work/deep" "$work/many"
head -c 64M /dev/zero | gzip -9 > "$work/bomb/bomb.jsonl.gz"
{ printf '{"id":"huge","text":"'; head -c 100M /dev/zero | tr '\0' a; printf '"}\n'; } > "$work/huge/huge.jsonl"
head -c 50M /dev/zero | tr '\0' x > "$work/oneline/oneline.txt"
{ printf '<html><body>'; for _ in $(seq 1000); do printf '<div><div><div><div><div><div><div><div><div><div>%.0s' $(seq 10); done; printf '深处的正文。</body></html>'; } > "$work/deep/deep.html"
for i in $(seq 0 99); do
	mkdir "$work/many/$i"
	for j in $(seq 0 999); do printf '第%d号通知。' "$((i * 1000 + j))" > "$work/many/$i/$j.txt"; done
done

fail=0
for input in bomb huge oneline deep many; do
	/usr/bin/time -f "%e %M" -o "$work/$input.time" "$work/entopic" run "$work/$input" -o "$work/out-$input" --progress=false 2>"$work/$input.err" || true
	read -r secs kb < "$work/$input.time"
	seen=$(grep -o '"inputs_seen": [0-9]*' "$work/out-$input/manifest.json" 2>/dev/null | grep -o '[0-9]*$' || echo none)
	mb=$((kb / 1024))
	verdict=ok
	if [ "$seen" = none ] || awk "BEGIN{exit !($secs > 30)}" || [ "$mb" -gt 1536 ]; then verdict=FAIL; fail=1; fi
	printf '%-4s %-8s %6.1f s %5d MB peak, %s records seen\n' "$verdict" "$input" "$secs" "$mb" "$seen" >&2
done
exit $fail
