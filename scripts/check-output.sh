#!/usr/bin/env bash
# check-output.sh OUTDIR — proves that a real engine reads an entopic run.
#
# Installs DuckDB's Node.js client (@duckdb/node-api, from npm) into a cache
# folder outside the repository, then, with DuckDB, reads every table of
# OUTDIR as a dataset (read_parquet('OUTDIR/<table>/*.parquet')), checks
# each table's columns and types against testdata/contract.json (the tables
# of docs/DESIGN.md §2), and checks the invariants: offsets slice
# documents.text (or documents.title, for mentions of field title) exactly, every row's doc_id exists in documents, row counts
# match manifest.json, and inputs seen = documents + errors; then runs the
# analyst's queries of examples/queries.sql and checks that each returns rows.
#
# Environment: ENTOPIC_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/entopic).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: scripts/check-output.sh OUTDIR" >&2
	exit 2
fi
out=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)

duckdb_version=1.5.6-r.1
cache=${ENTOPIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/entopic}/duckdb-node-$duckdb_version
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	# A fresh Debian machine: Node.js and npm come from Debian's packages.
	echo "check-output: installing nodejs and npm with apt-get" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >&2
fi
if [ ! -d "$cache/node_modules/@duckdb/node-api" ]; then
	echo "check-output: installing @duckdb/node-api@$duckdb_version into $cache" >&2
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "@duckdb/node-api@$duckdb_version" >&2
fi
# The script runs from the cache so that Node resolves the package there.
cp "$repo/scripts/check-output.mjs" "$cache/check-output.mjs"
node "$cache/check-output.mjs" "$out" "$repo/testdata/contract.json" "$repo/examples/queries.sql"
