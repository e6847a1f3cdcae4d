/*
 * opts.c - parsing conntrack's options.
 *
 * getopt_long()'s behaviour (optscan.c: glibc's results, reentrant, with
 * an index of the long names) with the reference's option string and long
 * option tables gives the same permutation, abbreviation and errors;
 * the options of a protocol become valid once -p names it, as in the
 * reference. Each option's handler fills struct ct_cmd; the legality of
 * the combination is checked at the end (check.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "check.h"
#include "opts.h"
#include "optscan.h"
#include "proto_opts.h"
#include "report.h"

/* Long-only options: values outside the short option characters. */
enum { OPT_LABELMAP = 0x80 };

static const struct option base_longopts[] = {
	{ "dump", 2, 0, 'L' }, { "create", 2, 0, 'I' }, { "add", 2, 0, 'A' },
	{ "delete", 2, 0, 'D' }, { "update", 2, 0, 'U' }, { "get", 2, 0, 'G' },
	{ "flush", 2, 0, 'F' }, { "event", 2, 0, 'E' }, { "counter", 2, 0, 'C' },
	{ "stats", 0, 0, 'S' }, { "version", 0, 0, 'V' }, { "help", 0, 0, 'h' },
	{ "orig-src", 1, 0, 's' }, { "src", 1, 0, 's' },
	{ "orig-dst", 1, 0, 'd' }, { "dst", 1, 0, 'd' },
	{ "reply-src", 1, 0, 'r' }, { "reply-dst", 1, 0, 'q' },
	{ "protonum", 1, 0, 'p' }, { "timeout", 1, 0, 't' },
	{ "status", 1, 0, 'u' }, { "zero", 0, 0, 'z' },
	{ "event-mask", 1, 0, 'e' }, { "tuple-src", 1, 0, '[' },
	{ "tuple-dst", 1, 0, ']' }, { "mask-src", 1, 0, '{' },
	{ "mask-dst", 1, 0, '}' }, { "nat-range", 1, 0, 'a' },
	{ "mark", 1, 0, 'm' }, { "secmark", 1, 0, 'c' }, { "id", 2, 0, 'i' },
	{ "family", 1, 0, 'f' }, { "src-nat", 2, 0, 'n' },
	{ "dst-nat", 2, 0, 'g' }, { "output", 1, 0, 'o' },
	{ "buffer-size", 1, 0, 'b' }, { "any-nat", 2, 0, 'j' },
	{ "zone", 1, 0, 'w' }, { "label", 1, 0, 'l' },
	{ "label-add", 1, 0, '<' }, { "label-del", 2, 0, '>' },
	{ "orig-zone", 1, 0, '(' }, { "reply-zone", 1, 0, ')' },
	/* Ours (from later conntrack-tools): long form only. */
	{ "labelmap", 1, 0, OPT_LABELMAP },
	{ 0, 0, 0, 0 }
};

static const char optstring[] = ":L::I::U::D::G::E::F::A::hVs:d:r:q:"
	"p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::w:l:<:>::(:):";

/* Each -p appends its protocol's options with values shifted by this. */
#define PROTO_OPT_OFFSET 256

/* A long option table with its exact-name index: the base table, or the
 * base with protocols merged. */
struct optable {
	struct option *opts;
	size_t n;
	int offset;			/* shift of the last merged protocol */
	const struct option *merged;	/* the protocol table merged last */
	struct optindex idx;
};

/* The tables -R reuses from line to line: the base, and the base with one
 * protocol merged, for each protocol seen. */
#define CACHED_PROTOS 16
struct optcache {
	struct optable base;
	struct optable one[CACHED_PROTOS];
	size_t n;
};

/* The parse of one argv: the scan, and the table it uses (a cached one,
 * or one of its own when -p comes more than once). */
struct optset {
	struct optscan sc;
	int argc;
	char **argv;
	const struct optable *t;
	struct optable *own;
};

/* t = from (the base table if NULL) with add merged (if not NULL). */
static void optable_build(struct optable *t, const struct optable *from,
			  const struct option *add)
{
	size_t n = from ? from->n : sizeof(base_longopts) / sizeof(base_longopts[0]) - 1;
	size_t k = 0;

	while (add && add[k].name)
		k++;
	t->opts = malloc((n + k + 1) * sizeof(*t->opts));
	if (!t->opts)
		die(EXIT_OTHER, "out of memory");
	memcpy(t->opts, from ? from->opts : base_longopts, n * sizeof(*t->opts));
	t->offset = from ? from->offset : 0;
	if (add)
		t->offset += PROTO_OPT_OFFSET;
	for (size_t i = 0; i < k; i++) {
		t->opts[n + i] = add[i];
		t->opts[n + i].val += t->offset;
	}
	memset(&t->opts[n + k], 0, sizeof(*t->opts));
	t->n = n + k;
	t->merged = add;
	if (optindex_build(&t->idx, t->opts) < 0)
		die(EXIT_OTHER, "out of memory");
}

