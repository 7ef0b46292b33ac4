// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the KSTATE QEMU tests, built with nolibc.
 *
 * Stage 1 (first boot): mount proc, sysfs and debugfs, print the files the
 * host asked for (kstate.dump=), then kexec_file_load() the next kernel from
 * /next/bzImage with /next/initrd.cpio and the current command line plus
 * "kstate_vm=2", and reboot into it with KHO.
 *
 * Stage 2 (after the kexec, seen as kstate_vm=2 on the command line): print
 * the requested files again and power off.
 *
 * kstate.hex=/path,... prints files as hex lines instead ("hex ..."), for
 * binary ones. kstate_vm_fail=1 first injects a KSTATE save failure through
 * debugfs and checks that the kexec is refused and this kernel keeps
 * running (printing KSTATE's kernel messages from /dev/kmsg), before the
 * real kexec. kstate_vm_corrupt=1 (or 2) has the save damage the stream (or
 * the envelope) it hands over. kstate_vm_luo=1 runs the LUO selftest
 * /luo_kexec_simple: --stage 1 before the kexec, --stage 2 after it.
 *
 * Every line meant for the host starts with "KSTATE-VM: ", so the host
 * script can find it in the serial log among kernel messages.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <linux/kexec.h>

#define CMDLINE_MAX	2048
#define TAG		"KSTATE-VM: "

static char cmdline[CMDLINE_MAX];

static void say(const char *a, const char *b)
{
	printf(TAG "%s%s\n", a, b ? b : "");
}

/* A directory is listed, one "entry PATH/NAME" line per entry. */
static int list_dir(const char *path)
{
	struct dirent ent, *res;
	DIR *dir;
	int fd;

	/* nolibc's opendir() also opens regular files */
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	close(fd);
	dir = opendir(path);
	if (!dir)
		return -1;
	while (!readdir_r(dir, &ent, &res) && res) {
		if (ent.d_name[0] == '.')
			continue;
		printf(TAG "entry %s/%s\n", path, ent.d_name);
	}
	closedir(dir);
	return 0;
}

/* PATH as hex lines, between "begin NAME" and "end NAME" */
static void dump_hex_as(const char *path, const char *name)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char buf[32];
	char line[2 * sizeof(buf) + 1];
	ssize_t n, i;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("missing ", path);
		return;
	}
	say("begin ", name);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			line[2 * i] = digits[buf[i] >> 4];
			line[2 * i + 1] = digits[buf[i] & 15];
		}
		line[2 * n] = 0;
		say("hex ", line);
	}
	close(fd);
	say("end ", name);
}

static void dump_hex(const char *path)
{
	dump_hex_as(path, path);
}

static void dump_file(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd;

	if (!list_dir(path))
		return;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("missing ", path);
		return;
	}
	say("begin ", path);
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
	say("end ", path);
}

/* OPT/path1,/path2 on the command line, OPT being kstate.dump= or kstate.hex= */
static void dump_requested(const char *opt, void (*dump)(const char *path))
{
	char *p = strstr(cmdline, opt);
	char path[256];
	int i;

	if (!p)
		return;
	p += strlen(opt);
	while (*p && *p != ' ') {
		for (i = 0; *p && *p != ' ' && *p != ',' && i < 255; p++)
			path[i++] = *p;
		path[i] = 0;
		if (i)
			dump(path);
		if (*p == ',')
			p++;
	}
}

/*
 * nolibc's syscall() loads its register variables (rax, rdi, ...) before it
 * evaluates the remaining arguments, so an argument that calls a function
 * (strlen() here) clobbers them and a random syscall is made instead.
 * Evaluate all the arguments first by passing them through a function.
 */
static long kexec_file_load(int kernel_fd, int initrd_fd,
			    unsigned long cmdline_len, const char *cmdline,
			    unsigned long flags)
{
	return syscall(__NR_kexec_file_load, kernel_fd, initrd_fd, cmdline_len,
		       cmdline, flags);
}

