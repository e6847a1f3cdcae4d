/*
 * obuf.c - buffered output for formatters; see obuf.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>

#include "obuf.h"

int ob_init(struct obuf *o, int fd, size_t cap)
{
	o->p = malloc(cap);
	if (!o->p)
		return -1;
	o->len = 0;
	o->cap = cap;
	o->fd = fd;
	o->err = 0;
	o->deadline = 0;
	return 0;
}

void ob_free(struct obuf *o)
{
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
}

/* Wait until fd takes more, up to the deadline. Returns 0 or -1 with
 * o->err set. */
static int wait_writable(struct obuf *o)
{
	struct timespec ts;
	struct pollfd p = { .fd = o->fd, .events = POLLOUT };
	int64_t left;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	left = o->deadline - ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	if (left <= 0 || poll(&p, 1, (int)(left > 60000 ? 60000 : left)) == 0) {
		o->err = ETIMEDOUT;
		return -1;
	}
	return 0;
}

int ob_flush(struct obuf *o)
{
	size_t off = 0;

	while (off < o->len && !o->err) {
		ssize_t n = write(o->fd, o->p + off, o->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && o->deadline && wait_writable(o) == 0)
				continue;
			if (!o->err)
				o->err = errno;
			break;
		}
		off += (size_t)n;
	}
	o->len = 0;
	return o->err ? -1 : 0;
}

void ob_make_room(struct obuf *o, size_t n)
{
	ob_flush(o);
	if (n > o->cap) {
		char *p = realloc(o->p, n);

		if (!p)
			abort();	/* a single field larger than memory */
		o->p = p;
		o->cap = n;
	}
}

void ob_u64(struct obuf *o, uint64_t v)
{
	char tmp[20];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ob_mem(o, tmp + i, sizeof(tmp) - (size_t)i);
}

void ob_i64(struct obuf *o, int64_t v)
{
	if (v < 0) {
		ob_chr(o, '-');
		ob_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		ob_u64(o, (uint64_t)v);
	}
}

void ob_hex(struct obuf *o, uint32_t v)
{
	char tmp[8];
	int i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	ob_mem(o, tmp + i, sizeof(tmp) - (size_t)i);
}

/* Decimal 0..255 at p; returns the end. */
static char *dec8(char *p, unsigned int v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *addr4(char *p, const uint8_t *b)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = dec8(p, b[i]);
	}
	return p;
}

/*
 * IPv6 text exactly as glibc's inet_ntop() writes it: lower-case hex
 * words without leading zeros; the longest run of two or more zero words
 * (the first of equally long ones) written "::"; "::a.b.c.d" and
 * "::ffff:a.b.c.d" for the IPv4-compatible and -mapped forms. (Checked
 * against inet_ntop() by tests/unit/test_obuf.c.)
 */
static char *addr6(char *p, const uint8_t *b)
{
	uint16_t w[8];
	int best = -1, best_len = 0;

	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && w[j] == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j == i ? i + 1 : j;
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return addr4(p, b + 12);
		for (int shift = 12, started = 0; shift >= 0; shift -= 4) {
			unsigned int d = (w[i] >> shift) & 15;

			if (d || started || shift == 0) {
				*p++ = "0123456789abcdef"[d];
				started = 1;
			}
		}
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

void ob_addr(struct obuf *o, int family, const void *addr)
{
	char *end;

	ob_room(o, 48);
	if (family == AF_INET)
		end = addr4(o->p + o->len, addr);
	else if (family == AF_INET6)
		end = addr6(o->p + o->len, addr);
	else
		return;
	o->len = (size_t)(end - o->p);
}

void ob_printf(struct obuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ob_room(o, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

void ob_trim(struct obuf *o, char c)
{
	if (o->len && o->p[o->len - 1] == c)
		o->len--;
}

void ob_json_str(struct obuf *o, const char *s)
{
	ob_chr(o, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			ob_chr(o, '\\');
			ob_chr(o, (char)ch);
		} else if (ch < 0x20) {
			ob_printf(o, "\\u%04x", ch);
		} else {
			ob_chr(o, (char)ch);
		}
	}
	ob_chr(o, '"');
}
