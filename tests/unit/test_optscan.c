/*
 * test_optscan.c - src/conntrack/optscan.c against glibc's getopt_long().
 *
 * Every case runs glibc and optscan side by side (optscan_diff.c) and
 * fails on the first call where they differ; the hand-written cases also
 * pin the trace down ("a b(x)@3 ..." - see optscan_diff.c) so that the
 * rules they show are written here. A random part then compares a few
 * hundred thousand argvs made of a small alphabet of tricky words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "optscan_diff.h"

#define MAXW 16

static int flagvar;

/* Required, optional, none, flag pointers, a duplicate name, a has_arg of
 * 3 (taken as optional) and prefixes shared by compatible and
 * incompatible entries. */
static const struct option small[] = {
	{ "alpha", required_argument, NULL, 'A' },
	{ "alpine", no_argument, NULL, 'P' },
	{ "beta", no_argument, NULL, 'B' },
	{ "gamma", optional_argument, NULL, 'G' },
	{ "gammb", optional_argument, NULL, 'G' },
	{ "flag", no_argument, &flagvar, 7 },
	{ "flagx", no_argument, &flagvar, 7 },
	{ "fly", no_argument, &flagvar, 8 },
	{ "dup", no_argument, NULL, 'D' },
	{ "dup", required_argument, NULL, 'E' },
	{ "delta", 3, NULL, 'T' },
	{ "d", no_argument, NULL, 'd' },
	{ "opt", no_argument, NULL, 'o' },
	{ "optional", optional_argument, NULL, 'O' },
	{ "zero", no_argument, NULL, 0 },
	{ "zeta", no_argument, &flagvar, 'Z' },
	{ "zetb", no_argument, NULL, 'Z' },
	{ "eta", no_argument, NULL, 'H' },
	{ "etb", required_argument, NULL, 'H' },
	{ NULL, 0, NULL, 0 },
};

/* What conntrack adds after -p; big is small followed by it (built by
 * build_big() in main()). */
static const struct option extra[] = {
	{ "sport", required_argument, NULL, 's' },
	{ "dport", required_argument, NULL, 'S' },
	{ "gamma-x", no_argument, NULL, 'X' },
	{ "beta", required_argument, NULL, 'b' },
	{ NULL, 0, NULL, 0 },
};

#define NSMALL (sizeof(small) / sizeof(small[0]) - 1)
static struct option big[NSMALL + sizeof(extra) / sizeof(extra[0])];

static void build_big(void)
{
	memcpy(big, small, NSMALL * sizeof(small[0]));
	memcpy(big + NSMALL, extra, sizeof(extra));
}

/* An empty name matches only "--" followed by "=": "--=x". */
static const struct option empty[] = {
	{ "", no_argument, NULL, 'Z' },
	{ "e1", optional_argument, NULL, 'e' },
	{ NULL, 0, NULL, 0 },
};

static const struct option one[] = {
	{ "only", optional_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 },
};

/* ---- running a case ---- */

static char trace[4096];

static int run_argv(const char *optstring, const struct option *opts,
		    diff_hook *hook, void *ctx, int idx, int argc, char **argv)
{
	struct diff_case dc = {
		.optstring = optstring, .opts = opts, .use_index = idx,
		.argc = argc, .argv = argv, .maxcalls = 4 * argc + 16,
		.hook = hook, .ctx = ctx, .flagvar = &flagvar,
	};

	return diff_run(&dc, trace, sizeof(trace));
}

/* Words (NULL-terminated) after "prog"; with and without the index. */
static const char *vrun(const char *optstring, const struct option *opts,
			diff_hook *hook, void *ctx, va_list ap)
{
	static char first[sizeof(trace)];
	char *argv[MAXW + 1];
	const char *w;
	int argc = 0;

	argv[argc++] = strdup("prog");
	while ((w = va_arg(ap, const char *)) != NULL) {
		assert_true(argc < MAXW);
		argv[argc++] = strdup(w);	/* distinct strings */
	}
	argv[argc] = NULL;
	assert_true(run_argv(optstring, opts, hook, ctx, 0, argc, argv) >= 0);
	strcpy(first, trace);
	assert_true(run_argv(optstring, opts, hook, ctx, 1, argc, argv) >= 0);
	assert_string_equal(first, trace);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return trace;
}