/* readlink(), NUL-terminated; "" on failure */
static void n_readlink(const char *path, char *buf, unsigned long len)
{
	long n = syscall(__NR_readlinkat, AT_FDCWD, path, buf, len - 1);

	buf[n > 0 ? n : 0] = 0;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Release the incoming state through debugfs and show what is left. */
static void finish_incoming(void)
{
	char buf[128];
	ssize_t n;
	int fd;

	if (write_file("/sys/kernel/debug/kstate/finish", "1")) {
		say("cannot write /sys/kernel/debug/kstate/finish", NULL);
		return;
	}
	fd = open("/sys/kernel/debug/kstate/incoming", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	say("after finish: ", buf);
	/* KHO's debugfs still shows the envelope: it must stay readable */
	dump_hex_as("/sys/kernel/debug/kho/in/sub_fdts/kstate",
		    "after-finish/sys/kernel/debug/kho/in/sub_fdts/kstate");
}

/* The kernel's new_encode_dev(): no devtmpfs here, device nodes are made. */
static unsigned int encode_dev(unsigned int major, unsigned int minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* Make /dev/liveupdate from its minor in /proc/misc (misc major 10). */
static void make_luo_node(void)
{
	char buf[1024], *p;
	unsigned int minor = 0;
	ssize_t n;
	int fd;

	fd = open("/proc/misc", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	p = strstr(buf, " liveupdate\n");
	if (!p)
		return;
	while (p > buf && p[-1] != '\n')
		p--;
	while (*p == ' ')
		p++;
	while (*p >= '0' && *p <= '9')
		minor = minor * 10 + (*p++ - '0');
	mknod("/dev/liveupdate", S_IFCHR | 0600, encode_dev(10, minor));
}

/*
 * Kernel messages through /dev/kmsg (mem major 1, minor 11): open_kmsg()
 * skips what is already logged; drain_kmsg() then prints the messages
 * logged since that contain @needle (or, with @needle2, that one), one
 * "kmsg MESSAGE" line each: what dmesg shows, also when the serial console
 * has not printed them yet. print_kmsg() drains and closes.
 */
static int open_kmsg(void)
{
	int fd;

	mknod("/dev/kmsg", S_IFCHR | 0600, encode_dev(1, 11));
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		say("cannot open /dev/kmsg", NULL);
	else
		lseek(fd, 0, SEEK_END);
	return fd;
}

static void drain_kmsg(int fd, const char *needle, const char *needle2)
{
	char rec[1024], *msg;
	ssize_t n;

	if (fd < 0)
		return;
	/* one record per read: "prio,seq,usec,flags;text\n" */
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 ||
	       (n < 0 && errno == EPIPE)) {
		if (n < 0)
			continue;	/* records overwritten meanwhile */
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (msg && (strstr(msg + 1, needle) ||
			    (needle2 && strstr(msg + 1, needle2))))
			printf(TAG "kmsg %s", msg + 1);
	}
}

static void print_kmsg(int fd, const char *needle, const char *needle2)
{
	drain_kmsg(fd, needle, needle2);
	if (fd >= 0)
		close(fd);
}

/* Run @path --stage @stage [@arg] and report how it ended. */
static void run_stage(const char *what, const char *path, const char *stage,
		      const char *arg)
{
	char *const argv[] = { (char *)path, "--stage", (char *)stage,
			       (char *)arg, NULL };
	char *const envp[] = { NULL };
	int status = -1;
	pid_t pid;

	make_luo_node();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("cannot run ", path);
		return;
	}
	printf(TAG "%s stage %s: exit %d\n", what, stage,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static int kexec_next(int inject_failure)
{
	char next[CMDLINE_MAX];
	int kfd, ifd, kmsg;
	long err;

	if (strlen(cmdline) + sizeof(" kstate_vm=2") > sizeof(next))
		return -1;
	strcpy(next, cmdline);
	strcpy(next + strlen(next), " kstate_vm=2");
	kfd = open("/next/bzImage", O_RDONLY);
	ifd = open("/next/initrd.cpio", O_RDONLY);
	if (kfd < 0 || ifd < 0) {
		say("cannot open /next/bzImage or /next/initrd.cpio", NULL);
		return -1;
	}
	err = kexec_file_load(kfd, ifd, strlen(next) + 1, next, 0);
	close(kfd);
	close(ifd);
	if (err) {
		printf(TAG "kexec_file_load failed: %d\n", errno);
		return -1;
	}
	if (inject_failure) {
		/* the save's first KHO call fails, once */
		if (write_file("/sys/kernel/debug/kstate/fail_kho/verbose", "0") ||
		    write_file("/sys/kernel/debug/kstate/fail_kho/times", "1") ||
		    write_file("/sys/kernel/debug/kstate/fail_kho/probability", "100")) {
			say("cannot set kstate/fail_kho up", NULL);
			return -1;
		}
		kmsg = open_kmsg();
		err = reboot(RB_KEXEC);
		printf(TAG "injected save failure: reboot returned %ld errno %d\n",
		       err, errno);
		say("still running after the refused kexec", NULL);
		print_kmsg(kmsg, "kstate: ", NULL);
	}
	say("kexec loaded", NULL);
	fflush(stdout);
	/* the dumps are done: let the kexec path's messages through */
	write_file("/proc/sys/kernel/printk", "7");
	reboot(RB_KEXEC);
	printf(TAG "reboot(RB_KEXEC) returned: %d\n", errno);
	return -1;
}

/*
 * PCI devices of the live-update test (kstate_vm_pci=1): the machine has an
 * NVMe controller with SR-IOV, an edu and an e1000e device. Stage 1 binds
 * the NVMe PF to pci-pf-stub, enables 4 VFs, writes a marker into the first
 * VF's interrupt line register, sets edu's driver_override to pci-stub, its
 * bus mastering and MSI enable, and preserves the three devices through
 * debugfs. Both stages print one "pci ..." line per device, for the host
 * to compare.
 */
#define PCI_DEVS	"/sys/bus/pci/devices"
#define PCI_MARKER	0x5a

static int read_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	buf[0] = 0;
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	for (char *p = buf; *p; p++)
		if (*p == '\n') {
			*p = 0;
			break;
		}
	return 0;
}

static int exists(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int cfg_rw(const char *dev, int off, void *buf, int n, int wr)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/config", dev);
	fd = open(path, wr ? O_WRONLY : O_RDONLY);
	if (fd < 0)
		return -1;
	rc = lseek(fd, off, SEEK_SET) == off &&
	     (wr ? write(fd, buf, n) : read(fd, buf, n)) == n ? 0 : -1;
	close(fd);
	return rc;
}

/* Offset of capability @id in @dev's config space, 0 if none. */
static int cfg_cap(const char *dev, int id)
{
	unsigned char pos = 0, hdr[2];
	int n;

	if (cfg_rw(dev, 0x34, &pos, 1, 0))
		return 0;
	for (n = 0; pos >= 0x40 && n < 48; n++) {
		if (cfg_rw(dev, pos, hdr, 2, 0))
			return 0;
		if (hdr[0] == id)
			return pos;
		pos = hdr[1] & ~3;
	}
	return 0;
}

/* MSI enabled ("1"), not ("0"), or no MSI capability ("-") */
static char msi_state(const char *dev)
{
	int cap = cfg_cap(dev, 0x05);	/* PCI_CAP_ID_MSI */
	unsigned short ctrl;

	if (!cap || cfg_rw(dev, cap + 2, &ctrl, 2, 0))
		return '-';
	return ctrl & 1 ? '1' : '0';	/* PCI_MSI_FLAGS_ENABLE */
}

/*
 * The @nth (from 0, in name order) device with that vendor:device, "" if
 * there are not that many.
 */
static void find_pci_at(const char *vendor, const char *device, char *name,
			int nth)
{
	struct dirent ent, *res;
	char path[256], v[16], d[16], prev[64] = "";
	DIR *dir;
	int i;

	for (i = 0; i <= nth; i++) {
		name[0] = 0;
		dir = opendir(PCI_DEVS);
		if (!dir)
			return;
		/* the least name after the previous one */
		while (!readdir_r(dir, &ent, &res) && res) {
			if (ent.d_name[0] == '.' ||
			    (prev[0] && strcmp(ent.d_name, prev) <= 0))
				continue;
			snprintf(path, sizeof(path), PCI_DEVS "/%s/vendor",
				 ent.d_name);
			read_line(path, v, sizeof(v));
			snprintf(path, sizeof(path), PCI_DEVS "/%s/device",
				 ent.d_name);
			read_line(path, d, sizeof(d));
			if (!strcmp(v, vendor) && !strcmp(d, device) &&
			    (!name[0] || strcmp(ent.d_name, name) < 0))
				strcpy(name, ent.d_name);
		}
		closedir(dir);
		if (!name[0])
			return;
		strcpy(prev, name);
	}
}

static void find_pci(const char *vendor, const char *device, char *name)
{
	find_pci_at(vendor, device, name, 0);
}

static void pci_report(void)
{
	struct dirent ent, *res;
	char path[256], ven[16], dev[16], ovr[64], nvf[16], bar[128];
	unsigned short cmd;
	unsigned char line;
	DIR *dir = opendir(PCI_DEVS);

	if (!dir)
		return;
	while (!readdir_r(dir, &ent, &res) && res) {
		const char *n = ent.d_name;

		if (n[0] == '.')
			continue;
		snprintf(path, sizeof(path), PCI_DEVS "/%s/vendor", n);
		read_line(path, ven, sizeof(ven));
		snprintf(path, sizeof(path), PCI_DEVS "/%s/device", n);
		read_line(path, dev, sizeof(dev));
		snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", n);
		read_line(path, ovr, sizeof(ovr));
		snprintf(path, sizeof(path), PCI_DEVS "/%s/sriov_numvfs", n);
		if (read_line(path, nvf, sizeof(nvf)))
			strcpy(nvf, "-");
		snprintf(path, sizeof(path), PCI_DEVS "/%s/resource", n);
		read_line(path, bar, sizeof(bar));
		for (char *p = bar; *p; p++)
			if (*p == ' ')
				*p = ',';
		cmd = 0;
		line = 0;
		cfg_rw(n, 0x04, &cmd, 2, 0);
		cfg_rw(n, 0x3c, &line, 1, 0);
		snprintf(path, sizeof(path), PCI_DEVS "/%s/physfn", n);
		printf(TAG "pci %s %s:%s vf=%d cmd=%04x intline=%02x msi=%c override=%s numvfs=%s bar0=%s\n",
		       n, ven, dev, exists(path), cmd, line, msi_state(n), ovr,
		       nvf, bar);
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/pci-stub/%s", n);
		if (exists(path))
			printf(TAG "pci %s bound pci-stub\n", n);
	}
	closedir(dir);
}

static void pci_preserve(const char *dev)
{
	say(write_file("/sys/kernel/debug/kstate/pci/preserve", dev) ?
	    "pci preserve failed " : "pci preserved ", dev);
}

static void pci_prepare(void)
{
	char nvme[64], edu[64], eth[64], path[256], vf[64] = "", ue[512], *s;
	unsigned char marker = PCI_MARKER;
	unsigned short cmd;
	ssize_t n;
	int i, fd;

	find_pci("0x1b36", "0x0010", nvme);
	find_pci("0x1234", "0x11e8", edu);
	find_pci("0x8086", "0x10d3", eth);
	if (!nvme[0] || !edu[0] || !eth[0]) {
		say("pci devices missing", NULL);
		return;
	}
	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", nvme);
	write_file(path, "pci-pf-stub");
	write_file("/sys/bus/pci/drivers_probe", nvme);
	snprintf(path, sizeof(path), PCI_DEVS "/%s/sriov_numvfs", nvme);
	say(write_file(path, "4") ? "pci sriov_numvfs failed" : "pci 4 VFs enabled", NULL);
	/* the marker, in the first VF (named in its uevent file) */
	snprintf(path, sizeof(path), PCI_DEVS "/%s/virtfn0/uevent", nvme);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, ue, sizeof(ue) - 1);
	if (fd >= 0)
		close(fd);
	ue[n > 0 ? n : 0] = 0;
	s = strstr(ue, "PCI_SLOT_NAME=");
	for (i = 0; s && s[14 + i] && s[14 + i] != '\n' &&
	     i < (int)sizeof(vf) - 1; i++)
		vf[i] = s[14 + i];
	if (vf[0] && !cfg_rw(vf, 0x3c, &marker, 1, 1))
		say("pci marker written to ", vf);
	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", edu);
	write_file(path, "pci-stub");
	if (!cfg_rw(edu, 0x04, &cmd, 2, 0)) {
		cmd |= 0x4;	/* PCI_COMMAND_MASTER */
		cfg_rw(edu, 0x04, &cmd, 2, 1);
	}
	/* MSI on, as a running device has it (edu raises none unasked) */
	i = cfg_cap(edu, 0x05);
	if (i && !cfg_rw(edu, i + 2, &cmd, 2, 0)) {
		cmd |= 1;	/* PCI_MSI_FLAGS_ENABLE */
		if (!cfg_rw(edu, i + 2, &cmd, 2, 1))
			say("pci MSI enabled on ", edu);
	}
	pci_preserve(nvme);
	pci_preserve(edu);
	pci_preserve(eth);
}

/*
 * VT-d (kstate_vm_vtd=1): the second edu, behind the emulated Intel IOMMU,
 * is bound to the kernel's kstate-vtd-test driver in stage 1, which maps,
 * DMAs and preserves; the next kernel binds it again by the restored
 * driver_override. The driver logs its own results.
 */
static void vtd_prepare(void)
{
	char edu[64], path[256];

	find_pci_at("0x1234", "0x11e8", edu, 1);
	if (!edu[0]) {
		say("vtd edu missing", NULL);
		return;
	}
	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", edu);
	/* the driver's results on the console, then quiet again */
	write_file("/proc/sys/kernel/printk", "7");
	say(write_file(path, "kstate-vtd-test") ||
	    write_file("/sys/bus/pci/drivers_probe", edu) ?
	    "vtd bind failed " : "vtd bound kstate-vtd-test to ", edu);
	write_file("/proc/sys/kernel/printk", "1");
}

/* The VT-d driver's view of the test edu's translation, both stages */
static void vtd_report(void)
{
	char edu[64], path[256];

	find_pci_at("0x1234", "0x11e8", edu, 1);
	snprintf(path, sizeof(path),
		 "/sys/kernel/debug/iommu/intel/%s/domain_translation_struct",
		 edu);
	if (edu[0])
		dump_file(path);
}

/*
 * VFIO (kstate_vm_vfio=1): the third edu is bound to vfio-pci in stage 1,
 * and /vfio_keep keeps it open across the kexec in a LUO session; the
 * next kernel binds it again by the restored driver_override, and
 * /vfio_keep --stage 2 retrieves it. The kernel's messages about it follow.
 */
static void vfio_run(int stage2)
{
	char edu[64], path[256], drv[256];
	int kmsg;

	find_pci_at("0x1234", "0x11e8", edu, 2);
	if (!edu[0]) {
		say("vfio edu missing", NULL);
		return;
	}
	kmsg = open_kmsg();
	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", edu);
	if (!stage2)
		say(write_file(path, "vfio-pci") ||
		    write_file("/sys/bus/pci/drivers_probe", edu) ?
		    "vfio bind failed " : "vfio bound vfio-pci to ", edu);
	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver", edu);
	n_readlink(path, drv, sizeof(drv));
	printf(TAG "vfio %s driver %s\n", edu,
	       strrchr(drv, '/') ? strrchr(drv, '/') + 1 : "none");
	make_luo_node();
	run_stage("vfio", "/vfio_keep", stage2 ? "2" : "1", edu);
	print_kmsg(kmsg, ": vfio: ", "vfio-kstate: ");
}

/*
 * Fault injection (kstate_vm_faults=1, with kmemleak=on): a save that
 * undoes itself (debugfs save_and_undo) runs with the Nth fault point of
 * the task failing (/proc/thread-self/fail-nth: slab and page allocations,
 * KSTATE's KHO calls), N = 1, 2, ... until the save has fewer fault points
 * than N (fail-nth is left unconsumed). A failure may be absorbed (a
 * kvmalloc() falling back to vmalloc()) and the save succeed; any other
 * must fail it. Then kmemleak looks for what the failed attempts lost.
 */
/* The allocators' fault attributes: GFP_KERNEL allocations fail too. */
static void faults_setup(void)
{
	write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/failslab/verbose", "0");
	write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N");
	write_file("/sys/kernel/debug/fail_page_alloc/verbose", "0");
	write_file("/sys/kernel/debug/kstate/fail_kho/verbose", "0");
	write_file("/sys/kernel/debug/kmemleak", "clear");
}

/*
 * Write @what to @path with fault point @nth armed (/proc/thread-self/
 * fail-nth). Return: the write's result (errno in *@err), and in *@past
 * whether the fault point was beyond what the write did.
 */
static ssize_t write_failing(const char *path, const char *what, int nth,
			     int *err, int *past)
{
	char num[16];
	int fd, pfd;
	ssize_t n;

	fd = open(path, O_WRONLY);
	pfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0 || pfd < 0) {
		say("faults: cannot open ", path);
		*err = ENOENT;
		*past = 1;
		if (fd >= 0)
			close(fd);
		if (pfd >= 0)
			close(pfd);
		return -1;
	}
	snprintf(num, sizeof(num), "%d", nth);
	write(pfd, num, strlen(num));
	n = write(fd, what, strlen(what));
	*err = errno;
	/* not consumed: the write had fewer fault points than nth */
	lseek(pfd, 0, SEEK_SET);
	*past = read(pfd, num, sizeof(num)) > 0 && num[0] != '0';
	lseek(pfd, 0, SEEK_SET);
	write(pfd, "0", 1);
	close(pfd);
	close(fd);
	return n;
}

/* kmemleak reports objects unreferenced for 5 s and more: wait, scan, count. */
static void kmemleak_report(const char *what)
{
	char buf[4096];
	int fd, leaks = 0;
	ssize_t n;
	char *p;

	sleep(6);
	write_file("/sys/kernel/debug/kmemleak", "scan");
	fd = open("/sys/kernel/debug/kmemleak", O_RDONLY);
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		for (p = buf; (p = strstr(p, "unreferenced object")); p++)
			leaks++;
		if (leaks && leaks < 3)
			printf(TAG "kmemleak: %s\n", buf);
	}
	if (fd >= 0)
		close(fd);
	printf(TAG "%s: kmemleak %s, %d unreferenced objects\n", what,
	       fd < 0 ? "not available" : "scanned", leaks);
}

