#!/usr/bin/env bash
# test-beam.sh — checks the Beam pipeline (the beam/ module, kept out of the
# main module so that entopic's binary and tests do not carry Beam):
# go vet, its tests (on Prism: the sample articles and pages and a
# 2,000-record sample with duplicates and bad records planted give the very
# rows of entopic run), then the README's command, read back with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/../beam"

go vet ./...
go test ./...

out="$(mktemp -d)/out"
go run ./cmd/entopic-beam --runner prism ../testdata/articles -o "$out" 2> "$out.log" || { cat "$out.log" >&2; exit 1; }
../scripts/check-output.sh "$out"
