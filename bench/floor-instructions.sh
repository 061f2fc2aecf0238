#!/usr/bin/env bash
# Instructions per request of the capture floor (bench/floor-child.ts: derive + store through the
# real capture writer in 32-request group commits), counted by callgrind instead of timed, so the
# figure is repeatable on a shared, loaded machine.
#
#   bench/floor-instructions.sh [checkout] [body-bytes] [n1] [n2]
#
# checkout defaults to this one; any Hookbay checkout that has bench/floor-child.ts works (its
# bench is built there with its own bench/build.mjs). The floor runs twice, at n1 and n2 requests
# after the same warm-up; the difference divided by n2 - n1 cancels start-up, warm-up and exit.
# Prints the main thread's and all threads' instructions per request (the WAL checkpointer's
# worker counts in "all"). V8 runs --single-threaded (GC and compiles on the main thread) unless
# FLOOR_NODE_FLAGS says otherwise: its background threads made repeated counts drift by ~15%.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
checkout=$(cd "${1:-$here}" && pwd)
size=${2:-1024}
n1=${3:-2000}
n2=${4:-4000}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/floor-instr-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

(cd "$checkout" && node bench/build.mjs)

# The body bench/capture.ts sends (jsonBody): a Stripe-like invoice padded to exactly $size bytes.
node -e '
const size = Number(process.argv[1]);
const doc = { id: "evt_1QbENCH", type: "invoice.paid", created: 1764237600,
  data: { object: { id: "in_1", customer: "cus_42", amount_paid: 4200, currency: "eur", lines: [] } } };
let i = 0;
while (Buffer.byteLength(JSON.stringify(doc)) < size) {
  doc.data.object.lines.push({ id: `il_${i}`, description: `Seat licence ${i}`, amount: 1000 + i, qty: 1 }); i++;
}
if (JSON.stringify(doc).length > size) doc.data.object.lines.pop();
const pad = size - JSON.stringify(doc).length;
const last = doc.data.object.lines[doc.data.object.lines.length - 1];
if (last && pad > 0) last.description += "x".repeat(pad);
process.stdout.write(JSON.stringify(doc));
' "$size" >"$scratch/body.json"

count() { # n -> "main total"
  local n=$1 dir="$scratch/data-$1"
  mkdir -p "$dir"
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$scratch/cg-$n.%p" \
    node ${FLOOR_NODE_FLAGS---single-threaded} "$checkout/out/bench/floor-child.js" "$dir" "$scratch/body.json" "$n" >"$scratch/out-$n" 2>"$scratch/err-$n" ||
    { cat "$scratch/err-$n" >&2; exit 1; }
  grep -q '^FLOOR ' "$scratch/out-$n" || { cat "$scratch/err-$n" >&2; exit 1; }
  local main total
  main=$(grep -h '^summary:' "$scratch"/cg-"$n".*-01 | awk '{print $2}')
  total=$(grep -h '^summary:' "$scratch"/cg-"$n".* | awk '{s += $2} END {print s}')
  [ -z "${FLOOR_VERBOSE:-}" ] || for f in "$scratch"/cg-"$n".*; do echo "  n=$n ${f##*.} $(grep -h '^summary:' "$f")" >&2; done
  echo "$main $total"
}
read -r m1 t1 < <(count "$n1")
read -r m2 t2 < <(count "$n2")
awk -v m1="$m1" -v t1="$t1" -v m2="$m2" -v t2="$t2" -v d=$((n2 - n1)) -v size="$size" -v c="$(git -C "$checkout" rev-parse --short HEAD)" \
  'BEGIN { printf "%s %d B: %.0f instructions/request on the main thread, %.0f in all threads\n", c, size, (m2 - m1) / d, (t2 - t1) / d }'