/*
 * Each KHO call of a save in turn, by count rather than by fail-nth (which
 * also counts the allocations, whose number varies from save to save):
 * kstate/fail_kho with space k lets k - 1 calls through and fails the k-th,
 * once (times), k = 1, 2, ... until a save has fewer KHO calls than k. The
 * messages of the failed calls follow the loop's summary line.
 */
static void kho_fault_loop(void)
{
	int k, kmsg, nomem = 0, other = 0, done = 0;
	char num[16];

	kmsg = open_kmsg();
	write_file("/sys/kernel/debug/kstate/fail_kho/probability", "100");
	for (k = 1; k <= 64 && !done; k++) {
		snprintf(num, sizeof(num), "%d", k);
		write_file("/sys/kernel/debug/kstate/fail_kho/space", num);
		write_file("/sys/kernel/debug/kstate/fail_kho/times", "1");
		errno = 0;
		if (!write_file("/sys/kernel/debug/kstate/save_and_undo", "1")) {
			done = k;
		} else if (errno == ENOMEM) {
			nomem++;
		} else {
			other++;
			printf(TAG "faults: KHO call %d: the save failed with errno %d\n",
			       k, errno);
		}
	}
	write_file("/sys/kernel/debug/kstate/fail_kho/probability", "0");
	write_file("/sys/kernel/debug/kstate/fail_kho/times", "0");
	write_file("/sys/kernel/debug/kstate/fail_kho/space", "0");
	printf(TAG "faults: kho: %d saves failed (%d -ENOMEM, %d other), then KHO call %d was past the save: it %s\n",
	       nomem + other, nomem, other, done ? done : k,
	       done ? "succeeded" : "never did");
	print_kmsg(kmsg, "(fault injected)", NULL);
}

