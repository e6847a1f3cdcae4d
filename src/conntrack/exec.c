/*
 * exec.c - dispatching a command, printing entries, the summary line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "config.h"
#include "exec.h"
#include "fmt.h"
#include "report.h"

/* stdout is written in large chunks; a dump never holds more than this. */
#define OUT_BUFSIZE (1024 * 1024)

void exec_init(struct exec_ctx *x, const char *progname)
{
	memset(x, 0, sizeof(*x));
	x->progname = progname;
	if (ob_init(&x->out, STDOUT_FILENO, OUT_BUFSIZE) < 0)
		die(EXIT_OTHER, "out of memory");
	report_set_stdout(&x->out);
	if (nls_open(&x->sock, 0) < 0) {
		perror("mnl_socket_open");
		die(EXIT_OTHER, "Can't open handler");
	}
}

void exec_open_mod(struct exec_ctx *x)
{
	if (x->mod.nl)
		return;
	if (nls_open(&x->mod, 0) < 0) {
		perror("mnl_socket_open");
		die(EXIT_OTHER, "Can't open handler");
	}
}

void exec_fail(enum cmd_kind kind)
{
	die(EXIT_OTHER, "Operation failed: %s", err_text(errno, kind));
}

void exec_done(struct exec_ctx *x)
{
	ob_flush(&x->out);
	if (x->malformed)
		fprintf(stderr, "%s: %lu malformed messages from the kernel were "
			"skipped.\n", CT_PROGNAME, x->malformed);
	ob_free(&x->out);
	report_set_stdout(NULL);
	nls_close(&x->sock);
	nls_close(&x->mod);
	opts_state_free(&x->ps);
}

void exec_print(struct exec_ctx *x, const struct ct_entry *ct, enum print_mode m)
{
	static const enum fmt_msg save_as[] = {
		[PRINT_LIST] = FMT_MSG_NEW, [PRINT_DELETE] = FMT_MSG_DESTROY,
		[PRINT_UPDATE] = FMT_MSG_NEW,
	};
	unsigned int out = x->output;
	struct fmt_ctx fc = { 0, NULL, 0 };

	if (out & OUT_SAVE) {
		if (fmt_save(&x->out, ct, save_as[m]) < 0) {
			ob_flush(&x->out);
			fprintf(stderr, "WARNING: unsupported l3proto %d, skipping.\n",
				ct->orig.l3 ? ct->orig.l3 : ct->repl.l3);
		}
		ob_chr(&x->out, '\n');
		return;
	}
	if (out & OUT_EXTENDED)
		fc.flags |= FMT_F_EXTENDED;
	if (out & OUT_ID)
		fc.flags |= FMT_F_ID;
	/* What each path of the reference passes on: kernel timestamps
	 * only when listing, labels except when deleting. */
	if (m == PRINT_LIST && (out & OUT_KTIMESTAMP))
		fc.flags |= FMT_F_KTIMESTAMP;
	if (m != PRINT_DELETE)
		fc.labels = x->ps.labels;
	if (out & OUT_JSON) {
		struct fmt_json_extra ex = { 0 };

		/* JSON is ours alone: every field it has, in every command. */
		if (out & OUT_KTIMESTAMP)
			fc.flags |= FMT_F_KTIMESTAMP;
		fc.labels = x->ps.labels;
		ex.labels = fc.labels || (out & OUT_LABELS);
		fmt_json(&x->out, ct, FMT_MSG_NONE, &fc, &ex);
	} else if (out & OUT_XML) {
		if (m == PRINT_LIST && !x->xml_open) {
			x->xml_open = true;
			ob_str(&x->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			       "<conntrack>\n");
		}
		fmt_xml(&x->out, ct, FMT_MSG_NONE, &fc);
	} else {
		fmt_default(&x->out, ct, FMT_MSG_NONE, &fc);
	}
	ob_chr(&x->out, '\n');
}

/* The --mask-src/--mask-dst part, below. */
static void filter_networks(const struct ct_cmd *cmd, struct ct_filter *f);

