/*
 * optscan.h - a reentrant getopt_long(): glibc's results, state in a struct.
 */
#ifndef OPTSCAN_H
#define OPTSCAN_H

#include <getopt.h>
#include <stddef.h>

/*
 * One scan of an argv. The public fields play the parts of glibc's
 * globals: the caller may read them after every call and may change
 * optind between calls (0 restarts the scan, as with glibc), within
 * 0..argc (0..argc - 1 while inside a cluster "-abc"). Beyond that glibc
 * reads outside argv; optscan stops (-1) or reports a missing argument.
 */
struct optscan {
	int optind;		/* next element to scan; after -1 the first operand */
	char *optarg;		/* the option's argument (NULL if none) */
	int optopt;		/* the option behind the last error ('?' or ':'):
				 * its character or val, 0 for an unknown or
				 * ambiguous long option */
	int longind;		/* table index of the last long option returned */

	/* Private: where the scan stands (see optscan.c). */
	char *nextchar;		/* rest of a cluster of short options */
	int first_nonopt;	/* operands skipped so far: [first, last) */
	int last_nonopt;
	int ordering;		/* permute, stop at operands or return them */
	int initialized;
};

/*
 * Exact-name index of a long option table: an open-addressing hash of the
 * names, each giving the first entry with that name. Build it again after
 * every change of the table, in place or not: it is ignored when handed
 * another table than the one it was built for, but cannot see a change
 * made at the same address.
 */
struct optindex {
	const struct option *opts;
	struct optslot *slots;
	size_t mask;		/* slot count - 1 (a power of two) */
};

/* Ready for a first call: optind 1, optarg NULL, optopt 0, longind -1.
 * The ordering is chosen (and POSIXLY_CORRECT read) by that first call,
 * and again by any call made with optind 0. */
void optscan_init(struct optscan *s);

/*
 * getopt_long(argc, argv, optstring, longopts, &s->longind) with s for
 * state, never printing anything (as with opterr = 0). argv is permuted
 * as glibc does. idx (or NULL) speeds up finding an exact long name.
 */
int optscan_next(struct optscan *s, int argc, char **argv,
		 const char *optstring, const struct option *longopts,
		 const struct optindex *idx);

/* Build idx for longopts (may be NULL). 0, or -1 with errno ENOMEM (idx
 * is then empty: ignored by optscan_next, fine to free). */
int optindex_build(struct optindex *idx, const struct option *longopts);
void optindex_free(struct optindex *idx);

#endif