static void fault_loop(void)
{
	int nth, ok = 0, kmsg, err, past;
	int nomem = 0, other = 0, absorbed = 0;
	ssize_t n;

	faults_setup();
	kmsg = open_kmsg();
	for (nth = 1; nth <= 5000 && !ok; nth++) {
		n = write_failing("/sys/kernel/debug/kstate/save_and_undo", "1",
				  nth, &err, &past);
		if (n != 1 && err == ENOMEM) {
			nomem++;
		} else if (n != 1) {
			other++;
			printf(TAG "faults: fault point %d: the save failed with errno %d\n",
			       nth, err);
		}
		if (past)
			ok = n == 1 ? nth : -nth;
		else if (n == 1)
			absorbed++;
		/*
		 * what the failure said, read now: allocation failure
		 * reports would overwrite it in the log buffer
		 */
		drain_kmsg(kmsg, "(fault injected)", NULL);
	}
	printf(TAG "faults: %d saves failed (%d -ENOMEM, %d other), %d failures absorbed, then fault point %d was past the save: it %s\n",
	       nomem + other, nomem, other, absorbed, ok < 0 ? -ok : ok,
	       ok > 0 ? "succeeded" : "failed");
	print_kmsg(kmsg, "(fault injected)", NULL);
	kho_fault_loop();
	kmemleak_report("faults");
}

