#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot kernel A in QEMU (x86_64, q35, TCG), kexec with KHO into kernel B and
# check what arrived. Kernel A's boot also runs KSTATE's KUnit suites
# built in, which count as cases of this tier.
#
# Usage: vmtest.sh TREE OBJDIR_A OBJDIR_B RESULT_FILE
#
# Kernel A has the generation-1 KSTATE test state, kernel B generation 2
# (lib/test_kstate.c). Seven QEMU runs, each one boot and one
# kexec with KHO, checked by tools/testing/selftests/kstate/vmcheck.py:
#
#   same      A -> A, after an injected save failure that must refuse the
#             kexec and leave A running; also runs the KUnit suites at A's
#             boot, lib/test_kho.c, the LUO selftest luo_kexec_simple
#             (with LUO enabled) and dtc on the handed-over envelope
#   upgrade   A -> B
#   rollback  B -> A, after every fault point of a save failed it in turn;
#             A restores the devices with every fault point failing in turn
#             (slab, page allocator, KHO calls; then kmemleak)
#   critical  B -> A with B's critical-field type registered: refused
#             cleanly by A, everything else restored
#   corrupt-stream, corrupt-envelope
#             A -> A with the handed-over stream (or envelope) damaged
#             after the save: refused by the next kernel, which boots on
#   scale     A -> A: 3 s of registrations racing snapshots on 2 CPUs (with
#             lockdep), then 100000 bulk objects (a 70 MB stream) handed
#             over and checked byte for byte; A's save and B's open and
#             restore (a second open of the stream) run once with every
#             page allocation of order >= 1 failing
#
# Cases per run: the kexec happened; B received exactly what A's outgoing
# dump showed; every object restored (or refused as expected); B's view
# equals A's after the documented conversion; preserved pages arrived with
# the same checksum; no panic, oops, BUG or WARNING in either kernel; and
# that the host tool's prediction (scripts/kstate/kstate check, from the
# stream A saved and B's vmlinux) is what B did. The results are KTAP, by
# the selftests' ktap_helpers.sh; the KUnit suites' own KTAP is parsed
# apart (kunit.py) and counted.

set -uo pipefail

top=$(cd "$(dirname "$0")/../../../.." && pwd)
. "$top/overlay/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
. "$tree/tools/testing/selftests/kselftest/ktap_helpers.sh" ||
	ks_die "no tools/testing/selftests/kselftest/ktap_helpers.sh in $tree"
obj_a=$(cd "${2:?usage}" && pwd)
obj_b=$(cd "${3:?usage}" && pwd)
result_file=${4:?usage}
out=$(dirname "$result_file")/vm
mkdir -p "$out"
out=$(cd "$out" && pwd)
timeout=${KSTATE_VM_TIMEOUT:-300}
passed=0
failed=0
ks=0
# the host tool: before each kexec's outcome is read, what it predicts
make -s --no-print-directory -C "$tree/scripts/kstate" OUT="$out/tool" >"$out/tool.log" 2>&1 ||
	echo "    the host tool does not build: $out/tool.log"
export KSTATE_TOOL=$out/tool/kstate

# case_result NAME RC [WHY]: one KTAP line (ktap_helpers.sh's), counted
KS_KTAP=1
case_result()
{
	ks_case vmtest "$@"
}

ktap_print_header

# /init, built with nolibc against kernel A's UAPI headers
gcc -static -Os -nostdlib -nostdinc -fno-asynchronous-unwind-tables -fno-ident \
	-I "$obj_a/usr-headers/include" -I "$tree/tools/include/nolibc" \
	-o "$out/init" "$top/tools/testing/selftests/kstate/init.c" -lgcc ||
	ks_die "cannot build the VM /init"

# upstream's LUO kexec selftest, run in both kernels of the "same" run
luo=$tree/tools/testing/selftests/liveupdate
gcc -static -O2 -Wall -I "$obj_a/usr-headers/include" -I "$tree/tools/testing/selftests" \
	-o "$out/luo_kexec_simple" "$luo/luo_kexec_simple.c" "$luo/luo_test_utils.c" ||
	ks_die "cannot build the LUO selftest luo_kexec_simple"

# the VMM side of the VFIO test: keeps edu open across the kexec
gcc -static -O2 -Wall -I "$obj_a/usr-headers/include" -I "$tree/tools/testing/selftests" \
	-o "$out/vfio_keep" "$top/tools/testing/selftests/kstate/vfio_keep.c" "$luo/luo_test_utils.c" ||
	ks_die "cannot build the VFIO test program vfio_keep"