static void optable_free(struct optable *t)
{
	optindex_free(&t->idx);
	free(t->opts);
}

static struct optcache *optcache(struct parse_state *ps)
{
	if (!ps->optcache) {
		ps->optcache = calloc(1, sizeof(*ps->optcache));
		if (!ps->optcache)
			die(EXIT_OTHER, "out of memory");
		optable_build(&ps->optcache->base, NULL, NULL);
	}
	return ps->optcache;
}

/* Make the protocol options add valid from here on, as -p does. */
static void optset_merge(struct parse_state *ps, struct optset *os,
			 const struct option *add)
{
	struct optcache *c = optcache(ps);
	struct optable *t;

	if (os->t == &c->base) {
		for (size_t i = 0; i < c->n; i++)
			if (c->one[i].merged == add) {
				os->t = &c->one[i];
				return;
			}
		if (c->n < CACHED_PROTOS) {
			t = &c->one[c->n++];
			optable_build(t, &c->base, add);
			os->t = t;
			return;
		}
	}
	t = malloc(sizeof(*t));
	if (!t)
		die(EXIT_OTHER, "out of memory");
	optable_build(t, os->t, add);
	if (os->own) {
		optable_free(os->own);
		free(os->own);
	}
	os->own = t;
	os->t = t;
}

/* The first long name of an option, for messages. */
static const char *long_name(struct optset *os, int val)
{
	for (size_t i = 0; i < os->t->n; i++)
		if (os->t->opts[i].val == val)
			return os->t->opts[i].name;
	return "unknown";
}

/* An optional argument given as the next word (getopt only takes
 * "-Xarg" or "--x=arg"); the reference's rule, quirks included: an
 * argument attached with = or directly is ignored. */
static char *optional_arg(struct optset *os)
{
	int i = os->sc.optind;

	if (os->sc.optarg)
		return NULL;
	if (i < os->argc && os->argv[i][0] != '-' && os->argv[i][0] != '!') {
		os->sc.optind++;
		return os->argv[i];
	}
	return NULL;
}

static void set_family(struct ct_cmd *cmd, int family)
{
	if (cmd->family == AF_UNSPEC)
		cmd->family = family;
	else if (cmd->family != family)
		die(EXIT_PARAM, "mismatched address family");
}

/* ------------------------------------------------------------------ */
/* Addresses                                                            */

enum { MASK_NONE = -1, MASK_BAD = -2 };

/* "a.b.c.d" in plain decimal (no leading zeros, each part <= 255), the
 * form nearly every address has; anything else is left to inet_aton(),
 * which gives the same result for this form. */
static bool ipv4_plain(const char *s, uint32_t *addr)
{
	uint8_t *b = (uint8_t *)addr;

	for (int part = 0; part < 4; part++) {
		unsigned int v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255 ||
		    (digits > 1 && s[-digits] == '0'))
			return false;
		b[part] = (uint8_t)v;
		if (*s++ != (part < 3 ? '.' : '\0'))
			return false;
	}
	return true;
}

/* inet_aton(), quick on the common forms: plain dotted decimal, and
 * IPv6 text (a ':' before any blank, which inet_aton() always refuses). */
static bool ipv4_any(const char *s, struct in_addr *v4)
{
	if (ipv4_plain(s, &v4->s_addr))
		return true;
	if (s[strcspn(s, ": \t\n\v\f\r")] == ':')
		return false;
	return inet_aton(s, v4) != 0;
}

/* "ADDR[/BITS]": family, address, and the prefix length or MASK_*. */
static int parse_addr(const char *arg, union ct_addr *a, int *mask)
{
	char buf[INET6_ADDRSTRLEN];
	struct in_addr v4;
	char *slash, *end;
	int family = AF_UNSPEC;
	size_t n = strnlen(arg, sizeof(buf) - 1);

	/* The reference reads at most this much of the argument. */
	memcpy(buf, arg, n);
	buf[n] = '\0';
	*mask = MASK_NONE;
	slash = strchr(buf, '/');
	if (slash) {
		*mask = (int)strtol(slash + 1, &end, 10);
		if (*mask < 0 || end != slash + strlen(slash))
			*mask = MASK_BAD;
		*slash = '\0';
	}
	memset(a, 0, sizeof(*a));
	if (ipv4_any(buf, &v4)) {
		a->v4 = v4.s_addr;
		family = AF_INET;
		if (*mask > 32)
			*mask = MASK_BAD;
	} else if (inet_pton(AF_INET6, buf, a) > 0) {
		family = AF_INET6;
		if (*mask > 128)
			*mask = MASK_BAD;
	}
	return family;
}