/* OPTSCAN_TRACES=1 in the environment prints the traces instead. */
static void check_trace(const char *want, const char *got)
{
	if (getenv("OPTSCAN_TRACES"))
		printf("%s\n   want %s\n", got, want);
	else
		assert_string_equal(got, want);
}

/* Compare with glibc, then with the expected trace. */
static void expect(const char *want, const char *optstring,
		   const struct option *opts, ...)
{
	const char *got;
	va_list ap;

	va_start(ap, opts);
	got = vrun(optstring, opts, NULL, NULL, ap);
	va_end(ap);
	check_trace(want, got);
}

static void expect_hook(const char *want, const char *optstring,
			const struct option *opts, diff_hook *hook, ...)
{
	const char *got;
	va_list ap;

	va_start(ap, hook);
	got = vrun(optstring, opts, hook, NULL, ap);
	va_end(ap);
	check_trace(want, got);
}

#define OS "ab:c::d"

/* ---- hand-written cases ---- */

static void test_permute(void **state)
{
	(void)state;
	expect("a@3 b(z)@6 -1@4 | -a -b z x y w", OS, small,
	       "x", "-a", "y", "-b", "z", "w", NULL);
	expect("-1@1 | x y", OS, small, "x", "y", NULL);
	expect("-1@1 |", OS, small, NULL);
	/* "--" is moved in front of the operands skipped before it. */
	expect("a@3 -1@3 | -a -- x -b y", OS, small, "x", "-a", "--", "-b", "y", NULL);
	expect("-1@2 | -- -a", OS, small, "--", "-a", NULL);
	/* "-" alone is an operand. */
	expect("a@3 -1@2 | -a - -", OS, small, "-", "-a", "-", NULL);
	/* A required argument is the next word, even "--" or "-a". */
	expect("b(--)@3 a@4 -1@4 | -b -- -a", OS, small, "-b", "--", "-a", NULL);
	expect("B@3#2 -1@2 | --beta x", OS, small, "x", "--beta", NULL);
}

static void test_orderings(void **state)
{
	(void)state;
	/* '-': operands come back as option 1. */
	expect("1(x)@2 a@3 1(y)@4 -1@4 | x -a y", "-ab:", small, "x", "-a", "y", NULL);
	/* "--" then still ends the options: what follows is left. */
	expect("1(x)@2 -1@3 | x -- y -a", "-ab:", small, "x", "--", "y", "-a", NULL);
	/* '+': stop at the first operand. */
	expect("a@2 -1@2 | -a x -b y", "+ab:", small, "-a", "x", "-b", "y", NULL);
	expect("a@2 -1@3 | -a -- x", "+ab:", small, "-a", "--", "x", NULL);
	expect("a@2 :@3!b -1@3 | -a -b", "+:ab:", small, "-a", "-b", NULL);
	/* POSIXLY_CORRECT works like '+' unless optstring says otherwise. */
	setenv("POSIXLY_CORRECT", "1", 1);
	expect("a@2 -1@2 | -a x -b y", OS, small, "-a", "x", "-b", "y", NULL);
	expect("1(x)@2 a@3 -1@3 | x -a", "-a", small, "x", "-a", NULL);
	unsetenv("POSIXLY_CORRECT");
}