/*
 * Fail only the kmalloc caches' allocations (failslab cache-filter; the
 * caches are not merged: slab_nomerge): kmemleak's metadata allocations,
 * which have a fallback, would absorb every other fault point, and a
 * restore that absorbed one succeeds before its later allocations failed.
 * Return: the caches marked.
 */
static int failslab_kmalloc_only(void)
{
	struct dirent ent, *res;
	char path[320];
	DIR *dir;
	int n = 0;

	dir = opendir("/sys/kernel/slab");
	while (dir && !readdir_r(dir, &ent, &res) && res) {
		if (strncmp(ent.d_name, "kmalloc-", 8))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/failslab",
			 ent.d_name);
		n += !write_file(path, "1");
	}
	if (dir)
		closedir(dir);
	write_file("/sys/kernel/debug/failslab/cache-filter", "Y");
	return n;
}

/*
 * The restore side (the next kernel, with test_kstate.defer_devs=1): for
 * each handed-over device in turn, writing its key to
 * kstate-test/restore_devs restores it, with one more allocation failing
 * each time, until a write is past every fault point and it restores. The
 * first device's restore also builds the type's plan.
 */
static void restore_fault_loop(void)
{
	int dev, nth, err, past, nomem = 0, other = 0, absorbed = 0;
	int points = 0, restored = 0, kmsg;
	char key[4], per[96] = "";
	ssize_t n;

	faults_setup();
	printf(TAG "rfaults: failslab on %d kmalloc caches\n",
	       failslab_kmalloc_only());
	kmsg = open_kmsg();
	for (dev = 0; dev < 8; dev++) {
		snprintf(key, sizeof(key), "%d", dev);
		for (nth = 1; nth <= 5000; nth++) {
			n = write_failing("/sys/kernel/debug/kstate-test/restore_devs",
					  key, nth, &err, &past);
			if (n > 0) {
				/* restored: past every fault point, or despite one */
				if (!past)
					absorbed++;
				points += past ? nth - 1 : nth;
				restored++;
				snprintf(per + strlen(per), sizeof(per) - strlen(per),
					 "%s%d%s", dev ? " " : "", past ? nth - 1 : nth,
					 past ? "" : "a");
				break;
			}
			if (err == ENOMEM)
				nomem++;
			else
				other++;
			if (past)
				break;	/* it failed with no fault injected */
		}
		/* the devices restored (the console is quiet meanwhile) */
		drain_kmsg(kmsg, " = 0 (deferred)", NULL);
	}
	print_kmsg(kmsg, " = 0 (deferred)", NULL);
	printf(TAG "rfaults: %d devices restored, %d fault points: %d restores failed (%d -ENOMEM, %d other), %d failures absorbed, then each restored (points per device: %s; a: the last absorbed)\n",
	       restored, points, nomem + other, nomem, other, absorbed, per);
	kmemleak_report("rfaults");
}