void exec_filter(const struct ct_cmd *cmd, struct ct_filter *f, bool networks)
{
	unsigned int o = cmd->options;

	memset(f, 0, sizeof(*f));
	f->cmp = (o & OPTS_COMPARISON) != 0;
	f->cmp_poisoned = cmd->src_poisoned;
	f->tmpl = cmd->tmpl;
	f->mark = (o & OPTB(OPT_MARK)) != 0;
	f->mark_value = cmd->mark_value;
	f->mark_mask = cmd->mark_mask;
	f->labels = cmd->have_label;
	memcpy(f->label_bits, cmd->label, sizeof(f->label_bits));
	f->snat = (o & OPTB(OPT_SRC_NAT)) != 0;
	f->dnat = (o & OPTB(OPT_DST_NAT)) != 0;
	f->any_nat = (o & OPTB(OPT_ANY_NAT)) != 0;
	f->family = (uint8_t)cmd->family;
	if (networks)
		filter_networks(cmd, f);
}

/* The --mask-src/--mask-dst part of a filter. */
static void filter_networks(const struct ct_cmd *cmd, struct ct_filter *f)
{
	/* (opts.c made sure each mask comes with its address) */
	static const struct { enum cmd_opt mask; } dirs[2] = {
		{ OPT_MASK_SRC }, { OPT_MASK_DST },
	};

	for (int d = 0; d < 2; d++) {
		struct ct_netmask *n = d ? &f->dst : &f->src;
		const union ct_addr *a = d ? &cmd->tmpl.orig.dst : &cmd->tmpl.orig.src;
		const union ct_addr *m = d ? &cmd->mask.orig.dst : &cmd->mask.orig.src;

		if (!(cmd->options & OPTB(dirs[d].mask)))
			continue;
		for (int i = 0; i < 4; i++) {
			n->mask.v6[i] = m->v6[i];
			n->net.v6[i] = a->v6[i] & m->v6[i];
		}
		if (cmd->family == AF_INET)
			for (int i = 1; i < 4; i++)
				n->mask.v6[i] = n->net.v6[i] = 0;
		/* The prefix replaces the exact address in the comparison. */
		ct_unset(&f->tmpl, d ? CTF_ORIG_DST : CTF_ORIG_SRC);
		if (d)
			f->net_dst = true;
		else
			f->net_src = true;
	}
}


static void version(struct exec_ctx *x)
{
	ob_printf(&x->out, "%s v%s (conntrack-tools)\n", CT_PROGNAME, CT_VERSION);
}


void exec_command(struct exec_ctx *x, struct ct_cmd *cmd)
{
	x->output = cmd->output;
	switch (cmd->kind) {
	case CMD_LIST: exec_list(x, cmd); break;
	case CMD_GET: exec_get(x, cmd); break;
	case CMD_CREATE: case CMD_ADD: exec_create(x, cmd); break;
	case CMD_DELETE: exec_delete(x, cmd); break;
	case CMD_UPDATE: exec_update(x, cmd); break;
	case CMD_FLUSH: exec_flush(x, cmd); break;
	case CMD_COUNT: exec_count(x, cmd); break;
	case CMD_STATS: exec_stats(x, cmd); break;
	case CMD_VERSION: version(x); break;
	case CMD_HELP: case CMD_NONE: exec_usage(x, cmd); break;
	case CMD_EVENT: exec_event(x, cmd); break;
	case CMD_EXP_LIST: case CMD_EXP_GET: case CMD_EXP_DELETE:
	case CMD_EXP_CREATE: case CMD_EXP_FLUSH: case CMD_EXP_COUNT:
	case CMD_EXP_STATS: case CMD_EXP_EVENT:
		exec_expect(x, cmd);
		break;
	default:
		die(EXIT_OTHER, "internal error: no executor for command %d", cmd->kind);
	}
}

int exec_summary(const struct exec_ctx *x, const struct ct_cmd *cmd)
{
	static const char *const what[CMD_MAX] = {
		[CMD_LIST] = "flow entries have been shown",
		[CMD_CREATE] = "flow entries have been created",
		[CMD_UPDATE] = "flow entries have been updated",
		[CMD_DELETE] = "flow entries have been deleted",
		[CMD_GET] = "flow entries have been shown",
		[CMD_EVENT] = "flow events have been shown",
		[CMD_EXP_LIST] = "expectations have been shown",
		[CMD_EXP_DELETE] = "expectations have been shown",
		[CMD_ADD] = "flow entries have been added",
	};

	if (cmd->kind >= CMD_MAX || !what[cmd->kind])
		return EXIT_OK;
	report_prefix();
	fprintf(stderr, "%d %s.\n", x->counter, what[cmd->kind]);
	if (x->counter == 0 && cmd->kind != CMD_LIST &&
	    cmd->kind != CMD_EXP_LIST && cmd->kind != CMD_ADD)
		return EXIT_OTHER;
	return EXIT_OK;
}
