#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot kernel A in QEMU (x86_64, q35, TCG), kexec with KHO into kernel B and
# check what arrived. Kernel A's boot also runs KSTATE's KUnit suites
# built in, which count as cases of this tier.
#
# Usage: vmtest.sh TREE OBJDIR_A OBJDIR_B RESULT_FILE
#
# Cases:
#   boot-a              kernel A reached /init
#   kunit-x86/...       KSTATE KUnit cases run at kernel A's boot
#   kexec-kho           kernel B booted from A's kexec_file_load() with KHO
#   upstream-test-kho   lib/test_kho.c: "KHO restore succeeded" in kernel B
#   clean-logs          no panic, oops, BUG or WARNING in either kernel

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kstate/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
obj_a=$(cd "${2:?usage}" && pwd)
obj_b=$(cd "${3:?usage}" && pwd)
result=${4:?usage}
out=$(dirname "$result")/vm
mkdir -p "$out"
out=$(cd "$out" && pwd)
timeout=${KSTATE_VM_TIMEOUT:-300}
passed=0
failed=0

case_result()
{
	if [ "$2" -eq 0 ]; then
		echo "ok - vmtest: $1"
		passed=$((passed + 1))
	else
		echo "not ok - vmtest: $1${3:+ ($3)}"
		failed=$((failed + 1))
	fi
}

# /init, built with nolibc against kernel A's UAPI headers
gcc -static -Os -nostdlib -nostdinc -fno-asynchronous-unwind-tables -fno-ident \
	-I "$obj_a/usr-headers/include" -I "$tree/tools/include/nolibc" \
	-o "$out/init" "$top/tools/testing/kstate/vm/init.c" -lgcc ||
	ks_die "cannot build the VM /init"

cpio_head="dir /dev 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
nod /dev/console 0600 0 0 c 5 1
file /init $out/init 0755 0 0"
printf '%s\n' "$cpio_head" >"$out/inner.list"
"$obj_a/usr/gen_init_cpio" "$out/inner.list" >"$out/inner.cpio"
printf '%s\ndir /next 0755 0 0\nfile /next/bzImage %s 0644 0 0\nfile /next/initrd.cpio %s 0644 0 0\n' \
	"$cpio_head" "$obj_b/arch/x86/boot/bzImage" "$out/inner.cpio" >"$out/outer.list"
"$obj_a/usr/gen_init_cpio" "$out/outer.list" >"$out/outer.cpio"

serial=$out/serial.log
ks_log "booting kernel A in QEMU (TCG), log: $serial"
start=$(date +%s)
timeout "$timeout" qemu-system-x86_64 -M q35 -accel tcg -m 1G -smp 2 \
	-no-reboot -nographic -nodefaults -serial file:"$serial" \
	-kernel "$obj_a/arch/x86/boot/bzImage" -initrd "$out/outer.cpio" \
	-append "console=ttyS0 kho=on panic=-1 kunit.filter_glob=kstate* kstate.dump=/sys/kernel/debug/kho/in/sub_fdts" \
	</dev/null >"$out/qemu.log" 2>&1
qrc=$?
ks_log "QEMU exited with $qrc after $(($(date +%s) - start)) s"

# Split the serial log at the kexec: A's part, then B's part.
awk '/KSTATE-VM: kexec loaded/ { b = 1 } { print > (b ? "'"$out"'/b.log" : "'"$out"'/a.log") }' "$serial"
touch "$out/a.log" "$out/b.log"

grep -q 'KSTATE-VM: stage 1' "$out/a.log"
case_result boot-a $? "kernel A never reached /init"

(cd "$tree" && python3 tools/testing/kunit/kunit.py parse "$out/a.log") >"$out/kunit-x86.log" 2>&1
read -r kp kf ks < <(ks_kunit_counts "$out/kunit-x86.log")
grep -E '^\[[^]]*\] +(\[(PASSED|FAILED|CRASHED|SKIPPED)\]|# )' "$out/kunit-x86.log" |
	sed 's/^/    /' | head -n 60
passed=$((passed + kp))
failed=$((failed + kf))
echo "kunit (x86_64 boot): $kp passed, $kf failed, $ks skipped"

grep -q 'KSTATE-VM: stage 2' "$out/b.log"
case_result kexec-kho $? "kernel B did not start; see $serial"

grep -q 'KHO restore succeeded' "$out/b.log" && ! grep -q 'KHO restore failed' "$out/b.log"
case_result upstream-test-kho $? "lib/test_kho.c did not report success"

! grep -E -q 'Kernel panic|Oops|BUG:|WARNING:|UBSAN:|KASAN:' "$serial"
case_result clean-logs $? "$(grep -E -m1 'Kernel panic|Oops|BUG:|WARNING:|UBSAN:|KASAN:' "$serial")"

[ $qrc -eq 0 ] || echo "    QEMU exit code $qrc (124 = timeout after ${timeout}s)"
ks_result "$result" vmtest "$passed" "$failed" "$ks"
echo "vmtest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
