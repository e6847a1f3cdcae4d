/*
 * optscan_diff.c - glibc getopt_long() vs optscan_next(), call by call.
 *
 * Both sides get their own copy of the argv array but share the strings,
 * so "same optarg" is pointer equality: same element, same offset.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optscan_diff.h"

#define FLAG_UNSET (-12345)

static int glibc_called;	/* getopt_long() was called before */

struct tracebuf {
	char *p;
	size_t left;
};

static void tput(struct tracebuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!t->p || t->left == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->p, t->left, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= t->left)
		n = (int)t->left - 1;
	t->p += n;
	t->left -= (size_t)n;
}

/* A character code as text: 'a' -> "a", others as numbers. */
static void tcode(struct tracebuf *t, int c)
{
	if (c > ' ' && c < 127)
		tput(t, "%c", c);
	else
		tput(t, "%d", c);
}

/* Printable dump of a string for failure reports. */
static void dump_str(const char *s)
{
	fputc('"', stderr);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < ' ' || c >= 127 || c == '"' || c == '\\')
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputc('"', stderr);
}

/* Where p points: "argv[i]+off" in the original argv, or the string. */
static void dump_ptr(const struct diff_case *dc, const char *p)
{
	if (!p) {
		fprintf(stderr, "NULL");
		return;
	}
	for (int i = 0; i < dc->argc; i++) {
		size_t n = strlen(dc->argv[i]);

		if (p >= dc->argv[i] && p <= dc->argv[i] + n) {
			fprintf(stderr, "orig argv[%d]+%d ", i, (int)(p - dc->argv[i]));
			break;
		}
	}
	dump_str(p);
}

static void describe(const struct diff_case *dc, int call, const char *what)
{
	fprintf(stderr, "optscan differs from glibc at call %d: %s\n  optstring ",
		call, what);
	dump_str(dc->optstring);
	fprintf(stderr, ", %s table, index %d, POSIXLY_CORRECT %s\n  argv",
		dc->opts ? "a" : "no", dc->use_index,
		getenv("POSIXLY_CORRECT") ? "set" : "unset");
	for (int i = 0; i < dc->argc; i++) {
		fputc(' ', stderr);
		dump_str(dc->argv[i]);
	}
	fputc('\n', stderr);
}

/* The state after one call of one side. */
struct side {
	int ret, optind, optopt, longind, flag;
	char *optarg;
};

static int compare(const struct diff_case *dc, int call, const struct side *g,
		   const struct side *m, char **ga, char **ma)
{
	char what[128];

	if (g->ret != m->ret)
		snprintf(what, sizeof(what), "return %d vs %d", g->ret, m->ret);
	else if (g->optind != m->optind)
		snprintf(what, sizeof(what), "optind %d vs %d", g->optind, m->optind);
	else if (g->optopt != m->optopt)
		snprintf(what, sizeof(what), "optopt %d vs %d", g->optopt, m->optopt);
	else if (g->longind != m->longind)
		snprintf(what, sizeof(what), "longind %d vs %d", g->longind, m->longind);
	else if (g->flag != m->flag)
		snprintf(what, sizeof(what), "flag %d vs %d", g->flag, m->flag);
	else if (g->optarg != m->optarg)
		snprintf(what, sizeof(what), "optarg");
	else if (memcmp(ga, ma, (size_t)dc->argc * sizeof(*ga)) != 0)
		snprintf(what, sizeof(what), "argv order");
	else
		return 0;
	describe(dc, call, what);
	fprintf(stderr, "  glibc optarg ");
	dump_ptr(dc, g->optarg);
	fprintf(stderr, ", optscan optarg ");
	dump_ptr(dc, m->optarg);
	fprintf(stderr, "\n  argv glibc/optscan:");
	for (int i = 0; i < dc->argc; i++) {
		fprintf(stderr, "\n    ");
		dump_str(ga[i]);
		fprintf(stderr, " / ");
		dump_str(ma[i]);
	}
	fputc('\n', stderr);
	return -1;
}