cpio_head="dir /dev 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
nod /dev/console 0600 0 0 c 5 1
file /init $out/init 0755 0 0
file /luo_kexec_simple $out/luo_kexec_simple 0755 0 0
file /vfio_keep $out/vfio_keep 0755 0 0"
printf '%s\n' "$cpio_head" >"$out/inner.list"
"$obj_a/usr/gen_init_cpio" "$out/inner.list" >"$out/inner.cpio"

dbg=/sys/kernel/debug/kstate
dumps="kstate.dump=$dbg/schema,$dbg/outgoing,$dbg/incoming,$dbg/stats,$dbg/pci/status,$dbg/vtd/status,$dbg/vfio/status"
dumps="$dumps kstate.hex=/sys/kernel/debug/kho/in/sub_fdts/kstate,$dbg/blob"

# PCI devices the PCI adopter preserves (kstate_vm_pci=1): an NVMe
# controller with SR-IOV, edu and e1000e, each behind a PCIe root port;
# all behind an emulated Intel IOMMU (legacy mode), which keeps
# translating a second edu through the kexec (kstate_vm_vtd=1); a third
# edu, bound to vfio-pci, is kept open by a VMM-like program in a LUO
# session (kstate_vm_vfio=1)
pci_devs="-device intel-iommu,intremap=on,aw-bits=48
	-device pcie-root-port,id=rp1,chassis=1,slot=1,bus-reserve=2
	-device pcie-root-port,id=rp2,chassis=2,slot=2
	-device pcie-root-port,id=rp3,chassis=3,slot=3
	-device nvme-subsys,id=s0,nqn=ks
	-device nvme,bus=rp1,serial=a,subsys=s0,sriov_max_vfs=4,sriov_vq_flexible=8,sriov_vi_flexible=4
	-device edu,bus=rp2 -device e1000e,bus=rp3,netdev=n0 -netdev user,id=n0
	-device pcie-root-port,id=rp4,chassis=4,slot=4 -device edu,bus=rp4
	-device pcie-root-port,id=rp5,chassis=5,slot=5 -device edu,bus=rp5"

# run_vm NAME FIRST_OBJDIR NEXT_OBJDIR EXTRA_CMDLINE: boot FIRST, kexec NEXT
run_vm()
{
	local name=$1 first=$2 next=$3 extra=$4 dir=$out/$1 start qrc

	mkdir -p "$dir"
	echo "$next" >"$dir/next"
	printf '%s\ndir /next 0755 0 0\nfile /next/bzImage %s 0644 0 0\nfile /next/initrd.cpio %s 0644 0 0\n' \
		"$cpio_head" "$next/arch/x86/boot/bzImage" "$out/inner.cpio" >"$dir/outer.list"
	"$obj_a/usr/gen_init_cpio" "$dir/outer.list" >"$dir/outer.cpio"
	ks_log "run $name: booting $(basename "$first") in QEMU (TCG), then kexec into $(basename "$next"); log: $dir/serial.log"
	start=$(date +%s)
	timeout "$timeout" qemu-system-x86_64 -M q35 -accel tcg -m 1G -smp 2 \
		-no-reboot -nographic -nodefaults -serial file:"$dir/serial.log" \
		-kernel "$first/arch/x86/boot/bzImage" -initrd "$dir/outer.cpio" \
		$pci_devs \
		-append "console=ttyS0 printk.time=1 kho=on panic=-1 init_on_free=1 $extra $dumps" \
		</dev/null >"$dir/qemu.log" 2>&1
	qrc=$?
	ks_log "run $name: QEMU exited with $qrc after $(($(date +%s) - start)) s"
	[ $qrc -eq 0 ] || echo "    QEMU exit code $qrc (124 = timeout after ${timeout}s)"
	# Split the serial log at the kexec: the first kernel's part, then the next's.
	awk '/KSTATE-VM: kexec loaded/ { b = 1 } { print > (b ? "'"$dir"'/b.log" : "'"$dir"'/a.log") }' \
		"$dir/serial.log"
	touch "$dir/a.log" "$dir/b.log"
}

