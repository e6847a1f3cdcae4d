/*
 * testutil.h - helpers shared by the unit tests: building conntrack
 * entries by hand, formatting into a string, building and parsing
 * ctnetlink messages. Header-only (static functions) so that every test
 * executable stays a single translation unit plus the code under test.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ct.h"
#include "obuf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Presence bits of a complete tuple with ports, both directions. */
#define TU_ORIG_BITS (CT_BIT(CTF_ORIG_L3) | CT_BIT(CTF_ORIG_L4) | \
	CT_BIT(CTF_ORIG_SRC) | CT_BIT(CTF_ORIG_DST))
#define TU_REPL_BITS (CT_BIT(CTF_REPL_L3) | CT_BIT(CTF_REPL_L4) | \
	CT_BIT(CTF_REPL_SRC) | CT_BIT(CTF_REPL_DST))
#define TU_PORT_BITS (CT_BIT(CTF_ORIG_SPORT) | CT_BIT(CTF_ORIG_DPORT) | \
	CT_BIT(CTF_REPL_SPORT) | CT_BIT(CTF_REPL_DPORT))
#define TU_ICMP_BITS (CT_BIT(CTF_ICMP_TYPE) | CT_BIT(CTF_ICMP_CODE) | \
	CT_BIT(CTF_ICMP_ID))

static inline void tu_addr(uint8_t l3, union ct_addr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	assert_int_equal(inet_pton(l3, s, a), 1);
}

/*
 * A complete entry as the kernel would dump it: both tuples, addresses
 * and ports (or ICMP id/type/code; sport/dport are ids/keys in host
 * order here and stored in network order).
 */
static inline void tu_entry(struct ct_entry *ct, uint8_t l3, uint8_t l4,
			    const char *osrc, const char *odst,
			    unsigned osport, unsigned odport,
			    const char *rsrc, const char *rdst,
			    unsigned rsport, unsigned rdport)
{
	memset(ct, 0, sizeof(*ct));
	ct->orig.l3 = ct->repl.l3 = l3;
	ct->orig.l4 = ct->repl.l4 = l4;
	tu_addr(l3, &ct->orig.src, osrc);
	tu_addr(l3, &ct->orig.dst, odst);
	tu_addr(l3, &ct->repl.src, rsrc);
	tu_addr(l3, &ct->repl.dst, rdst);
	ct->present |= TU_ORIG_BITS | TU_REPL_BITS;
	if (l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6) {
		/* osport: id, odport: type (reply type from rdport) */
		ct->orig.sport = ct->repl.sport = htons((uint16_t)osport);
		ct->orig.icmp_type = (uint8_t)odport;
		ct->repl.icmp_type = (uint8_t)rdport;
		ct->present |= TU_ICMP_BITS;
	} else if (ct_proto_has_ports(l4)) {
		ct->orig.sport = htons((uint16_t)osport);
		ct->orig.dport = htons((uint16_t)odport);
		ct->repl.sport = htons((uint16_t)rsport);
		ct->repl.dport = htons((uint16_t)rdport);
		ct->present |= TU_PORT_BITS;
	}
}

static inline void tu_u32(struct ct_entry *ct, enum ct_field f, uint32_t v)
{
	switch (f) {
	case CTF_STATUS: ct->status = v; break;
	case CTF_TIMEOUT: ct->timeout = v; break;
	case CTF_MARK: ct->mark = v; break;
	case CTF_SECMARK: ct->secmark = v; break;
	case CTF_ID: ct->id = v; break;
	case CTF_USE: ct->use = v; break;
	case CTF_ZONE: ct->zone = (uint16_t)v; break;
	default: fail_msg("tu_u32: field %d", f);
	}
	ct_set(ct, f);
}

/* An obuf that only collects (fd -1, big enough never to flush). */
struct tu_str {
	struct obuf o;
	char s[65536];
};

static inline void tu_str_init(struct tu_str *t)
{
	assert_int_equal(ob_init(&t->o, -1, 60000), 0);
}

/* The collected text as a C string (and reset the buffer). */
static inline const char *tu_str_take(struct tu_str *t)
{
	assert_true(t->o.len < sizeof(t->s));
	memcpy(t->s, t->o.p, t->o.len);
	t->s[t->o.len] = '\0';
	t->o.len = 0;
	return t->s;
}

static inline void tu_str_free(struct tu_str *t)
{
	ob_free(&t->o);
}

/* An exact-size heap copy of a message: reads past its end are caught by
 * valgrind and ASan. nlmsg_len is set to len. */
static inline void *tu_exact_copy(const void *msg, size_t len)
{
	void *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, msg, len);
	if (len >= 4) {
		uint32_t l = (uint32_t)len;

		memcpy(p, &l, sizeof(l));
	}
	return p;
}

#endif
