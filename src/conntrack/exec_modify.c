/*
 * exec_modify.c - commands that change the table: -I/-A, -D, -U, -F.
 *
 * -D and -U walk a dump and act on each matching entry through a second
 * socket, so the dump is never disturbed by the acknowledgements; -D
 * sends its deletions in batches (nlbatch.h) and shows each entry once
 * the kernel has confirmed that it deleted it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <arpa/inet.h>

#include "ct_build.h"
#include "ct_parse.h"
#include "nlbatch.h"
#include "exec.h"
#include "report.h"

/* Send one request built from ct and wait for its acknowledgement. */
static int request(struct nlsock *s, uint8_t type, uint16_t flags,
		   uint8_t family, const struct ct_entry *ct, mnl_cb_t cb,
		   void *data)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh;

	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, type, flags | NLM_F_ACK,
			   family, nls_next_seq(s));
	if (ct && ct_build(nlh, ct) < 0)
		return -1;
	return nls_request(s, nlh, cb, data);
}

/* Labels as a fresh bitmask object of the reference: as many words as the
 * highest bit needs. */
static uint8_t label_words(unsigned int maxbit)
{
	return (uint8_t)(maxbit / 32 + 1);
}

int create_request(struct ct_cmd *cmd, void *buf, uint32_t seq,
		   bool ack)
{
	struct ct_entry *t = &cmd->tmpl;
	bool orig = cmd->options & OPTS_ORIG, repl = cmd->options & OPTS_REPL;
	uint16_t flags = NLM_F_CREATE | NLM_F_EXCL | (ack ? NLM_F_ACK : 0);
	struct nlmsghdr *nlh;

	if (orig && !repl)
		ct_complete_reply(t);
	else if (!orig && repl)
		ct_complete_orig(t);
	if (cmd->options & OPTB(OPT_MARK)) {
		t->mark = cmd->mark_value;
		ct_set(t, CTF_MARK);
	}
	if ((cmd->options & OPTB(OPT_ADD_LABEL)) && cmd->have_label_mod) {
		memcpy(t->labels, cmd->label_mod, sizeof(t->labels));
		t->labels_words = label_words(cmd->label_mod_max);
		ct_set(t, CTF_LABELS);
	}
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, flags,
			   (uint8_t)cmd->family, seq);
	return ct_build(nlh, t);
}

void exec_create(struct exec_ctx *x, struct ct_cmd *cmd)
{
	char buf[CT_MSG_MAX];

	if (create_request(cmd, buf, nls_next_seq(&x->sock), true) == 0 &&
	    nls_request(&x->sock, (struct nlmsghdr *)buf, NULL, NULL) == 0)
		x->counter++;
	else if (!(errno == EEXIST && cmd->kind == CMD_ADD))
		exec_fail(cmd->kind);
}

/* ------------------------------------------------------------------ */

struct walk {
	struct exec_ctx *x;
	struct ct_cmd *cmd;
	struct ct_filter f;
	struct ct_entry ct, tmp;
	struct nlbatch batch;		/* -D: deletions on the second socket */
	struct ct_entry *doomed;	/* -D: the entry of each request */
};

/* A deletion was answered: show the entry it removed. */
static void deleted(void *data, unsigned long i, int err)
{
	struct walk *w = data;

	if (err) {
		/* Gone since the dump saw it (timed out or deleted by someone
		 * else): not an error, and not counted. */
		if (err == ENOENT)
			return;
		errno = err;
		exec_fail(CMD_DELETE);
	}
	exec_print(w->x, &w->doomed[i], PRINT_DELETE);
	w->x->counter++;
}

static int delete_cb(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	struct nlmsghdr *req;

	if (ct_parse(nlh, &w->ct) < 0) {
		w->x->malformed++;
		return MNL_CB_OK;
	}
	if (!ct_filter_match(&w->f, &w->ct))
		return MNL_CB_OK;
	req = nlb_room(&w->batch);
	if (!req)
		exec_fail(CMD_DELETE);
	req = ct_msg_start(req, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE,
			   NLM_F_ACK, w->ct.orig.l3, 0);
	if (ct_build_delete(req, &w->ct) < 0)
		exec_fail(CMD_DELETE);
	w->doomed[nlb_slot(&w->batch)] = w->ct;
	nlb_commit(&w->batch, req, nlb_slot(&w->batch));
	return MNL_CB_OK;
}