static void netmask(union ct_addr *a, int bits, int words)
{
	for (int i = 0; i < words; i++) {
		if (bits >= 32) {
			a->v6[i] = 0xffffffffu;
			bits -= 32;
		} else if (bits > 0) {
			a->v6[i] = htonl(~0u << (32 - bits));
			bits = 0;
		} else {
			a->v6[i] = 0;
		}
	}
}

/* Put an address into the field option opt sets, in entry e. */
static void put_addr(struct ct_cmd *cmd, int opt, struct ct_entry *e,
		     const union ct_addr *a, int family)
{
	switch (opt) {
	case 's': case '[': case '{':
		e->orig.src = *a;
		ct_set(e, CTF_ORIG_SRC);
		if (e == &cmd->tmpl)
			cmd->src_poisoned = false;
		break;
	case 'd': case ']': case '}':
		e->orig.dst = *a;
		ct_set(e, CTF_ORIG_DST);
		break;
	case 'r':
		e->repl.src = *a;
		ct_set(e, CTF_REPL_SRC);
		break;
	case 'q':
		e->repl.dst = *a;
		ct_set(e, CTF_REPL_DST);
		break;
	case 'n':
		e->snat.addr = *a;
		e->snat.l3 = (uint8_t)family;
		ct_set(e, CTF_SNAT_ADDR);
		break;
	case 'g':
		e->dnat.addr = *a;
		e->dnat.l3 = (uint8_t)family;
		ct_set(e, CTF_DNAT_ADDR);
		break;
	case 'j':
		/* The reference has no field for --any-nat's address and
		 * writes it, and then the family byte, over the original
		 * source: nothing can match that source afterwards. */
		ct_set(e, CTF_ORIG_SRC);
		cmd->src_poisoned = true;
		return;
	}
	if (opt == 'r' || opt == 'q') {
		e->repl.l3 = (uint8_t)family;
		ct_set(e, CTF_REPL_L3);
	} else {
		e->orig.l3 = (uint8_t)family;
		ct_set(e, CTF_ORIG_L3);
	}
}

static enum cmd_opt opt_bit(int opt)
{
	switch (opt) {
	case 's': return OPT_SRC;
	case 'd': return OPT_DST;
	case 'r': return OPT_REPL_SRC;
	case 'q': return OPT_REPL_DST;
	case '[': return OPT_TUPLE_SRC;
	case ']': return OPT_TUPLE_DST;
	case '{': return OPT_MASK_SRC;
	case '}': return OPT_MASK_DST;
	case 'n': return OPT_SRC_NAT;
	case 'g': return OPT_DST_NAT;
	case 'j': return OPT_ANY_NAT;
	}
	return OPT_MAX;
}

/* The option whose netmask a CIDR suffix sets, or 0 if none may. */
static int mask_opt(int opt)
{
	switch (opt) {
	case 's': case '[': return '{';
	case 'd': case ']': return '}';
	}
	return 0;
}

/* One address option: -s/-d/-r/-q, tuple, mask and NAT addresses. */
static void addr_option(struct ct_cmd *cmd, struct optset *os, int opt,
			const char *arg, struct ct_entry *e, bool with_mask,
			union ct_addr *out, int *out_family)
{
	int mask, mopt = mask_opt(opt);
	int family = parse_addr(arg, out, &mask);

	if (family == AF_UNSPEC)
		die(EXIT_PARAM, "Invalid IP address `%s'", arg);
	set_family(cmd, family);
	if (mask != MASK_NONE && !mopt)
		die(EXIT_PARAM, "CIDR notation unavailable for `--%s'",
		    long_name(os, opt));
	if (mask == MASK_BAD)
		die(EXIT_PARAM, "Invalid netmask");
	cmd->options |= OPTB(opt_bit(opt));
	put_addr(cmd, opt, e, out, family);
	*out_family = family;
	if (mask == MASK_NONE || !mopt || !with_mask)
		return;
	if ((family == AF_INET && mask == 32) || (family == AF_INET6 && mask == 128))
		return;
	union ct_addr m;

	netmask(&m, mask, family == AF_INET ? 1 : 4);
	cmd->options |= OPTB(opt_bit(mopt));
	put_addr(cmd, mopt, &cmd->mask, &m, family);
}

static bool valid_port(const char *s)
{
	long v;

	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	v = strtol(s, NULL, 10);
	return errno == 0 && v <= 65535;
}