/*
 * kstate_vm_highorder=1 (the scale run, 100000 objects): every page
 * allocation of order 1 or more fails (fail_page_alloc, min-order 1,
 * reclaiming allocations included) while @path is written: what it runs
 * must not need memory contiguous beyond a page. fail_page_alloc's "times"
 * counts down one per failure it injected. Return: the write's result, and
 * in *@injected the failures injected.
 */
static int write_low_order(const char *path, const char *what, long *injected)
{
	static const char *const setup[][2] = {
		{ "ignore-gfp-wait", "N" }, { "ignore-gfp-highmem", "N" },
		{ "verbose", "0" }, { "min-order", "1" }, { "interval", "1" },
		{ "space", "0" }, { "times", "1000000000" }, { "probability", "100" },
	};
	char fpath[96], before[32], after[32];
	unsigned int i;
	int err = 0;

	*injected = 0;
	for (i = 0; i < sizeof(setup) / sizeof(setup[0]) && !err; i++) {
		snprintf(fpath, sizeof(fpath), "/sys/kernel/debug/fail_page_alloc/%s",
			 setup[i][0]);
		err = write_file(fpath, setup[i][1]);
	}
	if (err) {
		say("high order: cannot set fail_page_alloc up", NULL);
		write_file("/sys/kernel/debug/fail_page_alloc/probability", "0");
		return -1;
	}
	read_line("/sys/kernel/debug/fail_page_alloc/times", before, sizeof(before));
	err = write_file(path, what);
	read_line("/sys/kernel/debug/fail_page_alloc/times", after, sizeof(after));
	write_file("/sys/kernel/debug/fail_page_alloc/probability", "0");
	*injected = strtol(before, NULL, 10) - strtol(after, NULL, 10);
	return err;
}

