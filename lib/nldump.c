/*
 * nldump.c - a dump read ahead by a second thread; see nldump.h.
 *
 * A ring of datagram-sized slots between the reader thread (which fills
 * them with recv()) and the caller (which runs the callbacks on them).
 * The reader stops after the datagram that ends the dump (NLMSG_DONE or
 * an error for the request) or a failing recv(); the caller always
 * drains the ring up to that datagram, even after a callback stopped it.
 */
#define _GNU_SOURCE		/* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "nldump.h"

#define SLOTS 32
/* The kernel makes dump datagrams of at most 32 KiB. */
#define SLOT_LEN (64 * 1024)

struct slot {
	ssize_t len;		/* < 0: recv() failed with err */
	int err;
	bool last;
};

struct ring {
	struct nlsock *s;
	uint32_t seq;
	char *buf;		/* SLOTS x SLOT_LEN */
	struct slot slot[SLOTS];
	unsigned int head, tail;	/* filled / consumed, counting up */
	pthread_mutex_t mu;
	pthread_cond_t changed;
};

/* Does the datagram end the answer to our request? */
static bool ends_dump(uint32_t seq, const char *p, size_t len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
	int left = (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if ((nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) &&
		    nlh->nlmsg_seq == seq)
			return true;
	return false;
}

/* One datagram of fd into buf (SLOT_LEN bytes): its length, or -1 with
 * errno (EMSGSIZE for one larger than the buffer, which cannot happen:
 * see SLOT_LEN). */
static ssize_t recv_datagram(int fd, char *buf)
{
	ssize_t n;

	do
		n = recv(fd, buf, SLOT_LEN, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n > SLOT_LEN) {
		errno = EMSGSIZE;
		return -1;
	}
	return n;
}

static void *reader(void *arg)
{
	struct ring *r = arg;
	int fd = nls_fd(r->s);

	for (;;) {
		struct slot *sl;
		char *p;

		pthread_mutex_lock(&r->mu);
		while (r->head - r->tail == SLOTS)
			pthread_cond_wait(&r->changed, &r->mu);
		pthread_mutex_unlock(&r->mu);

		sl = &r->slot[r->head % SLOTS];
		p = r->buf + (size_t)(r->head % SLOTS) * SLOT_LEN;
		sl->len = recv_datagram(fd, p);
		sl->err = sl->len < 0 ? errno : 0;
		sl->last = sl->len < 0 || ends_dump(r->seq, p, (size_t)sl->len);

		pthread_mutex_lock(&r->mu);
		r->head++;
		pthread_cond_signal(&r->changed);
		pthread_mutex_unlock(&r->mu);
		if (sl->last)
			return NULL;
	}
}

int nld_dump(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct ring *r = calloc(1, sizeof(*r));
	int ret = MNL_CB_OK, err = 0;
	pthread_t tid;
	bool last = false;

	/* (the two sides wait on one condition: the ring cannot be full and
	 * empty at once, so at most one of them ever waits) */

	if (!r || !(r->buf = malloc((size_t)SLOTS * SLOT_LEN))) {
		free(r);
		return -1;
	}
	r->s = s;
	r->seq = nlh->nlmsg_seq;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0 ||
	    (errno = pthread_create(&tid, NULL, reader, r)) != 0) {
		err = errno;
		goto out;
	}
	while (!last) {
		struct slot *sl;

		pthread_mutex_lock(&r->mu);
		while (r->tail == r->head)
			pthread_cond_wait(&r->changed, &r->mu);
		pthread_mutex_unlock(&r->mu);

		sl = &r->slot[r->tail % SLOTS];
		last = sl->last;
		if (sl->len < 0 && ret > 0) {
			ret = MNL_CB_ERROR;
			err = sl->err;
		} else if (ret > 0) {	/* (once stopped, only drained) */
			ret = mnl_cb_run(r->buf + (size_t)(r->tail % SLOTS) * SLOT_LEN,
					 (size_t)sl->len, r->seq, s->portid, cb, data);
			if (ret < 0)
				err = errno;
		}

		pthread_mutex_lock(&r->mu);
		r->tail++;
		pthread_cond_signal(&r->changed);
		pthread_mutex_unlock(&r->mu);
	}
	pthread_join(tid, NULL);
out:
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->changed);
	free(r->buf);
	free(r);
	if (err || ret < 0) {
		errno = err ? err : EPROTO;
		return -1;
	}
	return 0;
}

