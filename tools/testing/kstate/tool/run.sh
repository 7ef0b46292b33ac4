#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of scripts/kstate/kstate, the host tool, against the test kernel
# of gen.c in two generations: each subcommand on images (an object file
# with relocations, as a module; a program with addresses in place, as
# vmlinux), catalogs, blobs and envelopes; check's prediction against the
# engine's actual restore; corrupt inputs of every kind (the tool built
# with ASan and UBSan: any report fails). KTAP lines, then "N passed, N
# failed".
#
# Usage: run.sh TREE OUT

set -uo pipefail
TREE=$(cd "${1:?usage: run.sh TREE OUT}" && pwd)
OUT=${2:?usage: run.sh TREE OUT}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
HERE=$TREE/tools/testing/kstate/tool
pass=0
fail=0

ok() {
	echo "ok - tool: $1"
	pass=$((pass + 1))
}

nok() {
	echo "not ok - tool: $1${2:+ ($2)}"
	fail=$((fail + 1))
}

# t NAME COMMAND...: ok if the command succeeds
t() {
	local name=$1
	shift
	if "$@" >"$OUT/last.log" 2>&1; then
		ok "$name"
	else
		nok "$name" "$(tail -n3 "$OUT/last.log" | tr '\n' ' ')"
	fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

make -s --no-print-directory -C "$TREE/scripts/kstate" OUT="$OUT" SANITIZE=1 >"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log"; nok "build the tool"; echo "$pass passed, $fail failed"; exit 1; }
K=$OUT/kstate
CFLAGS=(-std=gnu11 -O1 -g -Wall -Wno-unused-parameter -Wno-unused-function
	-fno-strict-aliasing -fno-pie -I"$TREE/tools/testing/kstate/include"
	-I"$TREE/tools/include" -I"$TREE/scripts/dtc/libfdt" -D_GNU_SOURCE)
LIBFDT=("$TREE"/scripts/dtc/libfdt/{fdt.c,fdt_ro.c,fdt_sw.c,fdt_strerror.c})
built=1
for g in 1 2; do
	cc "${CFLAGS[@]}" -DGEN=$g -c "$HERE/gen.c" -o "$OUT/gen$g.o" &&
	cc "${CFLAGS[@]}" -no-pie -o "$OUT/gen$g" "$OUT/gen$g.o" "${LIBFDT[@]}" &&
	"$OUT/gen$g" save "$OUT/gen$g.blob" "$OUT/gen$g.txt" "$OUT/gen$g.env" ||
		built=0
done
[ $built = 1 ] && ok "the test kernels build and save" || nok "the test kernels build and save"

# --- catalog
t "catalog: an image's types, in debugfs schema text" \
	bash -c "'$K' catalog '$OUT/gen1' >'$OUT/cat1.txt' && diff -u '$HERE/gen1.catalog' '$OUT/cat1.txt'"
t "catalog: generation 2 (aliases, since/until, critical, cond, version bounds)" \
	bash -c "'$K' catalog '$OUT/gen2' >'$OUT/cat2.txt' && diff -u '$HERE/gen2.catalog' '$OUT/cat2.txt'"
t "catalog: an object file (addresses in relocations, as in a module) reads as its image" \
	bash -c "'$K' catalog '$OUT/gen2.o' | diff -u '$OUT/cat2.txt' -"
t "catalog: its own text reads back the same" \
	bash -c "'$K' catalog '$OUT/cat2.txt' | diff -u '$OUT/cat2.txt' -"
t "catalog: -t and -x choose types by name" \
	bash -c "[ \"\$('$K' catalog -t 'tt_*' -x tt_dev -x 'tt_[mn]*' '$OUT/gen2' | grep '^type' | cut -d' ' -f2 | tr '\n' ' ')\" = 'tt_feat tt_leaf ' ]"
t "catalog --json is JSON with every type and field" \
	bash -c "'$K' catalog --json '$OUT/gen2' | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = {x[\"name\"]: x for x in d[\"types\"]}