static void test_short(void **state)
{
	(void)state;
	expect("a@1 b(v)@2 -1@2 | -abv", OS, small, "-abv", NULL);
	expect("a@1 c(v)@2 -1@2 | -acv", OS, small, "-acv", NULL);
	/* Optional arguments are only ever attached. */
	expect("a@1 c@2 -1@2 | -ac x", OS, small, "-ac", "x", NULL);
	expect("b(x)@3 -1@3 | -b x", OS, small, "-b", "x", NULL);
	expect("a@2 ?@3!b -1@3 | -a -b", OS, small, "-a", "-b", NULL);
	expect("a@2 :@3!b -1@3 | -a -b", ":" OS, small, "-a", "-b", NULL);
	expect("?@1!z a@2 -1@2 | -za", OS, small, "-za", NULL);
	/* ':' and ';' are never options, even when listed. */
	expect("?@2!: ?@3!; -1@3 | -: -;", "a:;", small, "-:", "-;", NULL);
	/* Plain char: a byte >= 0x80 comes back negative; 0xff is -1! */
	expect("-23@2 -1@2 | -\xe9", "\xe9", small, "-\xe9", NULL);
	expect("?@2!-23 -1@2 | -\xe9", "a", small, "-\xe9", NULL);
	expect("-1@2 | -\xff -a", "\xff" "a", small, "-\xff", "-a", NULL);
	/* Only the first '+' or '-' is an ordering; the next is an option. */
	expect("+@2 -1@3 | -+ --", "-+-", small, "-+", "--", NULL);
}

static void test_long(void **state)
{
	(void)state;
	expect("A(1)@2#0 A(2)@4 -1@4 | --alpha=1 --alpha 2", OS, small,
	       "--alpha=1", "--alpha", "2", NULL);
	expect("?@2!A -1@2 | --alpha", OS, small, "--alpha", NULL);
	expect(":@2!A -1@2 | --alpha", ":" OS, small, "--alpha", NULL);
	expect("?@2!B -1@2 | --beta=3", OS, small, "--beta=3", NULL);
	/* Optional: only with "=" (here x is an operand). */
	expect("G@2#3 G(v)@4 -1@3 | --gamma --gamma=v x", OS, small,
	       "--gamma", "x", "--gamma=v", NULL);
	expect("G()@2#3 -1@2 | --gamma=", OS, small, "--gamma=", NULL);
	/* has_arg 3 takes "=x" but not the next word. */
	expect("T(x)@2#10 T@3 -1@3 | --delta=x --delta y", OS, small,
	       "--delta=x", "--delta", "y", NULL);
	expect("0@2#14 -1@2 | --zero", OS, small, "--zero", NULL);
	expect("?@2!0 -1@2 | --nope", OS, small, "--nope", NULL);
	/* Without a table, "--x" is a cluster of '-' and 'x'. */
	expect("?@1!- a@2 -1@2 | --a", OS, NULL, "--a", NULL);
}

static void test_abbrev(void **state)
{
	(void)state;
	/* Unique prefix. */
	expect("A(1)@2#0 B@3#2 -1@3 | --alph=1 --b", OS, small, "--alph=1", "--b", NULL);
	/* alpha and alpine differ: ambiguous, optopt 0. */
	expect("?@2!0 -1@2 | --al", OS, small, "--al", NULL);
	/* gamma and gammb do the same thing: the first one is taken. */
	expect("G@2#3 -1@2 | --gam", OS, small, "--gam", NULL);
	/* flag and flagx too (same flag pointer and val), fly does not. */
	expect("0@2#5*7 ?@3!0 -1@3 | --fla --fl", OS, small, "--fla", "--fl", NULL);
	/* zeta and zetb differ only in their flag pointers, eta and etb
	 * in has_arg. */
	expect("?@2!0 ?@3!0 -1@3 | --zet --et", OS, small, "--zet", "--et", NULL);
	/* Exact matches win over longer names, the first of duplicates. */
	expect("o@2#12 D@3#8 d@4#11 ?@5!0 -1@5 | --opt --dup --d --du", OS, small,
	       "--opt", "--dup", "--d", "--du", NULL);
	expect("O(1)@2#13 -1@2 | --opti=1", OS, small, "--opti=1", NULL);
	/* "--=x" is the empty name: every entry matches, or the one "". */
	expect("?@2!0 -1@2 | --=x", OS, small, "--=x", NULL);
	expect("?@2!Z -1@3 | --=x --", OS, empty, "--=x", "--", NULL);
	expect("y(x)@2#0 -1@2 | --=x", OS, one, "--=x", NULL);
	/* With the grown table "--beta" is still the first one. */
	expect("B@2#2 X@3#21 ?@4!0 -1@4 | --beta --gamma-x --gamm", OS, big,
	       "--beta", "--gamma-x", "--gamm", NULL);
}

