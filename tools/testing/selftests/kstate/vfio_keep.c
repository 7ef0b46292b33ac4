// SPDX-License-Identifier: GPL-2.0
/*
 * A VMM's view of a vfio-pci device kept across a live update
 * (CONFIG_VFIO_KSTATE), run by the KSTATE QEMU test's /init on QEMU's edu
 * device bound to vfio-pci: vfio_keep --stage 1|2 BDF.
 *
 * Stage 1 (kernel A): open the device's cdev, bind it to an iommufd, attach
 * it to an IOAS mapping "guest memory" (a memfd), write to the virtualised
 * config space (the interrupt line, bus mastering) and to edu's registers
 * (liveness, factorial), copy a page with edu's DMA, check that preserving
 * the device with INTx enabled is refused, then preserve the device file
 * and the memfd in a LUO session and keep the session open in a child
 * while the kexec happens.
 *
 * Stage 2 (kernel B): read the command register from the hardware; before
 * the device is retrieved, have edu copy its buffer to guest memory
 * through the IOMMU translation the first kernel left (edu's registers
 * through sysfs, as the guest's device would go on with its DMA); retrieve
 * the session, the device file and the memfd, bind and attach the device
 * again, read back the config space and edu's registers, copy edu's buffer
 * into guest memory with its DMA through the new IOAS, and finish.
 *
 * Every line for the host starts with "KSTATE-VM: vfio "; the host compares
 * the two stages' lines (tools/testing/selftests/kstate/vmcheck.py).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "liveupdate/luo_test_utils.h"

#define TAG		"KSTATE-VM: vfio "
#define SESSION		"kstate-vfio"
#define TOKEN_DEV	7
#define TOKEN_MEM	8
#define IOVA		0x100000UL	/* edu masks DMA addresses to 28 bits */
#define PAGE		4096UL
#define MEM_PAGES	4
/* QEMU 7.2's edu refuses a transfer that ends at its buffer's end */
#define XFER		2048UL

/* edu's registers (QEMU docs/specs/edu.rst) */
#define EDU_LIVENESS	0x04
#define EDU_FACTORIAL	0x08
#define EDU_STATUS	0x20
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_DMA_BUF	0x40000
#define EDU_DMA_START	1
#define EDU_DMA_TO_RAM	2

#define LIVENESS_IN	0x5a17ee55u
#define FACTORIAL_N	10u
#define IRQ_LINE_MARK	0x5a

static const char *bdf;
static int dev = -1;
static uint64_t cfg_off, bar0_off;

static void say(const char *fmt, ...)
{
	va_list ap;

	printf(TAG);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(const char *what)
{
	say("error: %s: %s", what, strerror(errno));
	exit(1);
}

/* Device nodes: no devtmpfs in the test's initramfs */
static void make_node(const char *path, unsigned int maj, unsigned int min)
{
	unlink(path);
	if (mknod(path, S_IFCHR | 0600, makedev(maj, min)))
		die(path);
}

static void make_misc_node(const char *path, const char *name)
{
	char line[128], n[64];
	unsigned int min;
	FILE *f = fopen("/proc/misc", "r");

	if (!f)
		die("/proc/misc");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %63s", &min, n) == 2 && !strcmp(n, name)) {
			fclose(f);
			make_node(path, 10, min);
			return;
		}
	fclose(f);
	errno = ENOENT;
	die(name);
}

/* /dev/vfio/devices/vfioN of the device, from sysfs */
static void make_cdev_node(char *path, size_t len)
{
	char dir[256], line[64];
	unsigned int maj, min;
	FILE *f;
	int n;

	for (n = 0; n < 64; n++) {
		snprintf(dir, sizeof(dir),
			 "/sys/bus/pci/devices/%s/vfio-dev/vfio%d/dev", bdf, n);
		f = fopen(dir, "r");
		if (f)
			break;
	}
	if (!f)
		die("no vfio-dev in sysfs: is the device bound to vfio-pci?");
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "%u:%u", &maj, &min) != 2)
		die("vfio-dev dev");
	fclose(f);
	mkdir("/dev/vfio", 0755);
	mkdir("/dev/vfio/devices", 0755);
	snprintf(path, len, "/dev/vfio/devices/vfio%d", n);
	make_node(path, maj, min);
}

