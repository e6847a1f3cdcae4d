/*
 * exec.h - running a parsed conntrack command against the kernel.
 */
#ifndef EXEC_H
#define EXEC_H

#include <stdbool.h>

#include "cmd.h"
#include "nlsock.h"
#include "obuf.h"
#include "opts.h"

/* Everything a command needs while it runs. */
struct exec_ctx {
	const char *progname;
	struct nlsock sock;		/* requests and dumps */
	struct nlsock mod;		/* changes made while a dump runs */
	struct obuf out;		/* stdout */
	struct parse_state ps;
	unsigned int output;		/* -o of the command running */
	unsigned long malformed;	/* kernel messages we could not parse */
	int counter;			/* entries shown/created/... */
	bool xml_open;			/* the XML header has been printed */
};

/* Open the sockets and the output buffer; exits on failure. */
void exec_init(struct exec_ctx *x, const char *progname);
void exec_done(struct exec_ctx *x);

/* Run cmd. Exits (die) on errors, as the reference does. */
void exec_command(struct exec_ctx *x, struct ct_cmd *cmd);

/* The "N flow entries have been ..." line for cmd. Returns the exit
 * status: 1 when a command that must act on something acted on nothing. */
int exec_summary(const struct exec_ctx *x, const struct ct_cmd *cmd);

/* Per-command executors (exec_*.c). */
void exec_list(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_get(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_create(struct exec_ctx *x, struct ct_cmd *cmd);
/* The -I/-A request for cmd (whose template it completes) in buf
 * (CT_MSG_MAX bytes). Returns 0, or -1 with errno. */
int create_request(struct ct_cmd *cmd, void *buf, uint32_t seq, bool ack);
void exec_delete(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_update(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_flush(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_count(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_stats(struct exec_ctx *x, struct ct_cmd *cmd);
void exec_usage(struct exec_ctx *x, struct ct_cmd *cmd);
/* The -E loop for any table: subscribe to grp, hand every message to cb
 * (cb NULL: conntrack entries), and on SIGINT/SIGTERM close the XML
 * root element if one was opened and print "N <what> have been shown.".
 * Never returns. */
void exec_event_loop(struct exec_ctx *x, struct ct_cmd *cmd, unsigned int grp,
		     mnl_cb_t cb, void *cb_data, const char *xml_root,
		     const char *what) __attribute__((noreturn));
/* The event groups -e asks for, given the table's new/update/destroy
 * groups (all three without -e). */
unsigned int exec_event_groups(const struct ct_cmd *cmd, unsigned int new,
			       unsigned int update, unsigned int destroy);
/* One "cpu=N\tname=value ..." line of -S (names[type], types up to max). */
int exec_cpu_stats(struct exec_ctx *x, const struct nlmsghdr *nlh,
		   const char *const *names, unsigned int max);
/* Expectation table commands (exec_expect.c). */
void exec_expect(struct exec_ctx *x, struct ct_cmd *cmd);
/* -E: never returns; exits 0 on SIGINT/SIGTERM after the summary. */
void exec_event(struct exec_ctx *x, struct ct_cmd *cmd)
	__attribute__((noreturn));

/* Shared helpers (exec.c). */
enum print_mode { PRINT_LIST, PRINT_DELETE, PRINT_UPDATE };
void exec_print(struct exec_ctx *x, const struct ct_entry *ct, enum print_mode m);
/* The user-space filter of cmd; networks: also --mask-src/--mask-dst
 * (checked here, when the command runs, as in the reference). */
void exec_filter(const struct ct_cmd *cmd, struct ct_filter *f, bool networks);
void exec_open_mod(struct exec_ctx *x);
/* die() with "Operation failed: <errno in kind's words>", status 1. */
void exec_fail(enum cmd_kind kind) __attribute__((noreturn));
/* The kernel side of a dump's filter: mark and status, as 1.4.7 asks. */
struct nlmsghdr;
void exec_dump_filter(struct nlmsghdr *nlh, const struct ct_cmd *cmd);
/* Dump the table (type: IPCTNL_MSG_CT_GET or _GET_CTRZERO) for cmd into
 * cb; kernel_filter: let the kernel apply what it can of cmd and f (see
 * exec_dump.c), which may take one dump per family. Exits on failure. */
void exec_dump(struct exec_ctx *x, const struct ct_cmd *cmd,
	       const struct ct_filter *f, uint8_t type, bool kernel_filter,
	       mnl_cb_t cb, void *data);

#endif