static void test_w_semicolon(void **state)
{
	(void)state;
	/* "W;": -W name is --name; the word after -W is consumed. */
	expect("A(1)@3#0 A(2)@4 B@5#2 -1@5 | -W alpha=1 -Walpha=2 -Wbeta",
	       "W;a", small, "-W", "alpha=1", "-Walpha=2", "-Wbeta", NULL);
	expect("A(v)@4#0 -1@4 | -W alpha v", "W;", small, "-W", "alpha", "v", NULL);
	expect("?@2!W -1@2 | -W", "W;", small, "-W", NULL);
	expect(":@2!W -1@2 | -W", ":W;", small, "-W", NULL);
	expect("?@3!0 -1@3 | -W nope", "W;", small, "-W", "nope", NULL);
	/* Without a table it is a plain option. */
	expect("W@2 -1@2 | -W x", "W;", NULL, "-W", "x", NULL);
}

static void test_misc(void **state)
{
	char *argv[] = { "prog", NULL };
	struct optscan s;

	(void)state;
	optscan_init(&s);
	assert_int_equal(optscan_next(&s, 0, argv, OS, small, NULL), -1);
	assert_int_equal(s.optind, 1);
	assert_int_equal(optscan_next(&s, 1, argv, OS, small, NULL), -1);
	assert_int_equal(s.optind, 1);
	expect("?@2!b -1@2 | -b", OS, small, "-b", NULL);
	expect("a@2 -1@2 | -a", OS, small, "-a", NULL);
}

/* ---- the caller moving optind, the table changing ---- */

/* conntrack's way: an optional argument may be the next word. */
static void hook_conntrack(struct diff_ctl *c)
{
	int opt = c->ret == 'c' || c->ret == 'G' || c->ret == 'O';

	if (opt && !c->optarg && c->optind < c->argc &&
	    c->argv[c->optind][0] != '-')
		c->optind++;
}

/* Skip one word after every 'a' (also from inside a cluster). */
static void hook_skip(struct diff_ctl *c)
{
	if (c->ret == 'a' && c->optind < c->argc - c->midword)
		c->optind++;
}

/* Go back to word 1 after the first 'd' (if within the first calls). */
static void hook_back(struct diff_ctl *c)
{
	if (c->ret == 'd' && c->call < 3)
		c->optind = 1;
}

static void test_caller_moves_optind(void **state)
{
	(void)state;
	expect_hook("c@2 G@5#3 B@7#2 -1@6 | -c v --gamma w --beta x", OS, small,
		    hook_conntrack, "-c", "v", "x", "--gamma", "w", "--beta", NULL);
	expect_hook("1(x)@2 c@3 -1@4 | x -c v", "-c::", small, hook_conntrack,
		    "x", "-c", "v", NULL);
	expect_hook("a@1 b(-a)@4 -1@4 | -ab v -a x y", OS, small, hook_skip,
		    "-ab", "v", "-a", "x", "y", NULL);
	expect_hook("a@3 d@5 a@2 d@5 -1@3 | -a -d x y", OS, small, hook_back, "x", "-a", "y", "-d", NULL);
	expect_hook("d@3 d@3 d@3 d@3 a@5 -1@3 | -d -a x y", OS, small, hook_back, "x", "-d", "y", "-a", NULL);
}

/* A table that grows after -p, reallocated as conntrack does. */
struct grow {
	struct option *opts;
};