static void trace_call(struct tracebuf *t, const struct side *m, int prev_longind)
{
	tcode(t, m->ret);
	if (m->optarg)
		tput(t, "(%s)", m->optarg);
	tput(t, "@%d", m->optind);
	if (m->ret == '?' || m->ret == ':') {
		tput(t, "!");
		tcode(t, m->optopt);
	}
	if (m->longind != prev_longind)
		tput(t, "#%d", m->longind);
	if (m->flag != FLAG_UNSET)
		tput(t, "*%d", m->flag);
	tput(t, " ");
}

/* One call of each side. */
static void call_both(const struct diff_case *dc, int argc, char **ga, char **ma,
		      const struct option *opts, struct optscan *s,
		      const struct optindex *idx, int *glongind,
		      struct side *g, struct side *m)
{
	if (dc->flagvar)
		*dc->flagvar = FLAG_UNSET;
	g->ret = getopt_long(argc, ga, dc->optstring, opts, glongind);
	g->optarg = optarg;
	g->optind = optind;
	g->optopt = optopt;
	g->longind = *glongind;
	g->flag = dc->flagvar ? *dc->flagvar : FLAG_UNSET;

	if (dc->flagvar)
		*dc->flagvar = FLAG_UNSET;
	m->ret = optscan_next(s, argc, ma, dc->optstring, opts, idx);
	m->optarg = s->optarg;
	m->optind = s->optind;
	m->optopt = s->optopt;
	m->longind = s->longind;
	m->flag = dc->flagvar ? *dc->flagvar : FLAG_UNSET;
}

int diff_run(const struct diff_case *dc, char *trace, size_t tracelen)
{
	size_t sz = ((size_t)dc->argc + 1) * sizeof(char *);
	char **ga = malloc(sz), **ma = malloc(sz);
	struct tracebuf t = { trace, tracelen };
	const struct option *opts = dc->opts;
	struct optindex idx, *ip = NULL;
	struct optscan s;
	int glongind = -1, call, rc = 0;

	if (trace && tracelen)
		trace[0] = '\0';
	if (!ga || !ma)
		abort();
	memcpy(ga, dc->argv, sz - sizeof(char *));
	memcpy(ma, dc->argv, sz - sizeof(char *));
	ga[dc->argc] = ma[dc->argc] = NULL;
	if (dc->use_index) {
		if (optindex_build(&idx, opts) < 0)
			abort();
		ip = &idx;
	}
	/* glibc's own optopt (0 at first, then the last error's, whatever
	 * the scan) is copied to the global one on every call: start from
	 * the same value. */
	optscan_init(&s);
	if (glibc_called)
		s.optopt = optopt;
	glibc_called = 1;
	optind = 0;
	opterr = 0;

	for (call = 0; call < dc->maxcalls; call++) {
		struct side g, m;
		int prev_longind = s.longind;

		call_both(dc, dc->argc, ga, ma, opts, &s, ip, &glongind, &g, &m);
		if (compare(dc, call, &g, &m, ga, ma) < 0) {
			rc = -1;
			break;
		}
		trace_call(&t, &m, prev_longind);
		if (g.ret == -1) {
			call++;
			break;
		}
		if (!dc->hook)
			continue;
		struct diff_ctl c = {
			.call = call, .argc = dc->argc, .argv = ga, .ret = g.ret,
			.optarg = g.optarg, .optind = optind,
			.midword = s.nextchar && *s.nextchar,
			.opts = opts, .ctx = dc->ctx,
		};
		dc->hook(&c);
		optind = s.optind = c.optind;
		if (c.opts != opts) {
			opts = c.opts;
			if (ip) {
				optindex_free(ip);
				if (optindex_build(ip, opts) < 0)
					abort();
			}
		}
	}
	if (rc == 0) {
		tput(&t, "|");
		for (int i = 1; i < dc->argc; i++)
			tput(&t, " %s", ma[i]);
	}
	if (ip)
		optindex_free(ip);
	free(ga);
	free(ma);
	return rc < 0 ? -1 : call;
}