/* "ADDR", "ADDR:PORT" or "[ADDR6]:PORT" of -n/-g/-j. Allocates both. */
static void split_nat(const char *arg, char **addr, char **port)
{
	const char *open = strchr(arg, '['), *colon = NULL;

	*addr = *port = NULL;
	if (open) {
		const char *start = open + 1, *close = strchr(start, ']');

		if (close == start)
			die(EXIT_PARAM, "No IPv6 address specified");
		if (!close)
			die(EXIT_PARAM, "No closing ']' around IPv6 address");
		colon = strchr(close, ':');
		if (colon)
			*addr = strndup(start, (size_t)(close - start));
	} else {
		colon = strchr(arg, ':');
		if (colon && !strchr(colon + 1, ':'))
			*addr = strndup(arg, (size_t)(colon - arg));
		else
			colon = NULL;
	}
	if (colon) {
		colon++;
		if (!*colon)
			die(EXIT_PARAM, "No port specified after `:'");
		if (!valid_port(colon))
			die(EXIT_PARAM, "Invalid port `%s'", colon);
		*port = strdup(colon);
	} else {
		*addr = strdup(arg);
	}
	if (!*addr || (colon && !*port))
		die(EXIT_OTHER, "out of memory");
}

static void nat_details(struct ct_entry *t, int which, const union ct_addr *a,
			int family, const char *port)
{
	struct ct_nat *n = which == 'n' ? &t->snat : &t->dnat;

	n->addr = *a;
	n->l3 = (uint8_t)family;
	ct_set(t, which == 'n' ? CTF_SNAT_ADDR : CTF_DNAT_ADDR);
	if (port) {
		n->port = htons((uint16_t)atoi(port));
		ct_set(t, which == 'n' ? CTF_SNAT_PORT : CTF_DNAT_PORT);
	}
}

static void nat_option(struct ct_cmd *cmd, struct optset *os, int opt)
{
	char *arg = optional_arg(os), *addr, *port;
	union ct_addr a;
	int family;

	cmd->options |= OPTB(opt_bit(opt));
	if (!arg)
		return;
	split_nat(arg, &addr, &port);
	addr_option(cmd, os, opt, addr, &cmd->tmpl, false, &a, &family);
	if (opt == 'j') {
		nat_details(&cmd->tmpl, 'g', &a, family, port);
		nat_details(&cmd->tmpl, 'n', &a, family, port);
	} else {
		nat_details(&cmd->tmpl, opt, &a, family, port);
	}
	free(addr);
	free(port);
}

/* ------------------------------------------------------------------ */
/* Keyword lists: -u, -e, -o                                            */

struct keyword {
	const char *name;
	unsigned int value;
};

static const struct keyword status_words[] = {
	{ "ASSURED", CT_S_ASSURED }, { "SEEN_REPLY", CT_S_SEEN_REPLY },
	{ "UNSET", 0 }, { "FIXED_TIMEOUT", CT_S_FIXED_TIMEOUT },
	{ "EXPECTED", CT_S_EXPECTED }, { "OFFLOAD", CT_S_OFFLOAD },
	{ "HW_OFFLOAD", CT_S_HW_OFFLOAD }, { NULL, 0 }
};
static const struct keyword event_words[] = {
	{ "ALL", EV_ALL }, { "NEW", EV_NEW }, { "UPDATES", EV_UPDATE },
	{ "DESTROY", EV_DESTROY }, { NULL, 0 }
};
static const struct keyword output_words[] = {
	{ "xml", OUT_XML }, { "extended", OUT_EXTENDED },
	{ "timestamp", OUT_TIMESTAMP }, { "id", OUT_ID },
	{ "ktimestamp", OUT_KTIMESTAMP }, { "labels", OUT_LABELS },
	{ "userspace", 0 }, { "save", OUT_SAVE },
	{ "json", OUT_JSON },	/* ours */
	{ NULL, 0 }
};

/*
 * One word of len bytes: any case, and (as in the reference) any prefix
 * of a keyword names it. A prefix of SRC_NAT or DST_NAT is ignored with a
 * warning, whatever the list. Returns false when nothing matches.
 */
static bool keyword(const struct parse_state *ps, const char *s, size_t len,
		    const struct keyword *kw,
		    unsigned int *value)
{
	if (strncasecmp(s, "SRC_NAT", len) == 0) {
		if (!ps->quiet)
			fprintf(stderr, "WARNING: ignoring SRC_NAT, use --src-nat instead\n");
		return true;
	}
	if (strncasecmp(s, "DST_NAT", len) == 0) {
		if (!ps->quiet)
			fprintf(stderr, "WARNING: ignoring DST_NAT, use --dst-nat instead\n");
		return true;
	}
	for (; kw->name; kw++)
		if (strncasecmp(s, kw->name, len) == 0) {
			*value |= kw->value;
			return true;
		}
	return false;
}