# check_vm NAME MODE: the cases of one run
check_vm()
{
	local line

	while IFS= read -r line; do
		case $line in
		"ok - vmtest: "*) case_result "${line#ok - vmtest: }" 0 ;;
		"not ok - vmtest: "*) case_result "${line#not ok - vmtest: }" 1 ;;
		*) echo "$line" ;;
		esac
	done < <(python3 "$top/tools/testing/selftests/kstate/vmcheck.py" "$out/$1" "$2" ||
		 echo "not ok - vmtest: $1: vmcheck.py failed")
}

for run in ${KSTATE_VM_RUNS:-same upgrade rollback critical corrupt-stream corrupt-envelope scale}; do
	case $run in
	same)
		run_vm same "$obj_a" "$obj_a" \
			"kunit.filter_glob=kstate* kstate_vm_fail=1 liveupdate=1 kstate_vm_luo=1 kstate_vm_pci=1 kstate_vm_vtd=1 kstate_vm_vfio=1"
		check_vm same same
		# Only the KTAP lines: a driver probing asynchronously may print
		# in the middle of a suite's header, which kunit.py takes for a
		# crash of the suite.
		sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$out/same/a.log" |
			grep -E '^ *(KTAP version |# |ok |not ok |1\.\.)' >"$out/same/a.ktap"
		(cd "$tree" && python3 tools/testing/kunit/kunit.py parse "$out/same/a.ktap") \
			>"$out/kunit-x86.log" 2>&1
		read -r kp kf ks < <(ks_kunit_counts "$out/kunit-x86.log")
		grep -E '^\[[^]]*\] +(\[(PASSED|FAILED|CRASHED|SKIPPED)\]|# )' "$out/kunit-x86.log" |
			sed 's/^/    /' | head -n 60
		passed=$((passed + kp))
		failed=$((failed + kf))
		echo "kunit (x86_64 boot): $kp passed, $kf failed, $ks skipped"
		grep -q 'KHO restore succeeded' "$out/same/b.log" &&
			! grep -q 'KHO restore failed' "$out/same/b.log"
		case_result "same: upstream lib/test_kho.c" $? "lib/test_kho.c did not report success"
		grep -q 'KSTATE-VM: luo stage 1: exit 0' "$out/same/a.log" &&
			grep -q 'KSTATE-VM: luo stage 2: exit 0' "$out/same/b.log" &&
			grep -q 'SIMPLE KEXEC TEST PASSED' "$out/same/b.log"
		case_result "same: upstream LUO selftest luo_kexec_simple" $? \
			"$(grep -h 'luo stage' "$out/same/a.log" "$out/same/b.log" | tr '\n' ' ')"
		;;
	upgrade)
		run_vm upgrade "$obj_a" "$obj_b" "kunit.enable=0 liveupdate=1 kstate_vm_pci=1 kstate_vm_vtd=1 kstate_vm_vfio=1"
		check_vm upgrade upgrade
		;;
	rollback)
		run_vm rollback "$obj_b" "$obj_a" "kunit.enable=0 liveupdate=1 kstate_vm_pci=1 kstate_vm_vtd=1 kstate_vm_vfio=1 kstate_vm_faults=1 kstate_vm_rfaults=1 test_kstate.defer_devs=1 kmemleak=on slab_nomerge"
		check_vm rollback rollback
		;;
	critical)
		run_vm critical "$obj_b" "$obj_a" "kunit.enable=0 test_kstate.critical=1"
		check_vm critical critical
		;;
	corrupt-stream)
		run_vm corrupt-stream "$obj_a" "$obj_a" "kunit.enable=0 kstate_vm_corrupt=1"
		check_vm corrupt-stream corrupt-stream
		;;
	corrupt-envelope)
		run_vm corrupt-envelope "$obj_a" "$obj_a" "kunit.enable=0 kstate_vm_corrupt=2"
		check_vm corrupt-envelope corrupt-envelope
		;;
	scale)
		# no dumps of 100000 objects: the statistics only
		all_dumps=$dumps
		dumps="kstate.dump=$dbg/stats"
		run_vm scale "$obj_a" "$obj_a" "kunit.enable=0 test_kstate.stress=3 test_kstate.scale=100000 kstate_vm_highorder=1"
		dumps=$all_dumps
		check_vm scale scale
		;;
	esac
done

ktap_set_plan $((KTAP_TESTNO - 1))
ktap_print_totals
ks_result "$result_file" vmtest "$passed" "$failed" "$ks"
echo "vmtest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
