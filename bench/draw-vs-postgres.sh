#!/bin/sh
# draw-vs-postgres.sh measures, in one run on this machine, the uniform draw
# of package draw beside PostgreSQL's ORDER BY random() LIMIT n (what common
# systems do) over the same ten million ids, and prints the ratio.
#
# Usage: bench/draw-vs-postgres.sh [PSQL-CONNINFO]
#   default connection: host=127.0.0.1 user=postgres dbname=test
# Needs psql and go. Creates and drops the table bench_draw_ids_$$.
set -eu

conn=${1:-"host=127.0.0.1 user=postgres dbname=test"}
n=500000            # 5 % of 10M, as BenchmarkUniform10M draws
table=bench_draw_ids_$$
root=$(cd "$(dirname "$0")/.." && pwd)

psql_q() { psql "$conn" -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() { psql_q -c "DROP TABLE IF EXISTS $table" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== loading 10,000,000 ids into PostgreSQL ($table)"
# The same ids as benchIDs in draw/bench_test.go: 91411303 + 10 digits.
psql_q <<SQL
CREATE UNLOGGED TABLE $table (id text NOT NULL);
INSERT INTO $table SELECT '91411303' || lpad(i::text, 10, '0')
  FROM generate_series(0, 9999999) AS i;
VACUUM ANALYZE $table;
SQL

echo "== PostgreSQL: ORDER BY random() LIMIT $n (3 runs, default settings)"
plans=$(psql_q -t -A <<SQL
EXPLAIN (ANALYZE, TIMING OFF) SELECT id FROM $table ORDER BY random() LIMIT $n;
EXPLAIN (ANALYZE, TIMING OFF) SELECT id FROM $table ORDER BY random() LIMIT $n;
EXPLAIN (ANALYZE, TIMING OFF) SELECT id FROM $table ORDER BY random() LIMIT $n;
SQL
)
echo "$plans" | grep -E 'Sort Method|Execution Time' | sed 's/^ */   /'
pg_ms=$(echo "$plans" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p' | sort -n | head -1)
echo "   best of 3: $pg_ms ms"

echo "== package draw: BenchmarkUniform10M (3 runs)"
out=$(cd "$root" && go test ./draw -run '^$' -bench '^BenchmarkUniform10M$' -benchtime 1x -count 3)
echo "$out" | grep Benchmark | sed 's/^/   /'
go_ns=$(echo "$out" | awk '/^BenchmarkUniform10M/ {print $3}' | sort -n | head -1)
echo "   best of 3: $(awk -v g="$go_ns" 'BEGIN { printf "%.0f", g / 1e6 }') ms"

awk -v pg="$pg_ms" -v g="$go_ns" 'BEGIN {
	go_ms = g / 1e6
	printf "== result (best of 3 each): draw %.0f ms, PostgreSQL %.0f ms: " \
		"PostgreSQL takes %.1f times as long\n",
		go_ms, pg, pg / go_ms
}'
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; rerun when idle)"