/*
 * A's side: a save, undone at once (debugfs save_and_undo: the kexec's
 * save, KHO calls included). Then the kexec saves for real.
 */
static void high_order_save(void)
{
	long injected;
	int err;

	err = write_low_order("/sys/kernel/debug/kstate/save_and_undo", "1",
			      &injected);
	printf(TAG "high order: a save with every allocation of order >= 1 failing: %s, %ld failures injected\n",
	       err ? "failed" : "ok", injected);
}

/*
 * B's side: B opened the stream and restored the bulk objects at boot,
 * before fault injection can be armed. The stream's bytes (debugfs
 * kstate/blob) are copied to kstate-test/bulk_blob; then the engine opens
 * that copy a second time and restores every bulk object from it
 * (kstate-test/bulk_reopen), with every allocation of order >= 1 failing.
 */
static void high_order_restore(void)
{
	static char chunk[1 << 20];
	long injected, total = 0;
	int in, out, kmsg, err = 0;
	ssize_t n = 0;

	in = open("/sys/kernel/debug/kstate/blob", O_RDONLY);
	out = open("/sys/kernel/debug/kstate-test/bulk_blob", O_WRONLY);
	while (in >= 0 && out >= 0 && (n = read(in, chunk, sizeof(chunk))) > 0) {
		if (write(out, chunk, n) != n) {
			err = -1;
			break;
		}
		total += n;
	}
	if (in < 0 || out < 0 || n < 0)
		err = -1;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err) {
		say("high order: cannot copy kstate/blob to kstate-test/bulk_blob", NULL);
		return;
	}
	kmsg = open_kmsg();
	err = write_low_order("/sys/kernel/debug/kstate-test/bulk_reopen", "1",
			      &injected);
	print_kmsg(kmsg, "bulk reopen: ", NULL);
	printf(TAG "high order: an open of the %ld-byte stream and a restore of every object with every allocation of order >= 1 failing: %s, %ld failures injected\n",
	       total, err ? "failed" : "ok", injected);
}

