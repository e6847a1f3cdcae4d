/*
 * optscan_diff.h - run glibc's getopt_long() and optscan side by side on
 * one argv and report the first difference (used by test_optscan and
 * fuzz_optscan).
 */
#ifndef OPTSCAN_DIFF_H
#define OPTSCAN_DIFF_H

#include <stddef.h>

#include "optscan.h"

/* What a caller of getopt does between two calls (see diff_case.hook). */
struct diff_ctl {
	int call;			/* 0 after the first call */
	int argc;
	char **argv;			/* as permuted so far (do not change) */
	int ret;			/* the call's result, and its argument */
	const char *optarg;
	int optind;			/* may be changed: both sides get it */
	int midword;			/* the scan is inside "-abc" */
	const struct option *opts;	/* may be replaced for the next calls */
	void *ctx;
};

typedef void diff_hook(struct diff_ctl *c);

struct diff_case {
	const char *optstring;
	const struct option *opts;	/* may be NULL */
	int use_index;			/* give optscan an optindex */
	int argc;
	char **argv;		/* argv[0..argc), distinct strings, kept as is */
	int maxcalls;		/* stop after this many calls (or at -1) */
	diff_hook *hook;	/* called after every call but the last, or NULL */
	void *ctx;
	int *flagvar;		/* what the table's flag pointers point to */
};

/*
 * Reset glibc (optind = 0) and run both scans to -1 (or maxcalls),
 * comparing after every call the result, optarg (the same pointer, i.e.
 * the same element and offset), optind, optopt, longind, the flag and the
 * order of argv. Returns the number of calls made, or -1 after describing
 * the first difference on stderr. With trace, also writes a readable
 * trace of the calls ("a b(x)@3 ?!z -1@4 | -a -b x ...", see the .c).
 */
int diff_run(const struct diff_case *dc, char *trace, size_t tracelen);

#endif