assert sorted(t) == [\"tt_dev\", \"tt_feat\", \"tt_leaf\", \"tt_min\", \"tt_new\"], t
f = {x[\"name\"]: x for x in t[\"tt_feat\"][\"fields\"]}
assert f[\"secret\"][\"flags\"] == [\"cond\", \"critical\"], f
assert t[\"tt_dev\"][\"fields\"][1][\"aliases\"] == [\"irq\", \"interrupt\"]
'"

# --- dump
t "dump: a blob decodes as the kernel's debugfs text" \
	bash -c "'$K' dump '$OUT/gen2.blob' | diff -u '$OUT/gen2.txt' -"
t "dump --json: every line, objects and values" \
	bash -c "'$K' dump --json '$OUT/gen2.blob' | python3 -c '
import json, sys
d = json.load(sys.stdin)[\"lines\"]
assert len(d) == len(open(\"$OUT/gen2.txt\").read().splitlines())
assert {\"path\": \"tt_dev[1].name\", \"value\": \"\\\"dev1\\\"\"} in d, d
assert {\"object\": \"tt_new[7] v1\"} in d
'"
t "dump: a handover envelope" \
	bash -c "'$K' dump '$OUT/gen2.env' | grep -q 'envelope kstate-v1 format 1 size $(stat -c %s "$OUT/gen2.blob") .* save_ns 1234 '"

# --- check, and what the engine actually does
t "check: a blob into the kernel that wrote it: every type as is, exit 0" \
	bash -c "'$K' check '$OUT/gen1.blob' '$OUT/gen1' >'$OUT/c11' && grep -q '^safe: 4 as is, 0 converted' '$OUT/c11'"
"$K" check "$OUT/gen1.blob" "$OUT/gen2" >"$OUT/c12"
rc=$?
t "check upgrade: refused by min_version, exit 1" \
	bash -c "[ $rc = 1 ] && grep -q '^tt_min v1 -> v3: refused (1 object): type tt_min: writer version 1 is older than min_version 3' '$OUT/c12'"
t "check upgrade: conversions named (rename, elements, default, dropped)" \
	bash -c "grep -A4 '^tt_dev v1 -> v2: converted (3 objects)' '$OUT/c12' | tr -s ' ' | diff -u - <(printf '%s\n' 'tt_dev v1 -> v2: converted (3 objects)' ' irq_vector: the writer'\\''s irq (renamed)' ' bars: 4 -> 6 elements' ' pasid: not in the writer'\\''s v1: default 20' ' legacy: the writer'\\''s field, unknown here: skipped')"
t "check upgrade without the broken type: safe, exit 0" \
	"$K" check -x tt_min "$OUT/gen1.blob" "$OUT/gen2"
"$K" check "$OUT/gen2.blob" "$OUT/gen1" >"$OUT/c21"
rc=$?
t "check rollback: renamed field found by alias, critical field refuses its objects only, a type B lacks" \
	bash -c "[ $rc = 1 ] && grep -q '^    irq: the writer'\\''s irq_vector (renamed)' '$OUT/c21' && grep -q '^tt_feat v2 -> v1: partly refused (2 objects): objects that have the writer'\\''s critical field secret, unknown here, are refused' '$OUT/c21' && grep -q '^    refused keys: 2$' '$OUT/c21' && grep -q '^tt_new v1 -> none: absent (1 object)' '$OUT/c21'"
for pair in 1:1 1:2 2:1 2:2; do
	w=${pair%:*} r=${pair#*:}
	t "check agrees with the engine's restore, generation $w -> $r, key by key" \
		python3 - "$K" "$OUT/gen$w.blob" "$OUT/gen$r" <<'PY'
import json, subprocess, sys
k, blob, reader = sys.argv[1:]
v = json.loads(subprocess.run([k, 'check', '--json', blob, reader],
                              capture_output=True, text=True).stdout)
act = {}
for line in subprocess.run([reader, 'restore', blob], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    t, key, st = line.split(' ', 2)
    act[(t, key)] = st.split()[0]
n = 0
for t in v['types']:
    keys = [key for (ty, key) in act if ty == t['type']]
    for key in keys:
        want = ('failed' if t['outcome'] == 'refused' or
                int(key) in t.get('refused_keys', []) else
                'restored' if t['outcome'] != 'absent' else None)
        assert act[(t['type'], key)] == want, (t, key, act)
        n += 1
assert n == len(act) and n >= 5, (n, act)
print(n, 'objects agree')
PY
done
t "check: catalog text to catalog text gives what images give" \
	bash -c "'$K' catalog '$OUT/gen1' >'$OUT/cat1b.txt'; diff <('$K' check '$OUT/cat1b.txt' '$OUT/cat2.txt') <('$K' check '$OUT/gen1' '$OUT/gen2')"
t "check: image to image, every type judged (no objects)" \
	bash -c "'$K' check '$OUT/gen2' '$OUT/gen1' | grep -q '^tt_feat v2 -> v1: partly refused: objects that have'"
t "check --json: a verdict per type and safe false" \
	bash -c "'$K' check --json '$OUT/gen2.blob' '$OUT/gen1' | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[\"safe\"] is False and d[\"absent\"] == 1 and d[\"partly_refused\"] == 1
o = {t[\"type\"]: t[\"outcome\"] for t in d[\"types\"]}
assert o == {\"tt_leaf\": \"as is\", \"tt_dev\": \"converted\", \"tt_feat\": \"partly refused\", \"tt_min\": \"as is\", \"tt_new\": \"absent\"}, o
'"

# --- the golden catalog's guard
t "compat: a golden catalog against the next generation: changed with new versions, exit 0" \
	bash -c "'$K' compat '$HERE/gen1.catalog' '$OUT/gen2' >'$OUT/compat' && grep -q '^tt_dev v1 -> v2: changed, with a new version' '$OUT/compat' && grep -q '^tt_leaf v1: unchanged' '$OUT/compat' && grep -q '^tt_new v1: new, not in the golden catalog' '$OUT/compat' && grep -q '^compatible: 0 types' '$OUT/compat'"
cc "${CFLAGS[@]}" -DGEN=1 -DTT_BARS=5 -c "$HERE/gen.c" -o "$OUT/gen1-break.o"
"$K" compat "$HERE/gen1.catalog" "$OUT/gen1-break.o" >"$OUT/compat-break"
rc=$?
t "compat: an array resized without a version bump fails, with both directions' verdicts" \
	bash -c "[ $rc = 1 ] && grep -q '^tt_dev v1: CHANGED WITHOUT A VERSION BUMP' '$OUT/compat-break' && grep -q '^  +   field bars uint size 2 count 5 since 0' '$OUT/compat-break' && grep -q '^    bars: 4 -> 5 elements' '$OUT/compat-break' && grep -q 'needs KSTATE_VERSION(2)' '$OUT/compat-break' && grep -q '^BREAKING: 1 types' '$OUT/compat-break'"
t "compat: a type removed fails" \
	bash -c "'$K' compat -x tt_feat '$HERE/gen1.catalog' '$OUT/gen1' >/dev/null && ! '$K' compat '$HERE/gen2.catalog' '$OUT/gen1' >'$OUT/compat-rm' && grep -q '^tt_new v1: REMOVED' '$OUT/compat-rm'"

# --- bad input: a message, exit 2, never a crash or a sanitizer report
t "usage: no arguments, an unknown command, a missing file: exit 2" \
	bash -c "'$K'; [ \$? = 2 ] && '$K' frob x; [ \$? = 2 ] && '$K' dump '$OUT/nonexistent'; [ \$? = 2 ]"
t "dump: a blob with a wrong CRC is refused with the engine's reason" \
	bash -c "python3 -c 'import sys; b = bytearray(open(sys.argv[1], \"rb\").read()); b[-1] ^= 1; open(sys.argv[2], \"wb\").write(b)' '$OUT/gen2.blob' '$OUT/badcrc'; '$K' dump '$OUT/badcrc' 2>'$OUT/e'; [ \$? = 2 ] && grep -q 'blob refused' '$OUT/e'"
t "catalog: a blob is not a catalog; text that is not one names its line" \
	bash -c "'$K' catalog '$OUT/gen2.blob'; [ \$? = 2 ] && printf 'type x v1 min 1 size 4\n  field a uint size 4 count 1 since 0 frob\n' >'$OUT/bad.txt' && '$K' catalog '$OUT/bad.txt' 2>&1 | grep -q 'line 2: unknown word frob'"
corrupt() {	# FILE COMMAND...: truncations and byte flips of FILE, every one
	python3 - "$@" <<'PY'
import random, subprocess, sys
f, cmd = sys.argv[1], sys.argv[2:]
data = open(f, 'rb').read()
rnd = random.Random(len(data))
cases = [data[:n] for n in sorted({0, 1, 3, 4, 16, 63, 64, 95, 96, 97, len(data) // 2, len(data) - 1}) if n <= len(data)]
for i in range(150 if data else 0):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
    cases.append(bytes(b))
bad = 0
for i, c in enumerate(cases):
    open(f + '.fuzz', 'wb').write(c)
    r = subprocess.run([a.replace('@', f + '.fuzz') for a in cmd], capture_output=True)
    err = r.stderr.decode(errors='replace')
    if r.returncode not in (0, 1, 2) or 'Sanitizer' in err or 'runtime error' in err:
        print('case', i, 'exit', r.returncode, err[-400:])
        bad += 1
print(len(cases), 'inputs,', bad, 'bad')
sys.exit(bad > 0)
PY
}
t "dump: 162 corrupt blobs, no crash" corrupt "$OUT/gen2.blob" "$K" dump @
t "dump: 162 corrupt envelopes, no crash" corrupt "$OUT/gen2.env" "$K" dump @
t "check: 162 corrupt blobs, no crash" corrupt "$OUT/gen2.blob" "$K" check @ "$OUT/gen1"
t "catalog: 162 corrupt images, no crash" corrupt "$OUT/gen2" "$K" catalog @
t "catalog: 162 corrupt object files, no crash" corrupt "$OUT/gen2.o" "$K" catalog @
t "catalog: 162 corrupt catalog texts, no crash" corrupt "$OUT/cat2.txt" "$K" catalog @

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