static void hook_grow(struct diff_ctl *c)
{
	struct grow *g = c->ctx;

	if (c->ret != 'p')
		return;
	g->opts = realloc(g->opts, sizeof(big));
	assert_non_null(g->opts);
	memcpy(g->opts, big, sizeof(big));
	c->opts = g->opts;
}

static void test_table_grows(void **state)
{
	char *argv[] = { "prog", "--sport=1", "-p", "tcp", "--sport", "2",
			 "--dport=3", "x", NULL };

	(void)state;
	for (int idx = 0; idx < 2; idx++) {
		struct grow g = { malloc(sizeof(small)) };

		assert_non_null(g.opts);
		memcpy(g.opts, small, sizeof(small));
		assert_true(run_argv(OS "p:", g.opts, hook_grow, &g, idx, 8, argv) >= 0);
		assert_string_equal(trace, "?@2!0 p(tcp)@4 s(2)@6#19 S(3)@7#20 -1@7 | "
				    "--sport=1 -p tcp --sport 2 --dport=3 x");
		free(g.opts);
	}
}

/* An index built for another table is not used. */
static void test_stale_index(void **state)
{
	char *argv[] = { "prog", "--sport=1", "--dup", NULL };
	struct optindex idx;
	struct optscan s;

	(void)state;
	assert_int_equal(optindex_build(&idx, big), 0);
	optscan_init(&s);
	assert_int_equal(optscan_next(&s, 3, argv, OS, small, &idx), '?');
	assert_int_equal(optscan_next(&s, 3, argv, OS, small, &idx), 'D');
	assert_int_equal(optscan_next(&s, 3, argv, OS, big, &idx), -1);
	optindex_free(&idx);
	assert_int_equal(optindex_build(&idx, NULL), 0);
	optindex_free(&idx);
}

/* Tables of many sizes (some filling the hash to its half exactly): the
 * index finds every name (the first of duplicates) and misses others. */
static void test_index_sizes(void **state)
{
	enum { N = 600 };
	static const int sizes[][2] = { { 0, 0 }, { 1, 0 }, { 7, 0 }, { 8, 0 },
		{ 9, 2 }, { 16, 0 }, { 16, 4 }, { 64, 0 }, { 600, 150 } };
	static struct option opts[N + 1];
	static char names[N][16];

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		int n = sizes[k][0], dups = sizes[k][1];
		struct optindex idx;

		for (int i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "o%d", i % (n - dups));
			opts[i] = (struct option){ names[i], i % 3, NULL, i };
		}
		opts[n] = (struct option){ NULL, 0, NULL, 0 };
		assert_int_equal(optindex_build(&idx, opts), 0);
		for (int i = 0; i <= n; i++) {
			char word[32], *argv[] = { "prog", word, "v", NULL };
			int first = i % (n - dups + (i == n));
			struct optscan s;

			/* i == n: "--nope", found nowhere. */
			snprintf(word, sizeof(word), "--%.15s", i < n ? names[i] : "nope");
			optscan_init(&s);
			assert_int_equal(optscan_next(&s, 3, argv, OS, opts, &idx),
					 i < n ? first : '?');
			assert_int_equal(s.longind, i < n ? first : -1);
		}
		optindex_free(&idx);
	}
}

