/*
 * optscan.c - getopt_long() as glibc 2.36 behaves, with the state in a
 * struct optscan and an optional hash index for exact long names.
 *
 * Every observable effect (return value, optarg, optind, optopt, longind,
 * flag writes, the order argv is left in) follows glibc, including its
 * corners: bytes >= 0x80 are returned as negative values (plain char, so
 * "-\xff" ends the scan), "-W foo" means "--foo" when optstring has "W;",
 * an ambiguous or unknown long option sets optopt to 0, and optopt is
 * only written on errors. tests/unit/test_optscan.c checks it all against
 * glibc itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "optscan.h"

/* How operands (non-option words) are treated. */
enum {
	ORD_PERMUTE,	/* skip them, move them behind the options at the end */
	ORD_REQUIRE,	/* stop at the first one ('+' or POSIXLY_CORRECT) */
	ORD_RETURN,	/* hand each one back as option 1 ('-') */
};

/* One name of the index: its hash and length, checked before the name
 * itself is compared (in the table, which may thus not have moved). */
struct optslot {
	uint32_t hash;
	int index;		/* -1: empty slot */
	size_t len;
};

void optscan_init(struct optscan *s)
{
	memset(s, 0, sizeof(*s));
	s->optind = 1;
	s->longind = -1;
}

/* ---- the exact-name index ---- */

