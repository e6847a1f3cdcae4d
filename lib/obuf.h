/*
 * obuf.h - a large output buffer written to a file descriptor in big
 * chunks, with the few appenders the formatters need (strings, decimal
 * numbers, addresses). Dumps format straight into it: no per-line stdio.
 */
#ifndef OBUF_H
#define OBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct obuf {
	char *p;
	size_t len, cap;
	int fd;
	int err;		/* errno of the first failed write, else 0;
				 * once set, further output is discarded */
	int64_t deadline;	/* CLOCK_MONOTONIC ms by which everything must
				 * be written (fd non-blocking), 0: none;
				 * missing it sets err to ETIMEDOUT */
};

/* Allocate cap bytes for fd. Returns 0 or -1 (ENOMEM). */
int ob_init(struct obuf *o, int fd, size_t cap);
void ob_free(struct obuf *o);
/* Write out everything buffered. Returns 0 or -1 (o->err is set). */
int ob_flush(struct obuf *o);
/* The slow path of ob_room(): flush, or grow for a huge n. */
void ob_make_room(struct obuf *o, size_t n);

/* The appenders every field goes through are inline: a dump of a
 * million entries calls them tens of millions of times. */

/* Make room for n more bytes. */
static inline void ob_room(struct obuf *o, size_t n)
{
	if (o->len + n > o->cap)
		ob_make_room(o, n);
}

static inline void ob_mem(struct obuf *o, const void *s, size_t n)
{
	ob_room(o, n);
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static inline void ob_str(struct obuf *o, const char *s)
{
	ob_mem(o, s, strlen(s));
}

static inline void ob_chr(struct obuf *o, char c)
{
	ob_room(o, 1);
	o->p[o->len++] = c;
}

void ob_u64(struct obuf *o, uint64_t v);
void ob_i64(struct obuf *o, int64_t v);
void ob_hex(struct obuf *o, uint32_t v);	/* lower-case, no 0x */
/* Address in network order, printed as inet_ntop prints it. */
void ob_addr(struct obuf *o, int family, const void *addr);
void ob_printf(struct obuf *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s as a JSON string, quotes included, escaped per RFC 8259. */
void ob_json_str(struct obuf *o, const char *s);
/* Drop the last byte if it is c (formatters end fields with a space). */
void ob_trim(struct obuf *o, char c);

#endif