static void keyword_list(const struct parse_state *ps, const char *arg, const struct keyword *kw,
			 unsigned int *value)
{
	const char *comma;

	while ((comma = strchr(arg, ',')) != NULL) {
		if (comma == arg || !keyword(ps, arg, (size_t)(comma - arg), kw, value))
			die(EXIT_PARAM, "Bad parameter `%s'", arg);
		arg = comma + 1;
	}
	if (!*arg || !keyword(ps, arg, strlen(arg), kw, value))
		die(EXIT_PARAM, "Bad parameter `%s'", arg);
}

/* -u: words set status bits; "!WORD" puts WORD's bits in the mask only
 * (the entry must lack them); UNREPLIED means "no SEEN_REPLY". */
static void status_list(const struct parse_state *ps, const char *arg,
			unsigned int *status, unsigned int *mask)
{
	static const char unreplied[] = "UNREPLIED";

	for (;;) {
		const char *comma = strchr(arg, ',');
		size_t len;
		bool neg;

		if (comma == arg)
			die(EXIT_PARAM, "Bad parameter `%s'", arg);
		neg = *arg == '!';
		if (neg)
			arg++;
		if (comma && comma == arg)
			die(EXIT_PARAM, "Bad parameter `%s'", arg);
		if (!neg && strncmp(arg, unreplied, strlen(unreplied)) == 0) {
			*mask |= CT_S_SEEN_REPLY;
		} else {
			len = comma ? (size_t)(comma - arg) : strlen(arg);
			if (len == 0 || !keyword(ps, arg, len, status_words,
						 neg ? mask : status))
				die(EXIT_PARAM, "Bad parameter `%s'", arg);
		}
		if (!comma)
			return;
		arg = comma + 1;
	}
}

/* ------------------------------------------------------------------ */
/* Labels                                                               */

/* The words of a -R line are freed after parsing: keep a copy. */
static void set_labelmap_path(struct parse_state *ps, const char *path)
{
	char *copy = strdup(path);

	if (!copy)
		die(EXIT_OTHER, "out of memory");
	free(ps->labelmap_path);
	ps->labelmap_path = copy;
}

void opts_state_free(struct parse_state *ps)
{
	struct optcache *c = ps->optcache;

	if (c) {
		optable_free(&c->base);
		for (size_t i = 0; i < c->n; i++)
			optable_free(&c->one[i]);
		free(c);
		ps->optcache = NULL;
	}
	if (ps->labels)
		nfct_labelmap_destroy(ps->labels);
	ps->labels = NULL;
	free(ps->labelmap_path);
	ps->labelmap_path = NULL;
}

void opts_labelmap(struct parse_state *ps)
{
	if (ps->labels)
		return;
	ps->labels = nfct_labelmap_new(ps->labelmap_path);
	if (!ps->labels && !ps->quiet)
		perror("nfct_labelmap_new");
}

/* "a,b,c" -> bits; every name must be in the label map. */
static void label_list(struct parse_state *ps, const char *arg,
		       uint32_t *bits, unsigned int *max)
{
	char *copy = strdup(arg), *name = copy, *comma;

	if (!copy)
		die(EXIT_OTHER, "out of memory");
	for (;;) {
		int bit;

		comma = strchr(name, ',');
		if (comma)
			*comma = '\0';
		bit = ps->labels ? nfct_labelmap_get_bit(ps->labels, name) : -1;
		if (bit < 0)
			die(EXIT_PARAM, "unknown label '%s'", name);
		/* The kernel keeps 128 label bits; a larger bit could neither
		 * be set nor ever match. */
		if (bit >= CT_LABEL_BITS)
			die(EXIT_PARAM, "label '%s' is bit %d, beyond the %d bits "
			    "the kernel keeps", name, bit, CT_LABEL_BITS);
		ct_label_set(bits, (unsigned int)bit);
		if ((unsigned int)bit > *max)
			*max = (unsigned int)bit;
		if (!comma)
			break;
		name = comma + 1;
	}
	free(copy);
}

/* ------------------------------------------------------------------ */
/* Commands                                                             */

static enum ct_table table_arg(struct optset *os)
{
	const char *t = optional_arg(os);
	size_t n;

