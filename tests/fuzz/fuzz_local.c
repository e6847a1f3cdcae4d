/*
 * fuzz_local.c - libFuzzer harness for what a control-socket client can
 * send: the input is cut into 4-byte requests, each parsed as the daemon
 * parses one and answered by the stats mode against a small cache (the
 * same code as a running daemon, minus the requests that fork or talk to
 * the kernel). Answers are written to /dev/null. Must never crash, leak
 * or read out of bounds, whatever the codes.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "ctd.h"
#include "obuf.h"
#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few entries to dump: TCP, UDP, ICMP; IPv4 and IPv6. */
static void fill(struct ctd *d)
{
	for (int i = 0; i < 6; i++) {
		struct ct_entry ct = { 0 };

		ct.orig.l3 = ct.repl.l3 = i % 2 ? AF_INET6 : AF_INET;
		ct.orig.l4 = ct.repl.l4 = i % 3 == 0 ? IPPROTO_TCP :
					  i % 3 == 1 ? IPPROTO_UDP : IPPROTO_ICMP;
		ct.orig.src.v6[3] = ct.repl.dst.v6[3] = htonl(0x0a000001 + i);
		ct.orig.dst.v6[3] = ct.repl.src.v6[3] = htonl(0x0a000100);
		ct.orig.src.v4 = ct.orig.src.v6[3];
		ct.orig.sport = ct.repl.dport = htons(1000 + i);
		ct.orig.dport = ct.repl.sport = htons(80);
		ct.present = CT_ORIG_TUPLE_BITS | CT_REPL_TUPLE_BITS |
			     CT_BIT(CTF_MARK) | CT_BIT(CTF_STATUS);
		d->mode->populate(d, &ct);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctd d;
	struct obuf o;
	int fd = open("/dev/null", O_WRONLY);

	memset(&d, 0, sizeof(d));
	log_init(&d.log, true);
	d.log.open = true;	/* daemon with no log file: silent */
	d.conf.hashsize = 64;
	d.conf.hashlimit = 1000;
	d.mode = &stats_mode;
	if (fd < 0 || d.mode->init(&d) < 0 || ob_init(&o, fd, 4096) < 0)
		__builtin_trap();
	fill(&d);
	for (size_t off = 0; off < size; off += sizeof(int)) {
		size_t len = size - off < sizeof(int) ? size - off : sizeof(int);
		int req;

		if (local_parse_request(data + off, len, &req) < 0)
			continue;
		/* KILL exits, the kernel-table requests need a kernel. */
		if (req == REQ_KILL)
			continue;
		d.mode->local(&d, &o, req);
	}
	ob_flush(&o);
	ob_free(&o);
	d.mode->kill(&d);
	close(fd);
	return 0;
}
