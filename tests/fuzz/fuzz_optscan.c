/*
 * fuzz_optscan.c - libFuzzer harness: optscan_next() against glibc's
 * getopt_long() on fuzzer-built optstrings, long option tables and argvs
 * (the comparison is tests/unit/optscan_diff.c).
 *
 * Input: byte 0 = control (bit 0: give optscan an index, bit 1: set
 * POSIXLY_CORRECT, bit 2: no table, bits 3-4: what the caller does between
 * calls: nothing / move optind at random / take a following word as an
 * optional argument / switch to the table's first half and back), then
 * '\n'-separated parts: the optstring, the table, the words of argv.
 * Table entries are ','-separated: one attribute byte (has_arg = bits
 * 0-1, bit 2: flag pointer, bits 3-7: val) then the name (may be empty).
 * Every string is its own heap block, so an overread is caught by ASan.
 *
 * Build and run: tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optscan_diff.h"

#define MAX_WORDS 64
#define MAX_OPTS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int flagvar;

struct fctx {
	uint32_t rng;
	const struct option *full, *half;
};

static uint32_t rnd(struct fctx *f, uint32_t n)
{
	f->rng = f->rng * 1103515245u + 12345u;
	return (f->rng >> 8) % n;
}

/* Anywhere glibc can follow: inside a cluster, not the last word. */
static void hook_random(struct diff_ctl *c)
{
	struct fctx *f = c->ctx;

	if (rnd(f, 4) == 0)
		c->optind = (int)rnd(f, (uint32_t)(c->argc + 1 - c->midword));
}

/* conntrack's way with optional arguments given as the next word. */
static void hook_next_word(struct diff_ctl *c)
{
	if (c->ret != '?' && c->ret != ':' && !c->optarg && !c->midword &&
	    c->optind < c->argc && c->argv[c->optind][0] != '-')
		c->optind++;
}

static void hook_switch(struct diff_ctl *c)
{
	struct fctx *f = c->ctx;

	if (rnd(f, 3) == 0)
		c->opts = c->opts == f->full ? f->half : f->full;
}

static char *dup_part(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Table entries from "a1name,a2name,...": see the top comment. */
static int parse_table(const char *spec, struct option *opts, char **names)
{
	int n = 0;

	while (*spec && n < MAX_OPTS) {
		size_t len = strcspn(spec, ",");
		uint8_t a = (uint8_t)spec[0];
		int v = a >> 3;

		if (len > 0) {
			names[n] = dup_part((const uint8_t *)spec + 1, len - 1);
			opts[n].name = names[n];
			opts[n].has_arg = a & 3;
			opts[n].flag = a & 4 ? &flagvar : NULL;
			/* A few special results, then letters. */
			opts[n].val = v == 0 ? 0 : v == 1 ? '?' : v == 2 ? ':' :
				      v == 3 ? -1 : 'A' + v;
			n++;
		}
		spec += len + (spec[len] == ',');
	}
	memset(&opts[n], 0, sizeof(opts[n]));
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static diff_hook *const hooks[] = { NULL, hook_random, hook_next_word,
					    hook_switch };
	struct option opts[MAX_OPTS + 1], half[MAX_OPTS + 1];
	char *names[MAX_OPTS], *parts[MAX_WORDS + 2], *argv[MAX_WORDS + 2];
	size_t pos = 1;
	int nparts = 0, nopts, argc = 0;
	struct fctx f;
	uint8_t ctl;

	if (size < 1)
		return 0;
	ctl = data[0];
	while (pos <= size && nparts < MAX_WORDS + 2) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) : size - pos;

		parts[nparts++] = dup_part(data + pos, len);
		pos += len + 1;
	}
	while (nparts < 2)
		parts[nparts++] = dup_part(data, 0);
	nopts = parse_table(parts[1], opts, names);
	memcpy(half, opts, sizeof(opts));
	memset(&half[nopts / 2], 0, sizeof(half[0]));

	argv[argc++] = "prog";
	for (int i = 2; i < nparts; i++)
		argv[argc++] = parts[i];
	argv[argc] = NULL;

	if (ctl & 2)
		setenv("POSIXLY_CORRECT", "1", 1);
	else
		unsetenv("POSIXLY_CORRECT");
	f.rng = (uint32_t)size * 2654435761u ^ ctl;
	f.full = opts;
	f.half = half;

	struct diff_case dc = {
		.optstring = parts[0], .opts = ctl & 4 ? NULL : opts,
		.use_index = ctl & 1, .argc = argc, .argv = argv,
		.maxcalls = 4 * argc + 16, .hook = hooks[(ctl >> 3) & 3],
		.ctx = &f, .flagvar = &flagvar,
	};
	if (dc.hook == hook_switch && !dc.opts)
		dc.hook = NULL;
	if (diff_run(&dc, NULL, 0) < 0) {
		fprintf(stderr, "invariant broken: optscan differs from glibc\n");
		abort();
	}

	for (int i = 0; i < nopts; i++)
		free(names[i]);
	for (int i = 0; i < nparts; i++)
		free(parts[i]);
	return 0;
}