	if (!t)
		return TABLE_CONNTRACK;
	n = strlen(t);
	if (strncmp("expect", t, n) == 0)
		return TABLE_EXPECT;
	if (strncmp("conntrack", t, n) == 0)
		return TABLE_CONNTRACK;
	if (strncmp("dying", t, n) == 0)
		return TABLE_DYING;
	if (strncmp("unconfirmed", t, n) == 0)
		return TABLE_UNCONFIRMED;
	die(EXIT_PARAM, "unknown type `%s'", t);
}

static void add_command(struct ct_cmd *cmd, enum cmd_kind kind)
{
	if (cmd->kind != CMD_NONE)
		die(EXIT_PARAM, "Invalid commands combination");
	cmd->kind = kind;
}

static void command(struct ct_cmd *cmd, struct optset *os, int c)
{
	static const struct { char c; enum cmd_kind ct, exp; bool has_exp; } map[] = {
		{ 'L', CMD_LIST, CMD_EXP_LIST, true },
		{ 'I', CMD_CREATE, CMD_EXP_CREATE, true },
		{ 'D', CMD_DELETE, CMD_EXP_DELETE, true },
		{ 'G', CMD_GET, CMD_EXP_GET, true },
		{ 'F', CMD_FLUSH, CMD_EXP_FLUSH, true },
		{ 'E', CMD_EVENT, CMD_EXP_EVENT, true },
		{ 'V', CMD_VERSION, CMD_VERSION, true },
		{ 'h', CMD_HELP, CMD_HELP, true },
		{ 'C', CMD_COUNT, CMD_EXP_COUNT, true },
		{ 'S', CMD_STATS, CMD_EXP_STATS, true },
		{ 'U', CMD_UPDATE, CMD_NONE, false },
		{ 'A', CMD_ADD, CMD_NONE, false },
	};
	enum ct_table t = table_arg(os);
	size_t i = 0;

	while (map[i].c != c)
		i++;
	cmd->table = t;
	if (c == 'L' && (t == TABLE_DYING || t == TABLE_UNCONFIRMED)) {
		add_command(cmd, CMD_LIST);
		return;
	}
	if (t == TABLE_DYING || t == TABLE_UNCONFIRMED)
		die(EXIT_PARAM, "Can't do that command with tables `dying' and "
		    "`unconfirmed'");
	if (t == TABLE_EXPECT && !map[i].has_exp)
		die(EXIT_PARAM, "Can't do --%s on %s", long_name(os, c), "expectations");
	add_command(cmd, t == TABLE_EXPECT ? map[i].exp : map[i].ct);
}

/* ------------------------------------------------------------------ */

static void label_option(struct ct_cmd *cmd, struct parse_state *ps,
			 struct optset *os, int c, const char *arg)
{
	cmd->options |= OPTB(c == 'l' ? OPT_LABEL : c == '<' ? OPT_ADD_LABEL
						       : OPT_DEL_LABEL);
	opts_labelmap(ps);
	if ((cmd->options & (OPTB(OPT_ADD_LABEL) | OPTB(OPT_DEL_LABEL))) ==
	    (OPTB(OPT_ADD_LABEL) | OPTB(OPT_DEL_LABEL)))
		die(EXIT_OTHER, "cannot use --label-add and --label-del at the same time");
	if (c == '>') {
		arg = optional_arg(os);
		if (!arg)
			return;	/* delete every label */
	}
	if (c == 'l') {
		label_list(ps, arg, cmd->label, &cmd->label_max);
		cmd->have_label = true;
	} else {
		label_list(ps, arg, cmd->label_mod, &cmd->label_mod_max);
		cmd->have_label_mod = true;
	}
}

static void proto_option(struct ct_cmd *cmd, struct parse_state *ps,
			 struct optset *os, const char *arg)
{
	int num = 0;
	const struct proto_desc *p;

	cmd->options |= OPTB(OPT_PROTO);
	p = proto_find(arg, &num);
	if (!p)
		die(EXIT_PARAM, "`%s' unsupported protocol", arg);
	ps->proto = p;
	optset_merge(ps, os, p->longopts);
	cmd->protonum = num;
	cmd->tmpl.orig.l4 = (uint8_t)num;
	ct_set(&cmd->tmpl, CTF_ORIG_L4);
}

