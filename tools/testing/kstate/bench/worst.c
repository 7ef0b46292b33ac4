// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE benchmark, the worst case: every object has a pointer and a list.
 * N ports (after a NIC's per-port state) each point to a peer port and
 * list two queues; the queues are anonymous objects that the save reaches
 * through the lists. A hand-written serializer and KSTATE save and restore
 * it, as for the reference workload.
 */
#include "bench.h"		/* first: the host environment, CONFIG_KSTATE */
#include <linux/kstate.h>

#define WC_QUEUES	2

struct wc_queue {
	struct list_head link;
	u32 qid;
	u64 base;
	u32 size;
	unsigned int enabled:1;
};

struct wc_port {
	u32 id;
	u64 stats[4];
	struct wc_port *peer;
	struct list_head queues;
	unsigned int up:1;
	unsigned int promisc:1;
};

KSTATE_DECLARE(wc_port, struct wc_port);

KSTATE_DEFINE(wc_queue, struct wc_queue,
	      KSTATE_U32(qid),
	      KSTATE_U64(base),
	      KSTATE_U32(size),
	      KSTATE_BITFIELD(enabled));

KSTATE_DEFINE(wc_port, struct wc_port,
	      KSTATE_U32(id),
	      KSTATE_UINT_ARRAY(stats),
	      KSTATE_PTR(peer, wc_port),
	      KSTATE_LIST(queues, wc_queue, link),
	      KSTATE_BITFIELD(up),
	      KSTATE_BITFIELD(promisc));

struct wc_state {
	u32 n;
	struct wc_port *ports;
};

static u64 wc_rand(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* @n zeroed ports (exits on allocation failure: a benchmark). */
static struct wc_state *wc_alloc(u32 n)
{
	struct wc_state *s = calloc(1, sizeof(*s));

	if (s)
		s->ports = calloc(n, sizeof(*s->ports));
	if (!s || !s->ports) {
		fprintf(stderr, "bench: out of memory\n");
		exit(2);
	}
	s->n = n;
	return s;
}

/**
 * wc_new() - N ports, each with a peer and two queues
 * @n: ports
 *
 * Return: the state.
 */
struct wc_state *wc_new(u32 n)
{
	struct wc_state *s = wc_alloc(n);
	u64 x = 0x2545f4914f6cdd1dULL ^ n;
	u32 i, q;

	for (i = 0; i < n; i++) {
		struct wc_port *p = &s->ports[i];

		p->id = i;
		for (q = 0; q < 4; q++)
			p->stats[q] = wc_rand(&x);
		p->peer = &s->ports[wc_rand(&x) % n];
		p->up = i & 1;
		p->promisc = !(i % 3);
		INIT_LIST_HEAD(&p->queues);
		for (q = 0; q < WC_QUEUES; q++) {
			struct wc_queue *wq = calloc(1, sizeof(*wq));

			if (!wq) {
				fprintf(stderr, "bench: out of memory\n");
				exit(2);
			}
			wq->qid = i * WC_QUEUES + q;
			wq->base = wc_rand(&x) & ~0xfffULL;
			wq->size = 256 << q;
			wq->enabled = q == 0 || (i & 2);
			list_add_tail(&wq->link, &p->queues);
		}
	}
	return s;
}

/* The ports' queues, freed; the ports zeroed, ready for a restore. */
void wc_reset(struct wc_state *s)
{
	struct wc_queue *q, *t;
	u32 i;

	for (i = 0; i < s->n; i++) {
		if (s->ports[i].queues.next)
			list_for_each_entry_safe(q, t, &s->ports[i].queues, link)
				free(q);
		memset(&s->ports[i], 0, sizeof(s->ports[i]));
		INIT_LIST_HEAD(&s->ports[i].queues);
	}
}

/**
 * wc_empty() - @n zeroed ports to restore into
 * @n: ports
 *
 * Return: the state.
 */
struct wc_state *wc_empty(u32 n)
{
	struct wc_state *s = wc_alloc(n);

	wc_reset(s);
	return s;
}

void wc_free(struct wc_state *s)
{
	wc_reset(s);
	free(s->ports);
	free(s);
}

/**
 * wc_compare() - is @r what @a was, peers and queue order included
 * @a: the originals
 * @r: restored
 *
 * Return: 0, or -1 with a message.
 */
int wc_compare(const struct wc_state *a, const struct wc_state *r)
{
	u32 i;

	for (i = 0; i < a->n; i++) {
		const struct wc_port *p = &a->ports[i], *q = &r->ports[i];
		const struct list_head *x = p->queues.next, *y = q->queues.next;

		if (p->id != q->id || memcmp(p->stats, q->stats, sizeof(p->stats)) ||
		    p->peer - a->ports != q->peer - r->ports || p->up != q->up ||
		    p->promisc != q->promisc)
			goto bad;
		for (; x != &p->queues; x = x->next, y = y->next) {
			const struct wc_queue *u = list_entry(x, struct wc_queue, link);
			const struct wc_queue *v = list_entry(y, struct wc_queue, link);

			if (y == &q->queues || u->qid != v->qid ||
			    u->base != v->base || u->size != v->size ||
			    u->enabled != v->enabled)
				goto bad;
		}
		if (y != &q->queues)
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "bench: worst case: port %u differs\n", i);
	return -1;
}

struct wc_port_ser {
	u32 id;
	u64 stats[4];
	u32 peer;
	u8 flags;
	u8 nr_queues;
} __packed;

struct wc_queue_ser {
	u32 qid;
	u64 base;
	u32 size;
	u8 enabled;
} __packed;

/* The hand-written serializer: ports, each followed by its queues. */
int wc_hand_save(const struct wc_state *s, void **blob, size_t *size)
{
	const struct wc_queue *q;
	size_t len = sizeof(u32);
	u32 i, nq;
	u8 *p, *b;

	for (i = 0; i < s->n; i++) {
		len += sizeof(struct wc_port_ser);
		list_for_each_entry(q, &s->ports[i].queues, link)
			len += sizeof(struct wc_queue_ser);
	}
	b = malloc(len);
	if (!b)
		return -ENOMEM;
	p = b;
	*(u32 *)p = s->n;
	p += sizeof(u32);
	for (i = 0; i < s->n; i++) {
		const struct wc_port *port = &s->ports[i];
		struct wc_port_ser *ps = (void *)p;

		ps->id = port->id;
		memcpy(ps->stats, port->stats, sizeof(ps->stats));
		ps->peer = port->peer ? port->peer - s->ports : U32_MAX;
		ps->flags = port->up | port->promisc << 1;
		nq = 0;
		p += sizeof(*ps);
		list_for_each_entry(q, &port->queues, link) {
			struct wc_queue_ser *qs = (void *)p;

			qs->qid = q->qid;
			qs->base = q->base;
			qs->size = q->size;
			qs->enabled = q->enabled;
			p += sizeof(*qs);
			nq++;
		}
		ps->nr_queues = nq;
	}
	*blob = b;
	*size = len;
	return 0;
}

/* Its reader: checks every count against the size, as careful users do. */
int wc_hand_restore(const void *blob, size_t size, struct wc_state *r)
{
	const u8 *p = blob, *end = p + size;
	u32 i, k;

	if (size < sizeof(u32) || *(const u32 *)p != r->n)
		return -EINVAL;
	p += sizeof(u32);
	for (i = 0; i < r->n; i++) {
		const struct wc_port_ser *ps = (const void *)p;
		struct wc_port *port = &r->ports[i];

		if (p + sizeof(*ps) > end || (ps->peer != U32_MAX && ps->peer >= r->n))
			return -EINVAL;
		port->id = ps->id;
		memcpy(port->stats, ps->stats, sizeof(port->stats));
		port->peer = ps->peer == U32_MAX ? NULL : &r->ports[ps->peer];
		port->up = ps->flags & 1;
		port->promisc = ps->flags >> 1 & 1;
		p += sizeof(*ps);
		if (p + (size_t)ps->nr_queues * sizeof(struct wc_queue_ser) > end)
			return -EINVAL;
		for (k = 0; k < ps->nr_queues; k++) {
			const struct wc_queue_ser *qs = (const void *)p;
			struct wc_queue *q = calloc(1, sizeof(*q));

			if (!q)
				return -ENOMEM;
			q->qid = qs->qid;
			q->base = qs->base;
			q->size = qs->size;
			q->enabled = qs->enabled;
			list_add_tail(&q->link, &port->queues);
			p += sizeof(*qs);
		}
	}
	return p == end ? 0 : -EINVAL;
}

/* KSTATE: every port registered by key (at preserve time). */
struct kstate_out *wc_ks_register(const struct wc_state *s)
{
	struct kstate_out *out = kstate_out_create();
	int err = 0;
	u32 i;

	if (IS_ERR(out))
		return out;
	for (i = 0; i < s->n && !err; i++)
		err = kstate_out_add(out, &wc_port_kstate_type, i, &s->ports[i]);
	if (err) {
		kstate_out_destroy(out);
		return ERR_PTR(err);
	}
	return out;
}

/* KSTATE: every port restored by key; queues come with their port. */
int wc_ks_restore(const void *blob, size_t size, struct wc_state *r)
{
	struct kstate_in *in = kstate_in_open(blob, size);
	int err = 0;
	u32 i;

	if (IS_ERR(in))
		return PTR_ERR(in);
	for (i = 0; i < r->n && !err; i++)
		err = kstate_in_restore(in, &wc_port_kstate_type, i, &r->ports[i]);
	kstate_in_close(in);
	return err;
}