/* ---- a dump stored by a helper thread --------------------------------- */

/* The file holds at most this much; the rest is read later, directly. */
#define SPOOL_MAX (1024L * 1024 * 1024)

struct nld_spool {
	struct nlsock s;
	uint32_t seq;
	int fd;			/* the unlinked file: (length, datagram)... */
	pthread_t tid;
	int err;		/* the thread's failure (errno), or 0 */
	bool done;		/* the file holds the whole dump */
	char *buf;		/* SLOT_LEN bytes */
};

static int spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	int fd = -1;

	if (dir && *dir)
		fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	return fd;
}

static bool write_all(int fd, const void *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return true;
}

static void *spooler(void *arg)
{
	struct nld_spool *sp = arg;
	long stored = 0;

	while (stored < SPOOL_MAX) {
		ssize_t n = recv_datagram(nls_fd(&sp->s), sp->buf);
		uint32_t len = (uint32_t)n;

		if (n < 0) {
			sp->err = errno;
			return NULL;
		}
		if (!write_all(sp->fd, &len, sizeof(len)) ||
		    !write_all(sp->fd, sp->buf, (size_t)n)) {
			sp->err = errno ? errno : EIO;
			return NULL;
		}
		stored += n;
		if (ends_dump(sp->seq, sp->buf, (size_t)n)) {
			sp->done = true;
			return NULL;
		}
	}
	return NULL;
}

struct nld_spool *nld_spool_start(struct nlmsghdr *nlh)
{
	struct nld_spool *sp = calloc(1, sizeof(*sp));

	if (!sp)
		return NULL;
	sp->fd = -1;
	sp->buf = malloc(SLOT_LEN);
	if (!sp->buf || nls_open(&sp->s, 0) < 0)
		goto fail;
	sp->fd = spool_file();
	if (sp->fd < 0)
		goto fail_sock;
	nlh->nlmsg_seq = sp->seq = nls_next_seq(&sp->s);
	if (mnl_socket_sendto(sp->s.nl, nlh, nlh->nlmsg_len) < 0)
		goto fail_sock;
	errno = pthread_create(&sp->tid, NULL, spooler, sp);
	if (errno)
		goto fail_sock;
	return sp;
fail_sock:
	if (sp->fd >= 0)
		close(sp->fd);
	nls_close(&sp->s);
fail:
	free(sp->buf);
	free(sp);
	return NULL;
}

int nld_spool_finish(struct nld_spool *sp, mnl_cb_t cb, void *data)
{
	int ret = MNL_CB_OK, err;
	FILE *f;

	pthread_join(sp->tid, NULL);
	err = sp->err;
	f = err ? NULL : fdopen(sp->fd, "r");
	if (!err && (!f || fseek(f, 0, SEEK_SET) < 0))
		err = errno;
	/* What the thread stored... */
	while (!err && ret > 0) {
		uint32_t len;

		if (fread(&len, sizeof(len), 1, f) != 1)
			break;
		if (len > SLOT_LEN || fread(sp->buf, 1, len, f) != len) {
			err = EIO;
			break;
		}
		ret = mnl_cb_run(sp->buf, len, sp->seq, sp->s.portid, cb, data);
		if (ret < 0)
			err = errno;
	}
	/* ... then, if it stopped at SPOOL_MAX, the rest from the socket. */
	while (!err && ret > 0 && !sp->done) {
		ssize_t n = recv_datagram(nls_fd(&sp->s), sp->buf);

		if (n < 0) {
			err = errno;
			break;
		}
		ret = mnl_cb_run(sp->buf, (size_t)n, sp->seq, sp->s.portid, cb, data);
		if (ret < 0)
			err = errno;
	}
	if (f)
		fclose(f);
	else if (sp->fd >= 0)
		close(sp->fd);
	nls_close(&sp->s);
	free(sp->buf);
	free(sp);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