static void option(struct ct_cmd *cmd, struct parse_state *ps, struct optset *os,
		   int c)
{
	char *arg = os->sc.optarg;
	union ct_addr a;
	int family;

	switch (c) {
	case 'L': case 'I': case 'D': case 'G': case 'F': case 'E':
	case 'V': case 'h': case 'C': case 'S': case 'U': case 'A':
		command(cmd, os, c);
		break;
	case 's': case 'd': case 'r': case 'q':
		addr_option(cmd, os, c, arg, &cmd->tmpl, true, &a, &family);
		break;
	case '[': case ']':
		addr_option(cmd, os, c, arg, &cmd->exptuple, true, &a, &family);
		break;
	case '{': case '}':
		addr_option(cmd, os, c, arg, &cmd->mask, false, &a, &family);
		break;
	case 'p':
		proto_option(cmd, ps, os, arg);
		break;
	case 't':
		cmd->options |= OPTB(OPT_TIMEOUT);
		cmd->tmpl.timeout = cmd->exptuple.timeout = (uint32_t)opts_atol(arg);
		ct_set(&cmd->tmpl, CTF_TIMEOUT);
		break;
	case 'u': {
		/* Repeated -u options add up. */
		unsigned int status = cmd->tmpl.status;

		cmd->options |= OPTB(OPT_STATUS);
		status_list(ps, arg, &status, &cmd->status_mask);
		cmd->tmpl.status = status;
		ct_set(&cmd->tmpl, CTF_STATUS);
		if (cmd->status_mask == 0)
			cmd->status_mask = status;
		/* (1.4.7 also overwrote the -m value with the status here, a
		 * bug fixed upstream; we keep the mark.) */
		cmd->status_value = status;
		break;
	}
	case 'e':
		cmd->options |= OPTB(OPT_EVENT_MASK);
		keyword_list(ps, arg, event_words, &cmd->event_mask);
		break;
	case 'o':
		cmd->options |= OPTB(OPT_OUTPUT);
		keyword_list(ps, arg, output_words, &ps->output);
		if (ps->output & OUT_LABELS)
			opts_labelmap(ps);
		if ((ps->output & OUT_SAVE) && (ps->output & ~OUT_SAVE))
			die(EXIT_OTHER, "cannot combine save output with any other "
			    "output type, use -o save only");
		if ((ps->output & OUT_JSON) && (ps->output & OUT_XML))
			die(EXIT_OTHER, "cannot combine json output with xml output");
		break;
	case 'z':
		cmd->options |= OPTB(OPT_ZERO);
		break;
	case 'n': case 'g': case 'j':
		nat_option(cmd, os, c);
		break;
	case 'w': case '(': case ')': {
		uint16_t z = (uint16_t)strtoul(arg, NULL, 0);

		if (c == 'w') {
			cmd->options |= OPTB(OPT_ZONE);
			cmd->tmpl.zone = z;
			ct_set(&cmd->tmpl, CTF_ZONE);
		} else if (c == '(') {
			cmd->options |= OPTB(OPT_ORIG_ZONE);
			cmd->tmpl.orig.zone = z;
			ct_set(&cmd->tmpl, CTF_ORIG_ZONE);
		} else {
			cmd->options |= OPTB(OPT_REPL_ZONE);
			cmd->tmpl.repl.zone = z;
			ct_set(&cmd->tmpl, CTF_REPL_ZONE);
		}
		break;
	}
	case 'i':
		cmd->options |= OPTB(OPT_ID);
		cmd->tmpl.id = (uint32_t)strtoul(arg, NULL, 0);
		ct_set(&cmd->tmpl, CTF_ID);
		break;
	case 'c':
		cmd->options |= OPTB(OPT_SECMARK);
		cmd->tmpl.secmark = (uint32_t)strtoul(arg, NULL, 0);
		ct_set(&cmd->tmpl, CTF_SECMARK);
		break;
	case 'm': {
		char *end;

		cmd->options |= OPTB(OPT_MARK);
		cmd->mark_value = (uint32_t)strtoul(arg, &end, 0);
		cmd->mark_mask = *end == '/' ? (uint32_t)strtoul(end + 1, NULL, 0)
					     : ~0u;
		cmd->kernel_mark = true;
		break;
	}
	case 'l': case '<': case '>':
		label_option(cmd, ps, os, c, arg);
		break;
	case 'a':
		if (!ps->quiet)
			fprintf(stderr, "WARNING: ignoring -%c, deprecated option.\n", c);
		break;
	case 'f':
		cmd->options |= OPTB(OPT_FAMILY);
		if (strncmp(arg, "ipv4", 4) == 0)
			set_family(cmd, AF_INET);
		else if (strncmp(arg, "ipv6", 4) == 0)
			set_family(cmd, AF_INET6);
		else
			die(EXIT_PARAM, "`%s' unsupported protocol", arg);
		break;
	case OPT_LABELMAP:
		/* Applied before the loop (see labelmap_first); a later
		 * spelling that the scan missed still takes effect here. */
		if (!ps->labelmap_path || strcmp(ps->labelmap_path, arg)) {
			set_labelmap_path(ps, arg);
			if (ps->labels) {
				nfct_labelmap_destroy(ps->labels);
				ps->labels = NULL;
				opts_labelmap(ps);
			}
		}
		break;
	case 'b':
		cmd->bufsize = (size_t)atol(arg);
		cmd->options |= OPTB(OPT_BUFFERSIZE);
		break;
	case ':':
		die(EXIT_PARAM, "option `%s' requires an argument", os->argv[os->sc.optind - 1]);
	case '?':
		die(EXIT_PARAM, "unknown option `%s'", os->argv[os->sc.optind - 1]);
	default:
		/* getopt answers with the first merged copy of an option
		 * (-p given twice merges twice); the code is its value modulo
		 * the shift, which is what the reference's char arithmetic
		 * yields. The last -p's protocol interprets it. */
		if (c >= PROTO_OPT_OFFSET && ps->proto && ps->proto->parse)
			ps->proto->parse(cmd, c % PROTO_OPT_OFFSET, arg);
		break;
	}
}