/* FNV-1a over len bytes. */
static uint32_t name_hash(const char *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

int optindex_build(struct optindex *idx, const struct option *longopts)
{
	size_t n = 0, cap = 8;

	idx->opts = NULL;
	idx->slots = NULL;
	idx->mask = 0;
	while (longopts && longopts[n].name)
		n++;
	while (cap < 2 * n)	/* at most half full: a probe always ends */
		cap *= 2;
	idx->slots = malloc(cap * sizeof(*idx->slots));
	if (!idx->slots)
		return -1;
	for (size_t i = 0; i < cap; i++)
		idx->slots[i].index = -1;
	idx->mask = cap - 1;

	for (size_t i = 0; i < n; i++) {
		const char *name = longopts[i].name;
		size_t len = strlen(name);
		uint32_t h = name_hash(name, len);
		struct optslot *sl;

		/* A later duplicate is never found by getopt: keep the first. */
		for (size_t j = h & idx->mask;; j = (j + 1) & idx->mask) {
			sl = &idx->slots[j];
			if (sl->index < 0 || (sl->hash == h && sl->len == len &&
			    memcmp(longopts[sl->index].name, name, len) == 0))
				break;
		}
		if (sl->index < 0) {
			sl->hash = h;
			sl->len = len;
			sl->index = (int)i;
		}
	}
	idx->opts = longopts;
	return 0;
}

void optindex_free(struct optindex *idx)
{
	free(idx->slots);
	idx->slots = NULL;
	idx->opts = NULL;
}

/* ---- long options ---- */

/* First entry named exactly key[0..len), or -1. */
static int find_exact(const struct option *opts, const struct optindex *idx,
		      const char *key, size_t len)
{
	if (idx && idx->slots && idx->opts == opts) {
		uint32_t h = name_hash(key, len);

		for (size_t j = h & idx->mask;; j = (j + 1) & idx->mask) {
			const struct optslot *sl = &idx->slots[j];

			if (sl->index < 0)
				return -1;
			if (sl->hash == h && sl->len == len &&
			    memcmp(opts[sl->index].name, key, len) == 0)
				return sl->index;
		}
	}
	for (int i = 0; opts[i].name; i++)
		if (strlen(opts[i].name) == len && memcmp(opts[i].name, key, len) == 0)
			return i;
	return -1;
}

/*
 * First entry whose name starts with key[0..len), or -1. Several such
 * entries are fine when all of them return the same thing (same has_arg,
 * flag and val: duplicates, aliases); otherwise *ambiguous is set.
 */
static int find_prefix(const struct option *opts, const char *key, size_t len,
		       int *ambiguous)
{
	int first = -1;

	*ambiguous = 0;
	for (int i = 0; opts[i].name; i++) {
		const struct option *o = &opts[i];

		if (strncmp(o->name, key, len) != 0)
			continue;
		if (first < 0)
			first = i;
		else if (o->has_arg != opts[first].has_arg ||
			 o->flag != opts[first].flag || o->val != opts[first].val)
			*ambiguous = 1;
	}
	return first;
}

/*
 * The long option at s->nextchar ("name" or "name=value"); s->optind is
 * still on its word, which is consumed whatever the outcome.
 */
static int long_option(struct optscan *s, int argc, char **argv,
		       const char *optstring, const struct option *opts,
		       const struct optindex *idx)
{
	char *key = s->nextchar;
	size_t len = strcspn(key, "=");
	const struct option *o;
	int i, ambiguous = 0;

	s->nextchar = NULL;
	s->optind++;
	i = find_exact(opts, idx, key, len);
	if (i < 0)
		i = find_prefix(opts, key, len, &ambiguous);
	if (i < 0 || ambiguous) {
		s->optopt = 0;
		return '?';
	}
	o = &opts[i];
	if (key[len] == '=') {
		/* Any non-zero has_arg takes "=value", not only 1 and 2. */
		if (!o->has_arg) {
			s->optopt = o->val;
			return '?';
		}
		s->optarg = key + len + 1;
	} else if (o->has_arg == 1) {
		/* Required: the next word, whatever it looks like. */
		if (s->optind < 0 || s->optind >= argc) {
			s->optopt = o->val;
			return optstring[0] == ':' ? ':' : '?';
		}
		s->optarg = argv[s->optind++];
	}
	s->longind = i;
	if (o->flag) {
		*o->flag = o->val;
		return 0;
	}
	return o->val;
}

/* ---- short options ---- */

/* Missing argument: ':' when optstring (past any '+'/'-') starts with it. */
static int missing(struct optscan *s, const char *optstring, char c)
{
	s->optopt = c;
	return optstring[0] == ':' ? ':' : '?';
}

/* The next character of a cluster ("-abc", "-ovalue"). */
static int short_option(struct optscan *s, int argc, char **argv,
			const char *optstring, const struct option *opts,
			const struct optindex *idx)
{
	/* Plain char, as glibc: a byte >= 0x80 comes back negative. */
	char c = *s->nextchar++;
	const char *spec = strchr(optstring, c);
	int at_end = *s->nextchar == '\0';
	int no_next = s->optind + at_end < 0 || s->optind + at_end >= argc;

	/* The word is left as soon as its last character is taken. */
	if (at_end)
		s->optind++;
	if (!spec || c == ':' || c == ';') {
		s->optopt = c;
		return '?';
	}
	if (spec[0] == 'W' && spec[1] == ';' && opts) {
		/* "-Wname" or "-W name" is "--name"; the word is not consumed
		 * here but by long_option(). */
		if (at_end) {
			if (no_next)
				return missing(s, optstring, c);
			s->nextchar = argv[s->optind];
		}
		return long_option(s, argc, argv, optstring, opts, idx);
	}
	if (spec[1] != ':')
		return c;
	if (!at_end) {
		/* Rest of the word is the argument (optional or not). */
		s->optarg = s->nextchar;
		s->optind++;
	} else if (spec[2] != ':') {
		/* Required: the next word, even "--" or "-x". */
		if (no_next) {
			s->nextchar = NULL;
			return missing(s, optstring, c);
		}
		s->optarg = argv[s->optind++];
	}
	s->nextchar = NULL;
	return c;
}

/* ---- moving through argv ---- */

static int is_operand(const char *w)
{
	return w[0] != '-' || w[1] == '\0';
}

static void reverse(char **argv, int lo, int hi)
{
	while (lo < --hi) {
		char *t = argv[lo];

		argv[lo++] = argv[hi];
		argv[hi] = t;
	}
}

/*
 * Options were found after skipped operands: rotate argv so that the
 * options [last_nonopt, optind) come before the operands
 * [first_nonopt, last_nonopt), each keeping its order.
 */
static void hoist_options(struct optscan *s, char **argv)
{
	if (s->first_nonopt < s->last_nonopt && s->last_nonopt < s->optind) {
		reverse(argv, s->first_nonopt, s->last_nonopt);
		reverse(argv, s->last_nonopt, s->optind);
		reverse(argv, s->first_nonopt, s->optind);
	}
	s->first_nonopt += s->optind - s->last_nonopt;
	s->last_nonopt = s->optind;
}

/*
 * Find the next option word. Returns 1 with s->optind on it, or 0 with
 * *ret the value to return (-1 at the end, 1 for an operand in ORD_RETURN).
 */
static int next_word(struct optscan *s, int argc, char **argv, int *ret)
{
	*ret = -1;
	if (s->optind < 0 || s->optind > argc)
		return 0;	/* glibc would read outside argv */
	/* The caller may have moved optind back. */
	if (s->last_nonopt > s->optind)
		s->last_nonopt = s->optind;
	if (s->first_nonopt > s->optind)
		s->first_nonopt = s->optind;

	if (s->ordering == ORD_PERMUTE) {
		if (s->first_nonopt != s->last_nonopt && s->last_nonopt != s->optind)
			hoist_options(s, argv);
		else if (s->last_nonopt != s->optind)
			s->first_nonopt = s->optind;
		while (s->optind < argc && is_operand(argv[s->optind]))
			s->optind++;
		s->last_nonopt = s->optind;
	}

	if (s->optind < argc && strcmp(argv[s->optind], "--") == 0) {
		/* "--" counts as an option (it goes before the operands
		 * skipped so far); everything after it is an operand. */
		s->optind++;
		if (s->first_nonopt != s->last_nonopt && s->last_nonopt != s->optind)
			hoist_options(s, argv);
		else if (s->first_nonopt == s->last_nonopt)
			s->first_nonopt = s->optind;
		s->last_nonopt = argc;
		s->optind = argc;
	}

	if (s->optind == argc) {
		/* Done: optind goes back to the operands moved to the end. */
		if (s->first_nonopt != s->last_nonopt)
			s->optind = s->first_nonopt;
		return 0;
	}
	if (is_operand(argv[s->optind])) {
		if (s->ordering == ORD_REQUIRE)
			return 0;
		s->optarg = argv[s->optind++];
		*ret = 1;
		return 0;
	}
	return 1;
}

/* A new scan: its ordering comes from optstring's first character. */
static const char *scan_start(struct optscan *s, const char *optstring)
{
	if (s->optind == 0)
		s->optind = 1;
	s->first_nonopt = s->last_nonopt = s->optind;
	s->nextchar = NULL;
	if (optstring[0] == '-')
		s->ordering = ORD_RETURN;
	else if (optstring[0] == '+')
		s->ordering = ORD_REQUIRE;
	else if (getenv("POSIXLY_CORRECT"))
		s->ordering = ORD_REQUIRE;
	else
		s->ordering = ORD_PERMUTE;
	s->initialized = 1;
	return optstring + (optstring[0] == '-' || optstring[0] == '+');
}

int optscan_next(struct optscan *s, int argc, char **argv,
		 const char *optstring, const struct option *longopts,
		 const struct optindex *idx)
{
	int ret;

	if (argc < 1)
		return -1;	/* before anything, even optarg = NULL */
	s->optarg = NULL;
	/* Every call drops one leading '+' or '-', whatever the ordering
	 * chosen at the start was. */
	if (s->optind == 0 || !s->initialized)
		optstring = scan_start(s, optstring);
	else if (optstring[0] == '-' || optstring[0] == '+')
		optstring++;

	if (!s->nextchar || !*s->nextchar) {
		char *w;

		if (!next_word(s, argc, argv, &ret))
			return ret;
		w = argv[s->optind];
		if (longopts && w[1] == '-') {
			s->nextchar = w + 2;
			return long_option(s, argc, argv, optstring, longopts, idx);
		}
		s->nextchar = w + 1;
	}
	return short_option(s, argc, argv, optstring, longopts, idx);
}