int main(int argc, char *argv[])
{
	int stage2;
	ssize_t n;
	int fd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);

	fd = open("/proc/cmdline", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	if (n <= 0) {
		say("cannot read /proc/cmdline", NULL);
		goto out;
	}
	close(fd);
	if (cmdline[n - 1] == '\n')
		n--;
	cmdline[n] = 0;

	stage2 = strstr(cmdline, "kstate_vm=2") != NULL;
	/* keep kernel messages from splitting the dumps' lines (and this one) */
	write_file("/proc/sys/kernel/printk", "1");
	say("stage ", stage2 ? "2" : "1");
	if (strstr(cmdline, "kstate_vm_pci=1")) {
		if (!stage2)
			pci_prepare();
		pci_report();
	}
	if (strstr(cmdline, "kstate_vm_vtd=1")) {
		if (!stage2)
			vtd_prepare();
		vtd_report();
	}
	if (strstr(cmdline, "kstate_vm_vfio=1"))
		vfio_run(stage2);
	if (!stage2 && strstr(cmdline, "kstate_vm_faults=1"))
		fault_loop();
	if (!stage2 && strstr(cmdline, "kstate_vm_highorder=1"))
		high_order_save();
	if (stage2 && strstr(cmdline, "kstate_vm_rfaults=1"))
		restore_fault_loop();
	if (stage2 && strstr(cmdline, "kstate_vm_highorder=1"))
		high_order_restore();
	dump_requested("kstate.dump=", dump_file);
	dump_requested("kstate.hex=", dump_hex);
	if (strstr(cmdline, "kstate_vm_luo=1"))
		run_stage("luo", "/luo_kexec_simple", stage2 ? "2" : "1", NULL);
	if (!stage2) {
		/* kstate_vm_corrupt=N: damage what the save hands over */
		char *c = strstr(cmdline, "kstate_vm_corrupt=");
		char v[2] = { c ? c[18] : 0, 0 };

		if (c && write_file("/sys/kernel/debug/kstate/corrupt_next_save", v))
			say("cannot write corrupt_next_save", NULL);
		kexec_next(strstr(cmdline, "kstate_vm_fail=1") != NULL);
	}
	else
		finish_incoming();
out:
	say("done", NULL);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