/* --labelmap applies to every label option of the line, wherever it
 * stands, so it is looked for before the options are parsed. */
static void labelmap_first(struct parse_state *ps, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] != '-' || argv[i][2] != 'l')
			continue;	/* (cheap: this runs on every word) */
		if (strncmp(argv[i], "--labelmap=", 11) == 0)
			set_labelmap_path(ps, argv[i] + 11);
		else if (strcmp(argv[i], "--labelmap") == 0 && i + 1 < argc)
			set_labelmap_path(ps, argv[i + 1]);
	}
}

/*
 * Checks the reference makes only when the command runs; made here so
 * that a -R file is refused before any of its lines is applied. The
 * messages and their order are the reference's.
 */
static void late_checks(const struct ct_cmd *cmd)
{
	bool other_table = cmd->table == TABLE_DYING || cmd->table == TABLE_UNCONFIRMED;
	bool masks = !other_table && (cmd->kind == CMD_LIST || cmd->kind == CMD_DELETE ||
				      cmd->kind == CMD_UPDATE || cmd->kind == CMD_EVENT);

	if (cmd->kind == CMD_LIST && !other_table &&
	    (cmd->options & OPTS_COMPARISON) && (cmd->options & OPTB(OPT_ZERO)))
		die(EXIT_PARAM, "Can't use -z with filtering parameters");
	if (masks && (cmd->options & OPTB(OPT_MASK_SRC)) &&
	    !(cmd->options & OPTB(OPT_SRC)))
		die(EXIT_PARAM, "Can't use --mask-src without --src");
	if (masks && (cmd->options & OPTB(OPT_MASK_DST)) &&
	    !(cmd->options & OPTB(OPT_DST)))
		die(EXIT_PARAM, "Can't use --mask-dst without --dst");
}

void opts_parse(struct ct_cmd *cmd, struct parse_state *ps, int argc, char **argv)
{
	struct optset os = { .argc = argc, .argv = argv };
	int c;

	ps->output = 0;
	labelmap_first(ps, argc, argv);
	memset(cmd, 0, sizeof(*cmd));
	cmd->kind = CMD_NONE;
	cmd->family = AF_UNSPEC;
	os.t = &optcache(ps)->base;
	optscan_init(&os.sc);
	while ((c = optscan_next(&os.sc, argc, argv, optstring, os.t->opts,
				 &os.t->idx)) != -1) {
		/* Options whose argument is optional in their long form only:
		 * a bare --id would leave nothing to read. */
		if (c == 'i' && !os.sc.optarg)
			die(EXIT_PARAM, "option `%s' requires an argument",
			    argv[os.sc.optind - 1]);
		option(cmd, ps, &os, c);
	}
	if (os.own) {
		optable_free(os.own);
		free(os.own);
	}

	switch (cmd->kind) {
	case CMD_LIST: case CMD_UPDATE: case CMD_DELETE: case CMD_GET:
	case CMD_FLUSH: case CMD_EVENT:
		break;
	default:
		if (cmd->family == AF_UNSPEC)
			cmd->family = AF_INET;
	}
	if ((cmd->options & OPTB(OPT_ANY_NAT)) &&
	    (cmd->options & (OPTB(OPT_SRC_NAT) | OPTB(OPT_DST_NAT))))
		die(EXIT_PARAM, "cannot specify `--src-nat' or `--dst-nat' with "
		    "`--any-nat'");
	check_options(cmd->options, OPT_MAX, check_main_row(cmd->kind),
		      check_main_names, &check_main_pairs);
	cmd->proto = ps->proto;
	cmd->output = ps->output;
	if (cmd->kind != CMD_HELP && ps->proto && ps->proto->final)
		ps->proto->final(cmd);
	late_checks(cmd);
}
