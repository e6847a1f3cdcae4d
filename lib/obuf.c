/*
 * obuf.c - buffered output for formatters; see obuf.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
	return 0;
}

void ob_free(struct obuf *o)
{
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
}

int ob_flush(struct obuf *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t n = write(o->fd, o->p + off, o->len - off);

		if (n < 0) {
			if (errno == EINTR)
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

void ob_room(struct obuf *o, size_t n)
{
	if (o->len + n <= o->cap)
		return;
	ob_flush(o);
	if (n > o->cap) {
		char *p = realloc(o->p, n);

		if (!p)
			abort();	/* a single field larger than memory */
		o->p = p;
		o->cap = n;
	}
}

void ob_mem(struct obuf *o, const void *s, size_t n)
{
	ob_room(o, n);
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

void ob_str(struct obuf *o, const char *s)
{
	ob_mem(o, s, strlen(s));
}

void ob_chr(struct obuf *o, char c)
{
	ob_room(o, 1);
	o->p[o->len++] = c;
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

void ob_addr(struct obuf *o, int family, const void *addr)
{
	char tmp[INET6_ADDRSTRLEN];

	if (family == AF_INET) {
		const uint8_t *b = addr;

		ob_room(o, 16);
		for (int i = 0; i < 4; i++) {
			if (i)
				ob_chr(o, '.');
			ob_u64(o, b[i]);
		}
		return;
	}
	if (inet_ntop(family, addr, tmp, sizeof(tmp)))
		ob_str(o, tmp);
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
