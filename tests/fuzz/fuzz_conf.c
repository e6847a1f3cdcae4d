/*
 * fuzz_conf.c - libFuzzer harness for the conntrackd.conf parser: any
 * input parses or fails with exactly one error, the last message; a
 * parsed config keeps its bounds (at most 4 links, the default one among
 * them); the filter built from it checks entries and makes a kernel
 * program; conf_free() releases everything (ASan's leak check).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned int errors;
	int last_level;
};

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void report(void *data, int level, const char *msg)
{
	struct seen *s = data;

	check(msg != NULL, "a message");
	check(level == LOG_ERR || level == LOG_WARNING, "message level");
	s->errors += level == LOG_ERR;
	s->last_level = level;
}

/* Run the user-space check on a few entries built from the input. */
static void check_entries(const struct conf *c, const uint8_t *data, size_t size)
{
	struct ct_entry ct;

	memset(&ct, 0, sizeof(ct));
	for (int i = 0; i < 4; i++) {
		ct.orig.l3 = ct.repl.l3 = i & 1 ? AF_INET6 : AF_INET;
		ct.orig.l4 = size ? data[i % size] : IPPROTO_TCP;
		if (size >= 32) {
			memcpy(&ct.orig.src, data + size - 16, 16);
			memcpy(&ct.repl.src, data + size - 32, 16);
		}
		ct.state = (uint8_t)i * 3;
		ct.present = i & 2 ? CT_BIT(CTF_TCP_STATE) : 0;
		(void)conf_filter_accepts(&c->filter, &ct);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);	/* exactly the input, for ASan */
	struct seen s = { 0, -1 };
	struct nfct_filter *nf;
	struct conf c;
	int ret;

	if (!text)
		abort();
	memcpy(text, data, size);
	ret = conf_parse(&c, "fuzz.conf", text, size, report, &s);
	check(ret == 0 || ret == -1, "result");
	if (ret < 0) {
		check(s.errors == 1 && s.last_level == LOG_ERR, "one error, last");
	} else {
		check(s.errors == 0, "no error on success");
		check(c.nchannels <= CONF_CHANNEL_MAX, "links");
		check(!c.nchannels || c.channel_default < c.nchannels, "default link");
		check(c.filter.proto.count <= 255, "protocol count");
		check_entries(&c, data, size);
		nf = conf_filter_kernel(&c.filter);
		check(!nf == !c.filter.present, "kernel filter when present");
		if (nf)
			nfct_filter_destroy(nf);
	}
	conf_free(&c);
	free(text);
	return 0;
}