void exec_delete(struct exec_ctx *x, struct ct_cmd *cmd)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.x = x;
	w.cmd = cmd;
	exec_open_mod(x);
	exec_filter(cmd, &w.f, true);
	w.doomed = malloc(NLB_SLOTS * sizeof(*w.doomed));
	if (!w.doomed || nlb_init(&w.batch, &x->mod, true, deleted, &w) < 0)
		die(EXIT_OTHER, "out of memory");
	/* 1.4.7 filters -D by status only in user space, where "!WORD" and
	 * UNREPLIED mean nothing: `-D -u !ASSURED` deleted every entry. The
	 * kernel filter gives -D the meaning -L has. */
	exec_dump(x, cmd, &w.f, IPCTNL_MSG_CT_GET, true, delete_cb, &w);
	if (nlb_flush(&w.batch) < 0)
		exec_fail(CMD_DELETE);
	nlb_free(&w.batch);
	free(w.doomed);
}

/* ------------------------------------------------------------------ */

/*
 * The update request for entry ct: its original tuple and zones (what
 * identifies it) with everything else that the template sets, as the reference builds it
 * (libnetfilter_conntrack's NFCT_CP_ORIG, then NFCT_CP_META, which counts
 * the tuples' zones as meta data).
 */
static void update_request(struct ct_entry *tmp, const struct ct_entry *tmpl,
			   const struct ct_entry *ct)
{
	const uint64_t tuples = CT_ORIG_TUPLE_BITS | CT_REPL_TUPLE_BITS | CT_ICMP_BITS;

	*tmp = *tmpl;
	tmp->orig = ct->orig;
	tmp->orig.zone = tmpl->orig.zone;
	memset(&tmp->repl, 0, sizeof(tmp->repl));
	tmp->repl.zone = tmpl->repl.zone;
	tmp->present = (tmpl->present & ~tuples) |
		       (ct->present & (CT_ORIG_TUPLE_BITS | CT_ICMP_BITS));
	/* The entry's zones too, unless the template sets them: without
	 * them the kernel looks in zone 0 and answers ENOENT (1.4.7 could
	 * not update an entry in a zone). */
	if (ct_has(ct, CTF_ZONE) && !ct_has(tmp, CTF_ZONE)) {
		tmp->zone = ct->zone;
		ct_set(tmp, CTF_ZONE);
	}
	if (ct_has(ct, CTF_ORIG_ZONE) && !ct_has(tmp, CTF_ORIG_ZONE)) {
		tmp->orig.zone = ct->orig.zone;
		ct_set(tmp, CTF_ORIG_ZONE);
	}
}

/* --label-add / --label-del on one entry, as the reference computes the
 * new labels and the mask of bits to change. */
static void modify_labels(const struct ct_cmd *cmd, struct ct_entry *tmp,
			  const struct ct_entry *ct)
{
	unsigned int bits;

	if (!(cmd->options & (OPTB(OPT_ADD_LABEL) | OPTB(OPT_DEL_LABEL))))
		return;
	ct_unset(tmp, CTF_LABELS);
	ct_unset(tmp, CTF_LABELS_MASK);
	if (ct_has(ct, CTF_LABELS)) {
		memcpy(tmp->labels, ct->labels, sizeof(tmp->labels));
		tmp->labels_words = ct->labels_words;
		ct_set(tmp, CTF_LABELS);
	}
	if (cmd->options & OPTB(OPT_ADD_LABEL)) {
		if (!ct_has(ct, CTF_LABELS)) {
			memcpy(tmp->labels, cmd->label_mod, sizeof(tmp->labels));
			tmp->labels_words = label_words(cmd->label_mod_max);
			ct_set(tmp, CTF_LABELS);
			return;
		}
		/* Send the entry's size; bits are changed where the mask says,
		 * the kernel keeps the others. */
		bits = tmp->labels_words * 32u;
		memset(tmp->labels_mask, 0, sizeof(tmp->labels_mask));
		for (unsigned int i = 0; i < bits; i++) {
			if (ct_label_test(cmd->label_mod, i)) {
				ct_label_set(tmp->labels, i);
				ct_label_set(tmp->labels_mask, i);
			} else {
				tmp->labels[i / 32] &= ~(1u << (i % 32));
			}
		}
		ct_set(tmp, CTF_LABELS_MASK);
		return;
	}
	if (!ct_has(ct, CTF_LABELS))
		return;
	if (!cmd->have_label_mod) {
		memset(tmp->labels, 0, sizeof(tmp->labels));
		tmp->labels_words = 1;
		return;
	}
	bits = tmp->labels_words * 32u;
	for (unsigned int i = 0; i < bits; i++)
		if (ct_label_test(cmd->label_mod, i))
			tmp->labels[i / 32] &= ~(1u << (i % 32));
	/* The mask goes out only when it has the entry's size. */
	if (label_words(cmd->label_mod_max) == tmp->labels_words) {
		memcpy(tmp->labels_mask, cmd->label_mod, sizeof(tmp->labels_mask));
		ct_set(tmp, CTF_LABELS_MASK);
	}
}

