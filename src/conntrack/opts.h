/*
 * opts.h - conntrack's command line -> struct ct_cmd.
 */
#ifndef OPTS_H
#define OPTS_H

#include <stdbool.h>
#include <stdlib.h>

#include "cmd.h"

struct nfct_labelmap;

/*
 * What outlives one command line: with -R every line is parsed in turn;
 * the label map and, as in the reference, the last -p protocol carry over
 * from one line to the next. -o is per line (cmd->output).
 */
struct optcache;

struct parse_state {
	unsigned int output;
	struct nfct_labelmap *labels;
	char *labelmap_path;		/* --labelmap (owned), else the default */
	const struct proto_desc *proto;
	struct optcache *optcache;	/* option tables, kept between lines */
	bool quiet;			/* no warnings: -R's second parse */
};

/*
 * Parse argv (argv[0] is the program name) into cmd, which is cleared
 * first. Exits with the reference's message and status (2 for bad
 * parameters, 1 for the few "other" problems) on any error.
 */
void opts_parse(struct ct_cmd *cmd, struct parse_state *ps, int argc, char **argv);

/* Open the label map (--labelmap FILE, else /etc/xtables/connlabel.conf)
 * if not yet open; reports failure on stderr as the reference does and
 * leaves ps->labels NULL. */
void opts_labelmap(struct parse_state *ps);

/* Free what the parse state owns. */
void opts_state_free(struct parse_state *ps);

/* atol(s), quick when s is 1 to 9 plain digits (ports, timeouts: every
 * line of a -R file has several); the same result in every case. */
static inline long opts_atol(const char *s)
{
	long v = 0;
	int i = 0;

	while (s[i] >= '0' && s[i] <= '9' && i < 10)
		v = v * 10 + (s[i++] - '0');
	if (s[i] == '\0' && i >= 1 && i <= 9)
		return v;
	return atol(s);
}

#endif
