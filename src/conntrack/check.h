/*
 * check.h - which options each command accepts, requires or forbids.
 */
#ifndef CHECK_H
#define CHECK_H

#include "cmd.h"

/*
 * A legality row: one character per option column, '0' forbidden,
 * '1' required, '2' optional, '3' part of a pair of which one full pair
 * (original or reply) is required. A shorter row is padded with '0'.
 */
struct opt_pairs {
	unsigned int pair[2];		/* the two coupled option sets */
	const char *missing[2];		/* message when pair i is partial */
};

/*
 * Check the options given (bits of ncols columns, named names[]) against
 * row. Exits with status 2 and the reference's message on the first
 * forbidden or missing option, or when a '3' pair is incomplete.
 */
void check_options(unsigned int given, unsigned int ncols, const char *row,
		   const char *const *names, const struct opt_pairs *pairs);

/* The main table: the row of command kind. */
const char *check_main_row(enum cmd_kind kind);
extern const char *const check_main_names[OPT_MAX];
extern const struct opt_pairs check_main_pairs;

#endif