/* Two names with the same FNV-1a hash and length. */
static void test_index_collision(void **state)
{
	static const struct option both[] = {
		{ "ggkecs", no_argument, NULL, 'g' },
		{ "upqaod", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	char *argv[] = { "prog", "--upqaod", "--ggkecs", NULL };
	struct optindex idx;
	struct optscan s;

	(void)state;
	assert_int_equal(optindex_build(&idx, both), 0);
	optscan_init(&s);
	assert_int_equal(optscan_next(&s, 3, argv, OS, both, &idx), 'u');
	assert_int_equal(optscan_next(&s, 3, argv, OS, both, &idx), 'g');
	optindex_free(&idx);
	/* Only the first in the table: the other is not taken for it. */
	assert_int_equal(optindex_build(&idx, both + 1), 0);
	optscan_init(&s);
	assert_int_equal(optscan_next(&s, 3, argv, OS, both + 1, &idx), 'u');
	assert_int_equal(optscan_next(&s, 3, argv, OS, both + 1, &idx), '?');
	optindex_free(&idx);
}

/* ---- random argvs ---- */

static const char *const alphabet[] = {
	"-a", "-b", "-bx", "-c", "-cv", "-d", "-ab", "-ac", "-ba", "-da", "-z",
	"-W", "-Wal", "-Walpha=1", "-Wbeta", "-:", "-;", "-\xe9", "-p",
	"--alpha", "--al", "--alph", "--alpha=1", "--alpine", "--beta",
	"--beta=3", "--be", "--b", "--gam", "--gamma", "--gammb", "--gamma=2",
	"--gamma-x", "--flag", "--fla", "--fl", "--fly=1", "--dup", "--du",
	"--d", "--delta=x", "--opt", "--o", "--optional=v", "--zero",
	"--sport", "--sport=1", "--nope", "--zet", "--zeta", "--et", "--=z", "--", "--", "-", "x", "!y",
	"alpha", "v", "",
};

static const char *const optstrings[] = {
	OS, ":" OS, "+" OS, "-" OS, "-:" OS "W;", "+:W;a", OS "W;p:", "",
	":", "-", "+", "\xe9" "a:", "a:;b::", "-+ab", "+-a:", "W:W;a",
};

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11) % n;
}

/* Now and then, move optind anywhere glibc can follow (inside a
 * cluster, the last word would make it read past argv). */
static void hook_random(struct diff_ctl *c)
{
	if (rnd(4) == 0)
		c->optind = (int)rnd((uint32_t)(c->argc + 1 - c->midword));
}

static void hook_switch(struct diff_ctl *c)
{
	if (rnd(3) == 0)
		c->opts = c->opts == small ? big : small;
	hook_conntrack(c);
}

static void test_random(void **state)
{
	static const struct option *const tables[] = { small, big, NULL, empty, one };
	static diff_hook *const hooks[] = { hook_random, hook_conntrack, hook_switch };
	static char pool[MAXW][16];
	char *argv[MAXW + 1];
	long calls = 0;
	int posix = 0;

	(void)state;
	for (int n = 0; n < 300000; n++) {
		const char *os = optstrings[rnd(sizeof(optstrings) / sizeof(*optstrings))];
		const struct option *t = tables[rnd(5)];
		int argc = 1 + (int)rnd(MAXW - 1), want_posix = rnd(8) == 0;
		int h = (int)rnd(6), idx = (int)rnd(2), r;

		strcpy(pool[0], "prog");
		argv[0] = pool[0];
		for (int i = 1; i < argc; i++) {
			strcpy(pool[i], alphabet[rnd(sizeof(alphabet) / sizeof(*alphabet))]);
			argv[i] = pool[i];
		}
		argv[argc] = NULL;
		if (want_posix != posix) {
			if (want_posix)
				setenv("POSIXLY_CORRECT", "", 1);
			else
				unsetenv("POSIXLY_CORRECT");
			posix = want_posix;
		}
		r = run_argv(os, t, h < 3 ? hooks[h] : NULL, NULL, idx, argc, argv);
		assert_true(r >= 0);
		calls += r;
	}
	unsetenv("POSIXLY_CORRECT");
	printf("random: 300000 argvs, %ld calls compared\n", calls);
}

int main(void)
{
	build_big();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permute),
		cmocka_unit_test(test_orderings),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_abbrev),
		cmocka_unit_test(test_w_semicolon),
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_caller_moves_optind),
		cmocka_unit_test(test_table_grows),
		cmocka_unit_test(test_stale_index),
		cmocka_unit_test(test_index_sizes),
		cmocka_unit_test(test_index_collision),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