static int print_cb(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	struct ct_entry ct;

	if (ct_parse(nlh, &ct) == 0)
		exec_print(w->x, &ct, PRINT_UPDATE);
	return MNL_CB_OK;
}

static bool update_selects(const struct walk *w)
{
	const struct ct_cmd *cmd = w->cmd;
	const struct ct_entry *t = &cmd->tmpl, *ct = &w->ct;

	if (!ct_filter_nat(&w->f, ct) || !ct_filter_labels(&w->f, ct) ||
	    !ct_filter_network(&w->f, ct))
		return false;
	if (ct_has(t, CTF_ID) && ct_has(ct, CTF_ID) && t->id != ct->id)
		return false;
	if ((cmd->options & (OPTS_ORIG | OPTB(OPT_PROTO))) &&
	    (cmd->src_poisoned || !ct_cmp(&w->f.tmpl, ct, CT_CMP_ORIG)))
		return false;
	if ((cmd->options & (OPTS_REPL | OPTB(OPT_PROTO))) &&
	    !ct_cmp(&w->f.tmpl, ct, CT_CMP_REPL))
		return false;
	return true;
}

static int update_cb(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;
	const struct ct_cmd *cmd = w->cmd;
	struct ct_entry *tmp = &w->tmp, *ct = &w->ct;
	uint8_t family;

	if (ct_parse(nlh, ct) < 0) {
		w->x->malformed++;
		return MNL_CB_OK;
	}
	if (!update_selects(w))
		return MNL_CB_OK;
	update_request(tmp, &cmd->tmpl, ct);
	if (cmd->options & OPTB(OPT_MARK)) {
		tmp->mark = (ct->mark & ~cmd->mark_mask) ^ cmd->mark_value;
		ct_set(tmp, CTF_MARK);
	}
	if (cmd->options & OPTB(OPT_STATUS))
		tmp->status |= ct->status;
	modify_labels(cmd, tmp, ct);
	if (ct_cmp(tmp, ct, CT_CMP_ALL))
		return MNL_CB_OK;	/* nothing would change */

	/* The entry's own family (1.4.7 used -f's, failing without it). */
	family = ct->orig.l3;
	if (request(&w->x->mod, IPCTNL_MSG_CT_NEW, 0, family, tmp, NULL, NULL) < 0) {
		ob_flush(&w->x->out);
		fprintf(stderr, "Operation failed: %s\n", err_text(errno, CMD_UPDATE));
	}
	if (request(&w->x->mod, IPCTNL_MSG_CT_GET, 0, family, tmp, print_cb, w) < 0) {
		if (errno == ENOENT)
			return MNL_CB_OK;	/* vanished meanwhile */
		exec_fail(CMD_UPDATE);
	}
	w->x->counter++;
	return MNL_CB_OK;
}

void exec_update(struct exec_ctx *x, struct ct_cmd *cmd)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.x = x;
	w.cmd = cmd;
	exec_open_mod(x);
	exec_filter(cmd, &w.f, true);
	exec_dump(x, cmd, &w.f, IPCTNL_MSG_CT_GET, false, update_cb, &w);
}

/* ------------------------------------------------------------------ */

void exec_flush(struct exec_ctx *x, struct ct_cmd *cmd)
{
	int ret = request(&x->sock, IPCTNL_MSG_CT_DELETE, 0, (uint8_t)cmd->family,
			  NULL, NULL, NULL);
	int err = errno;

	report_prefix();
	fprintf(stderr, "connection tracking table has been emptied.\n");
	errno = err;
	if (ret < 0)
		exec_fail(cmd->kind);
}