/* The command register as the hardware has it (sysfs reads the device) */
static unsigned int hw_command(void)
{
	char path[256];
	uint16_t cmd = 0;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &cmd, 2, 4) != 2)
		die(path);
	close(fd);
	return cmd;
}

static void region_offsets(void)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };

	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &ri))
		die("VFIO_DEVICE_GET_REGION_INFO config");
	cfg_off = ri.offset;
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &ri))
		die("VFIO_DEVICE_GET_REGION_INFO BAR0");
	bar0_off = ri.offset;
}

static void cfg_rw(unsigned int pos, void *val, size_t len, int write)
{
	ssize_t n = write ? pwrite(dev, val, len, cfg_off + pos) :
			    pread(dev, val, len, cfg_off + pos);

	if (n != (ssize_t)len)
		die("config space access");
}

static uint32_t edu_read(unsigned int reg)
{
	uint32_t v;

	if (pread(dev, &v, 4, bar0_off + reg) != 4)
		die("edu read");
	return v;
}

static void edu_write(unsigned int reg, uint32_t v)
{
	if (pwrite(dev, &v, 4, bar0_off + reg) != 4)
		die("edu write");
}

static void edu_write64(unsigned int reg, uint64_t v)
{
	if (pwrite(dev, &v, 8, bar0_off + reg) != 8)
		die("edu write");
}

/* edu's registers through sysfs, before vfio has the device open */
static volatile uint32_t *sysfs_bar;

static int edu_dma_sysfs(uint64_t iova)
{
	volatile uint64_t *r;
	char path[256];
	int fd, i;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", bdf);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		die(path);
	sysfs_bar = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (sysfs_bar == MAP_FAILED)
		die("mmap resource0");
	r = (volatile uint64_t *)sysfs_bar;
	r[EDU_DMA_SRC / 8] = EDU_DMA_BUF;
	r[EDU_DMA_DST / 8] = iova;
	r[EDU_DMA_COUNT / 8] = XFER;
	r[EDU_DMA_CMD / 8] = EDU_DMA_START | EDU_DMA_TO_RAM;
	for (i = 0; i < 100000 && (r[EDU_DMA_CMD / 8] & EDU_DMA_START); i++)
		usleep(10);
	munmap((void *)sysfs_bar, 1 << 20);
	return i < 100000 ? 0 : -1;
}

static int edu_wait(unsigned int reg, uint32_t busy)
{
	int i;

	for (i = 0; i < 100000; i++) {
		if (!(edu_read(reg) & busy))
			return 0;
		usleep(10);
	}
	return -1;
}

/* edu's DMA of XFER bytes between its buffer and an IOVA */
static int edu_dma(uint64_t iova, int to_ram)
{
	edu_write64(EDU_DMA_SRC, to_ram ? EDU_DMA_BUF : iova);
	edu_write64(EDU_DMA_DST, to_ram ? iova : EDU_DMA_BUF);
	edu_write64(EDU_DMA_COUNT, XFER);
	edu_write(EDU_DMA_CMD, EDU_DMA_START | (to_ram ? EDU_DMA_TO_RAM : 0));
	return edu_wait(EDU_DMA_CMD, EDU_DMA_START);
}

/* The config space as the guest sees it, 16 bytes a line */
static void print_config(void)
{
	unsigned char cfg[256];
	char line[64];
	int i, j;

	cfg_rw(0, cfg, sizeof(cfg), 0);
	for (i = 0; i < 256; i += 16) {
		for (j = 0; j < 16; j++)
			sprintf(line + 3 * j, " %02x", cfg[i + j]);
		say("config %02x:%s", i, line);
	}
}

