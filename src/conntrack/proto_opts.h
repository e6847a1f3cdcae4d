/*
 * proto_opts.h - the layer 4 protocols conntrack knows (-p): their
 * options, how each option sets the command, their legality tables and
 * their help text.
 */
#ifndef PROTO_OPTS_H
#define PROTO_OPTS_H

#include <getopt.h>
#include "cmd.h"

struct proto_desc {
	const char *name;
	uint8_t num;
	const struct option *longopts;	/* vals are local codes */
	/* Set what option code means, with argument arg. */
	void (*parse)(struct ct_cmd *cmd, int code, const char *arg);
	/* Legality check and finishing touches after all options. */
	void (*final)(struct ct_cmd *cmd);
	const char *help;
};

/* The handler for a -p argument: a known name (any case), a name from
 * /etc/protocols or a number; NULL when none fits. *num gets the number. */
const struct proto_desc *proto_find(const char *arg, int *num);

/* The handler used for protocols without one of their own. */
extern const struct proto_desc proto_unknown;

/* The name used in "Proto `X' help:". */
const char *proto_help_name(const struct proto_desc *p, int num);

#endif
