/*
 * cmd.h - the command description conntrack's option parser produces and
 * its executors consume. Command and option numbering follows the
 * reference tool's legality table (see check.c), so that errors about
 * illegal combinations come out the same.
 */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct.h"
#include "ct_filter.h"

enum cmd_kind {
	CMD_LIST, CMD_CREATE, CMD_UPDATE, CMD_DELETE, CMD_GET, CMD_FLUSH,
	CMD_EVENT, CMD_VERSION, CMD_HELP, CMD_EXP_LIST, CMD_EXP_CREATE,
	CMD_EXP_DELETE, CMD_EXP_GET, CMD_EXP_FLUSH, CMD_EXP_EVENT, CMD_COUNT,
	CMD_EXP_COUNT, CMD_STATS, CMD_EXP_STATS, CMD_ADD,
	CMD_NONE,		/* no command given */
	CMD_MAX = CMD_NONE
};

/* Options, one bit each, in the legality table's column order. */
enum cmd_opt {
	OPT_SRC, OPT_DST, OPT_REPL_SRC, OPT_REPL_DST, OPT_PROTO, OPT_TIMEOUT,
	OPT_STATUS, OPT_ZERO, OPT_EVENT_MASK, OPT_TUPLE_SRC, OPT_TUPLE_DST,
	OPT_MASK_SRC, OPT_MASK_DST, OPT_NATRANGE, OPT_MARK, OPT_ID, OPT_FAMILY,
	OPT_SRC_NAT, OPT_DST_NAT, OPT_OUTPUT, OPT_SECMARK, OPT_BUFFERSIZE,
	OPT_ANY_NAT, OPT_ZONE, OPT_LABEL, OPT_ADD_LABEL, OPT_DEL_LABEL,
	OPT_ORIG_ZONE, OPT_REPL_ZONE,
	OPT_MAX
};

#define OPTB(o) (1u << (o))
#define OPTS_ORIG (OPTB(OPT_SRC) | OPTB(OPT_DST))
#define OPTS_REPL (OPTB(OPT_REPL_SRC) | OPTB(OPT_REPL_DST))
/* Options that make -L/-D compare entries against the template. */
#define OPTS_COMPARISON (OPTB(OPT_PROTO) | OPTS_ORIG | OPTS_REPL | \
	OPTB(OPT_MARK) | OPTB(OPT_SECMARK) | OPTB(OPT_STATUS) | OPTB(OPT_ID) | \
	OPTB(OPT_ZONE) | OPTB(OPT_LABEL) | OPTB(OPT_ORIG_ZONE) | \
	OPTB(OPT_REPL_ZONE))

enum ct_table { TABLE_CONNTRACK, TABLE_EXPECT, TABLE_DYING, TABLE_UNCONFIRMED };

/* -o flags */
enum {
	OUT_XML = 1 << 0, OUT_EXTENDED = 1 << 1, OUT_TIMESTAMP = 1 << 2,
	OUT_ID = 1 << 3, OUT_KTIMESTAMP = 1 << 4, OUT_LABELS = 1 << 5,
	OUT_USERSPACE = 1 << 6, OUT_SAVE = 1 << 7, OUT_JSON = 1 << 8,
};

/* -e flags */
enum { EV_NEW = 1 << 0, EV_UPDATE = 1 << 1, EV_DESTROY = 1 << 2,
       EV_ALL = EV_NEW | EV_UPDATE | EV_DESTROY };

struct proto_desc;

struct ct_cmd {
	enum cmd_kind kind;
	enum ct_table table;
	unsigned int options;		/* OPTB(OPT_*) */
	unsigned int l4flags;		/* protocol options given (proto_opts.c) */
	int family;			/* AF_UNSPEC, AF_INET, AF_INET6 */
	int protonum;
	const struct proto_desc *proto;	/* handler of -p, NULL if none */
	unsigned int output;		/* OUT_* */
	unsigned int event_mask;	/* EV_* */
	size_t bufsize;			/* -b */

	struct ct_entry tmpl;		/* what -s/-d/... set */
	struct ct_entry mask;		/* --mask-src/--mask-dst and CIDR masks */
	struct ct_entry exptuple;	/* --tuple-src/--tuple-dst */

	uint32_t mark_value, mark_mask;	/* -m VALUE[/MASK] */
	bool kernel_mark;		/* -m given: filter marks in the kernel */
	uint32_t status_value, status_mask;	/* -u, for the kernel filter */

	bool have_label;		/* -l */
	uint32_t label[CT_LABEL_WORDS];
	unsigned int label_max;		/* highest bit named in -l */
	bool have_label_mod;		/* --label-add / --label-del NAME */
	uint32_t label_mod[CT_LABEL_WORDS];
	unsigned int label_mod_max;
	bool src_poisoned;		/* -j ADDR clobbered the source (see opts.c) */
};

#endif