/* Bind to a new iommufd, attach to a new IOAS mapping @mem at IOVA */
static void bind_attach(void *mem)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_ioas_map map = { .size = sizeof(map) };
	int iommufd;

	make_misc_node("/dev/iommu", "iommu");
	iommufd = open("/dev/iommu", O_RDWR);
	if (iommufd < 0)
		die("/dev/iommu");
	bind.iommufd = iommufd;
	if (ioctl(dev, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		die("VFIO_DEVICE_BIND_IOMMUFD");
	if (ioctl(iommufd, IOMMU_IOAS_ALLOC, &ioas))
		die("IOMMU_IOAS_ALLOC");
	at.pt_id = ioas.out_ioas_id;
	if (ioctl(dev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at))
		die("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
	map.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
		    IOMMU_IOAS_MAP_WRITEABLE;
	map.ioas_id = ioas.out_ioas_id;
	map.user_va = (uintptr_t)mem;
	map.length = MEM_PAGES * PAGE;
	map.iova = IOVA;
	if (ioctl(iommufd, IOMMU_IOAS_MAP, &map))
		die("IOMMU_IOAS_MAP");
	region_offsets();
	say("bound devid %u, attached to IOAS %u, %lu pages at IOVA %#lx",
	    bind.out_devid, ioas.out_ioas_id, MEM_PAGES, IOVA);
}

static void *map_mem(int memfd)
{
	void *mem = mmap(NULL, MEM_PAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED, memfd, 0);

	if (mem == MAP_FAILED)
		die("mmap memfd");
	return mem;
}

/* INTx on with an eventfd (@on), or off */
static int set_intx(int on)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} irq = { .set.argsz = sizeof(irq) };

	irq.set.index = VFIO_PCI_INTX_IRQ_INDEX;
	irq.set.flags = VFIO_IRQ_SET_ACTION_TRIGGER |
			(on ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
	irq.set.count = on;
	irq.fd = on ? eventfd(0, 0) : -1;
	if (!on)
		irq.set.argsz = sizeof(irq.set);
	return ioctl(dev, VFIO_DEVICE_SET_IRQS, &irq);
}

static int preserve(int session, int fd, int token)
{
	struct liveupdate_session_preserve_fd arg = { .size = sizeof(arg) };

	arg.fd = fd;
	arg.token = token;
	return ioctl(session, LIVEUPDATE_SESSION_PRESERVE_FD, &arg) ? -errno : 0;
}

static int retrieve(int session, int token)
{
	struct liveupdate_session_retrieve_fd arg = { .size = sizeof(arg) };

	arg.token = token;
	if (ioctl(session, LIVEUPDATE_SESSION_RETRIEVE_FD, &arg))
		die("LIVEUPDATE_SESSION_RETRIEVE_FD");
	return arg.fd;
}

static void stage1(void)
{
	unsigned char *mem;
	char path[64];
	int memfd, luo, session, err, i;
	uint16_t cmd;
	uint8_t line = IRQ_LINE_MARK;

	make_cdev_node(path, sizeof(path));
	dev = open(path, O_RDWR);
	if (dev < 0)
		die(path);
	memfd = memfd_create("guest-ram", 0);
	if (memfd < 0 || ftruncate(memfd, MEM_PAGES * PAGE))
		die("memfd");
	mem = map_mem(memfd);
	bind_attach(mem);

	/* the guest's writes: a virtualised register and bus mastering */
	cfg_rw(PCI_INTERRUPT_LINE, &line, 1, 1);
	cfg_rw(PCI_COMMAND, &cmd, 2, 0);
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cfg_rw(PCI_COMMAND, &cmd, 2, 1);

	/* edu's registers */
	edu_write(EDU_LIVENESS, LIVENESS_IN);
	edu_write(EDU_FACTORIAL, FACTORIAL_N);
	if (edu_wait(EDU_STATUS, 1))
		die("edu factorial");
	say("edu liveness %#x factorial %u", edu_read(EDU_LIVENESS),
	    edu_read(EDU_FACTORIAL));

	/* a page to edu's buffer and back, through the IOAS */
	for (i = 0; i < (int)XFER; i++)
		mem[i] = (unsigned char)(i * 7 + 3);
	if (edu_dma(IOVA, 0) || edu_dma(IOVA + PAGE, 1))
		die("edu DMA");
	say("dma in A: %s", memcmp(mem, mem + PAGE, XFER) ? "differs" : "copied");

	/* interrupts on: refused before the blackout */
	make_misc_node(LUO_DEVICE, "liveupdate");
	luo = luo_open_device();
	if (luo < 0)
		die(LUO_DEVICE);
	session = luo_create_session(luo, SESSION);
	if (session < 0) {
		errno = -session;
		die("create session");
	}
	if (set_intx(1))
		die("INTx on");
	err = preserve(session, dev, TOKEN_DEV);
	say("preserve with INTx enabled: %s (%s)", err ? "refused" : "accepted",
	    err ? strerror(-err) : "-");
	if (!err)
		exit(1);
	if (set_intx(0))
		die("INTx off");

	say("hw command %#06x", hw_command());
	print_config();
	err = preserve(session, dev, TOKEN_DEV);
	if (err) {
		errno = -err;
		die("preserve the device");
	}
	err = preserve(session, memfd, TOKEN_MEM);
	if (err) {
		errno = -err;
		die("preserve the memfd");
	}
	say("preserved device and memory in session " SESSION);
	/* /dev/liveupdate has one user at a time: the session stays */
	close(luo);
	daemonize_and_wait();
}

static void stage2(void)
{
	unsigned char *mem;
	int luo, session, memfd, i, ok;

	say("hw command before open %#06x", hw_command());
	/* the device goes on: its DMA, through A's IOMMU domain */
	if (edu_dma_sysfs(IOVA + 3 * PAGE))
		die("edu DMA through sysfs");
	make_misc_node(LUO_DEVICE, "liveupdate");
	luo = luo_open_device();
	if (luo < 0)
		die(LUO_DEVICE);
	session = luo_retrieve_session(luo, SESSION);
	if (session < 0) {
		errno = -session;
		die("retrieve session");
	}
	close(luo);
	dev = retrieve(session, TOKEN_DEV);
	memfd = retrieve(session, TOKEN_MEM);
	say("retrieved device and memory from session " SESSION);
	mem = map_mem(memfd);
	ok = 1;
	for (i = 0; i < (int)XFER; i++)
		ok &= mem[PAGE + i] == (unsigned char)(i * 7 + 3);
	say("guest memory: %s", ok ? "as A left it" : "differs");
	say("dma before the VMM attached: %s", memcmp(mem + PAGE, mem + 3 * PAGE, XFER) ?
	    "lost" : "landed in guest memory through A's IOMMU domain");
	bind_attach(mem);
	say("hw command %#06x", hw_command());
	print_config();
	say("edu liveness %#x factorial %u", edu_read(EDU_LIVENESS),
	    edu_read(EDU_FACTORIAL));
	/* edu's buffer, which A's DMA filled, into guest memory */
	memset(mem + 2 * PAGE, 0, PAGE);
	if (edu_dma(IOVA + 2 * PAGE, 1))
		die("edu DMA");
	say("dma in B: %s", memcmp(mem + PAGE, mem + 2 * PAGE, XFER) ?
	    "differs" : "edu's buffer of A copied");
	if (luo_session_finish(session))
		die("finish session");
	say("session finished");
}

int main(int argc, char *argv[])
{
	if (argc != 4 || strcmp(argv[1], "--stage")) {
		fprintf(stderr, "usage: %s --stage 1|2 BDF\n", argv[0]);
		return 2;
	}
	bdf = argv[3];
	if (!strcmp(argv[2], "1"))
		stage1();
	else
		stage2();
	return 0;
}
