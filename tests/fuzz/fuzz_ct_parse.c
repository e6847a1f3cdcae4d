/*
 * fuzz_ct_parse.c - libFuzzer harness for ct_parse().
 *
 * The input is one ctnetlink message. It is copied into a heap buffer of
 * exactly its size (so ASan sees any read past it) and its nlmsg_len is
 * set to that size, as a netlink receive loop guarantees. When the message
 * parses, the entry goes through everything downstream of the parser:
 * every output format, the masked comparison and the filters, and
 * ct_build into a buffer of exactly CT_MSG_MAX bytes, checking a few
 * invariants on the way.
 *
 * Build and run: tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "ct.h"
#include "ct_build.h"
#include "ct_filter.h"
#include "ct_parse.h"
#include "exp.h"
#include "fmt.h"
#include "fmt_exp.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nfct_labelmap *labels;
static struct obuf out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/fuzz_ct_parse_labels.XXXXXX";
	static const char conf[] = "0 zero\n1 one\n31 thirtyone\n32 w1\n"
		"64 w2\n100 hundred\n127 last\n";
	int fd = mkstemp(path);

	(void)argc;
	(void)argv;
	if (fd >= 0) {
		if (write(fd, conf, sizeof(conf) - 1) == (ssize_t)sizeof(conf) - 1)
			labels = nfct_labelmap_new(path);
		close(fd);
		unlink(path);
	}
	/* Formatted text goes to /dev/null through the real flush path. */
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || ob_init(&out, fd, 4096) < 0)
		abort();
	return 0;
}

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void format_all(const struct ct_entry *ct)
{
	static const unsigned int flagsets[] = { 0,
		FMT_F_EXTENDED | FMT_F_ID | FMT_F_KTIMESTAMP,
		FMT_F_KTIMESTAMP | FMT_F_TIME };

	for (int msg = FMT_MSG_NONE; msg <= FMT_MSG_DESTROY; msg++) {
		for (size_t i = 0; i < sizeof(flagsets) / sizeof(flagsets[0]); i++) {
			struct fmt_ctx fc = { flagsets[i], i ? labels : NULL, 1 };

			fmt_default(&out, ct, (enum fmt_msg)msg, &fc);
			ob_chr(&out, '\n');
			fmt_xml(&out, ct, (enum fmt_msg)msg, &fc);
			ob_chr(&out, '\n');
			struct fmt_json_extra ex = { i != 0, i == 2, i ? 7u : 0u,
						     i ? "p\"x\\y" : NULL };
			fmt_json(&out, ct, (enum fmt_msg)msg, &fc, &ex);
			ob_chr(&out, '\n');
		}
		if (fmt_save(&out, ct, (enum fmt_msg)msg) < 0)
			check(ct->orig.l3 != AF_INET && ct->orig.l3 != AF_INET6,
			      "fmt_save refused a known family");
		ob_chr(&out, '\n');
	}
	ob_flush(&out);
}

static void filter_all(const struct ct_entry *ct)
{
	struct ct_filter *f = calloc(1, sizeof(*f));

	if (!f)
		abort();
	/* An entry always matches itself as a template. */
	check(ct_cmp(ct, ct, CT_CMP_ALL), "ct_cmp(ct, ct) is false");
	f->cmp = true;
	f->tmpl = *ct;
	f->snat = f->dnat = f->any_nat = true;
	f->tmpl.snat.l3 = ct->orig.l3;
	f->tmpl.snat.addr = ct->repl.dst;
	f->tmpl.snat.port = ct->repl.dport;
	ct_set(&f->tmpl, CTF_SNAT_ADDR);
	ct_set(&f->tmpl, CTF_SNAT_PORT);
	f->mark = true;
	f->mark_mask = 0xffff0000u;
	f->mark_value = ct->mark & f->mark_mask;
	f->labels = true;
	memcpy(f->label_bits, ct->labels, sizeof(f->label_bits));
	f->family = ct->orig.l3;
	f->net_src = f->net_dst = true;
	f->src.net = ct->orig.src;
	memset(&f->src.mask, 0xff, sizeof(f->src.mask));
	(void)ct_filter_match(f, ct);
	(void)ct_is_snat(ct);
	(void)ct_is_dnat(ct);
	free(f);
}

static void build_again(const struct ct_entry *ct)
{
	/* Exactly CT_MSG_MAX: the builders rely on it being enough. */
	void *buf = malloc(CT_MSG_MAX);
	struct nlmsghdr *nlh;
	struct ct_entry again;

	if (!buf)
		abort();
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW,
			   NLM_F_CREATE, ct->orig.l3, 1);
	if (ct_build(nlh, ct) == 0) {
		check(nlh->nlmsg_len <= CT_MSG_MAX, "ct_build overran CT_MSG_MAX");
		/* What we build, we parse. */
		check(ct_parse(nlh, &again) == 0, "ct_parse refused ct_build's message");
		check(again.orig.l3 == ct->orig.l3, "family changed in a round trip");
	} else {
		check(errno == EINVAL, "ct_build failed without EINVAL");
		check(ct_addr_len(ct->orig.l3) == 0, "ct_build refused a known family");
	}
	free(buf);
}

/* The same bytes as an expectation message: parse, print, rebuild. */
static void expect_too(const struct nlmsghdr *nlh)
{
	struct ct_expect e;
	char buf[CT_MSG_MAX];
	int rc;

	errno = 0;
	rc = exp_parse(nlh, &e);
	if (rc < 0) {
		check(rc == -1 && errno == EBADMSG, "exp_parse: failure without EBADMSG");
		return;
	}
	check(memchr(e.helper, '\0', sizeof(e.helper)) != NULL, "exp helper");
	check(memchr(e.fn, '\0', sizeof(e.fn)) != NULL, "exp fn");
	for (int msg = FMT_MSG_NONE; msg <= FMT_MSG_DESTROY; msg++) {
		fmt_exp_default(&out, &e, (enum fmt_msg)msg);
		ob_chr(&out, '\n');
		fmt_exp_xml(&out, &e, (enum fmt_msg)msg, msg == FMT_MSG_NEW);
		ob_chr(&out, '\n');
	}
	ob_flush(&out);
	exp_build(ct_msg_start(buf, 2, 0, 0, AF_INET, 1), &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_entry ct;
	struct nlmsghdr *nlh;
	uint32_t len;
	int rc;

	if (size < sizeof(struct nlmsghdr) || size > 65535)
		return 0;
	nlh = malloc(size);
	if (!nlh)
		abort();
	memcpy(nlh, data, size);
	len = (uint32_t)size;
	memcpy(&nlh->nlmsg_len, &len, sizeof(len));

	errno = 0;
	rc = ct_parse(nlh, &ct);
	if (rc < 0) {
		check(rc == -1 && errno == EBADMSG, "failure without -1/EBADMSG");
	} else {
		check(rc == 0, "ct_parse returned neither 0 nor -1");
		check(ct.labels_words <= CT_LABEL_WORDS, "too many label words");
		check(memchr(ct.helper, '\0', sizeof(ct.helper)) != NULL,
		      "helper not terminated");
		check(memchr(ct.secctx, '\0', sizeof(ct.secctx)) != NULL,
		      "secctx not terminated");
		format_all(&ct);
		filter_all(&ct);
		build_again(&ct);
	}
	expect_too(nlh);
	free(nlh);
	return 0;
}
