/*
 * conf_parse.c - the conntrackd.conf parser: a recursive-descent reading
 * of the reference's grammar (conntrack-tools 1.4.x, read_config_yy.y)
 * that accepts exactly its language, runs each rule's checks where the
 * reference runs them and stops at the first error with its message
 * (docs/notes/conntrackd-reference.md, sections 2 and 5.5).
 *
 * Timing. Every grammar rule with an action ends with a token, and bison
 * reduces such a rule as soon as it has shifted that token, before it
 * reads the next one. This parser reads a token only when it has to look
 * at it and runs each action right after the rule's last token, so lexer
 * warnings (nack, persistenT), action messages and syntax errors come in
 * the reference's order, and a syntax error names the same token: both
 * parsers stop at the first token that no sentence of the language can
 * continue with.
 */
#include <limits.h>
#include <netdb.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "conf.h"
#include "conf_lex.h"

#define TRY(x) do { if ((x) < 0) return -1; } while (0)

/* bison's stack limit (YYMAXDEPTH): only nested Helper Type blocks come
 * near it; at this many states the reference fails "memory exhausted". */
#define BISON_MAX_STATES 10000

/* What the Helper section puts on the reference's symbol stack. */
enum sym_type { SYM_QUEUE_NUM, SYM_QUEUE_LEN, SYM_POLICY, SYM_POLICY_LEAF };

struct sym {
	enum sym_type type;
	int num;				/* QueueNum, QueueLen */
	struct conf_helper_policy pol;		/* Policy, its leaf */
};

/*
 * The helper modules Debian ships (ct_helper_<name>.so), with the
 * protocols each registers and its one policy (named as the helper). The
 * reference dlopen()s the module of each Type while it parses and knows
 * a helper only if the module registers it for that protocol. (For a
 * name too long for a file name it also prints the stat() error, with
 * its module directory, on stderr; that line is not reproduced.)
 */
struct helper_module {
	const char *name;
	bool tcp, udp;
	unsigned int expect_max, expect_timeout;
};

static const struct helper_module modules[] = {
	{ "amanda", false, true, 3, 180 },
	{ "dhcpv6", false, true, 1, 300 },
	{ "ftp", true, false, 1, 300 },
	{ "mdns", false, true, 8, 30 },
	{ "rpc", true, true, 1, 300 },
	{ "sane", true, false, 1, 300 },
	{ "slp", false, true, 8, 16 },
	{ "ssdp", true, true, 8, 300 },
	{ "tftp", false, true, 1, 300 },
	{ "tns", true, false, 1, 300 },
};
#define NMODULES (sizeof(modules) / sizeof(modules[0]))

struct parser {
	struct conf *c;
	conf_report_fn report;
	void *data;
	struct conf_lexer lx;
	struct conf_token tok;		/* the lookahead, or the last token read */
	bool have;			/* tok is a lookahead not yet consumed */
	char *scratch;			/* the current token as a C string */
	size_t scratch_size;
	/* bison's stack height (states), tracked inside Helper only */
	unsigned int depth;
	bool after_first;		/* a section was parsed: "lines" is on it */
	/* the dedicated link being read */
	struct conf_channel link;
	unsigned int nlinks;		/* blocks closed, past the 4 kept too */
	enum conf_channel_kind link_kind;	/* of all blocks so far */
	/* the Helper section's symbol stack (top = last) */
	struct sym *syms;
	size_t nsyms, syms_cap;
	/* each module's policy table, per protocol (0 tcp, 1 udp) */
	struct conf_helper_policy tables[NMODULES][2];
};

struct clause;
typedef int (*clause_fn)(struct parser *p, const struct clause *cl);

/* What a plain setting's one argument is, and the field it goes into. */
enum setting_type {
	SET_INT,	/* a number, into an int */
	SET_UINT,	/* a number, into an unsigned int (atoi()'s bits) */
	SET_U16,	/* a number, its low 16 bits into a uint16_t */
	SET_BOOL,	/* on or off, into a bool */
};

#define IN_LINK		(1u << 0)	/* the field is in the link being read */
#define NEEDS_ROOM	(1u << 1)	/* link_room() once the argument is read */
#define MARKED		(1u << 2)	/* mark: did the clause give a value? */

/*
 * One clause of a block: its keyword and the function that reads it,
 * which is given the clause. A function that serves several clauses
 * takes its parameter from arg; setting() reads a plain setting from the
 * rest. (Defaults are filled in by finish(), after the whole file.)
 */
struct clause {
	enum conf_kw kw;
	clause_fn fn;
	int arg;
	/* a plain setting */
	enum setting_type type;
	unsigned int flags;	/* IN_LINK, NEEDS_ROOM, MARKED */
	size_t off;		/* offsetof() the field */
	size_t mark;		/* MARKED: offsetof() a bool set when the
				 * clause gives a value of its own: on or
				 * off, or a number other than 0 (which
				 * asks for the default) */
	long long lo, hi;	/* the stored value's bounds, when range_msg
				 * (the reference's error) is set */
	const char *range_msg;
};

#define FN(k, f)	{ .kw = (k), .fn = (f) }
#define FN_ARG(k, f, a)	{ .kw = (k), .fn = (f), .arg = (a) }
#define CONF_OFF(f)	offsetof(struct conf, f)
#define CONF_SETTING(k, t, f) \
	{ .kw = (k), .fn = setting, .type = (t), .off = CONF_OFF(f) }
#define INT_SETTING(k, f)	CONF_SETTING(k, SET_INT, f)
#define UINT_SETTING(k, f)	CONF_SETTING(k, SET_UINT, f)
#define BOOL_SETTING(k, f)	CONF_SETTING(k, SET_BOOL, f)
/* A setting whose mark is the bool f##_set of struct conf. */
#define MARKED_SETTING(k, t, f) { .kw = (k), .fn = setting, .type = (t), \
	.off = CONF_OFF(f), .flags = MARKED, .mark = CONF_OFF(f##_set) }
/* A setting of the link being read: fails once the links are full. */
#define LINK_SETTING(k, t, f) { .kw = (k), .fn = setting, .type = (t), \
	.flags = IN_LINK | NEEDS_ROOM, .off = offsetof(struct conf_channel, f) }

/* The arg of LogFile and Syslog: the section they are in. */
enum { OF_GENERAL, OF_STATS };

/* The arg of the address clauses of links. */
#define ADDR_V6		(1 << 0)
#define ADDR_DEST	(1 << 1)	/* UDP/TCP: the peer's */
#define ADDR_IFACE	(1 << 2)	/* Multicast: the interface's */

/* The arg of the Filter blocks. */
enum filter_kind { FILTER_PROTO, FILTER_ADDR, FILTER_STATE };

/* ------------------------------------------------------------------ */
/* Messages                                                            */

static void say(struct parser *p, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct parser *p, int level, const char *fmt, ...)
{
	char small[512], *msg = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		msg = malloc((size_t)n + 1);
		if (!msg)
			return;
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	p->report(p->data, level, msg);
	if (msg != small)
		free(msg);
}

#define warn(p, ...) say(p, LOG_WARNING, __VA_ARGS__)
/* An error: report it; the caller returns -1 (the reference exits). */
#define fail(p, ...) (say(p, LOG_ERR, __VA_ARGS__), -1)

static int no_memory(struct parser *p)
{
	return fail(p, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

/* Bison takes token 0 as the end, and so are the NUL byte and the bytes
 * from 0x80 on: the reference's lexer returns them as a (signed) char. */
static bool at_end(const struct conf_token *t)
{
	return t->type == TOK_EOF ||
	       (t->type == TOK_CHAR && (t->c == 0 || (unsigned char)t->c >= 0x80));
}

static const struct conf_token *peek(struct parser *p)
{
	if (p->have)
		return &p->tok;
	conf_lex_next(&p->lx, &p->tok);
	p->have = true;
	if (p->tok.deprecated && !strcmp(p->tok.deprecated, "nack"))
		warn(p, "Now `nack' mode is called `ftfw'. Please, update your "
		     "conntrackd.conf file.\n");
	else if (p->tok.deprecated)
		warn(p, "Now `persistent' mode is called `alarm'. Please, "
		     "update your conntrackd.conf file.");
	return &p->tok;
}

static void take(struct parser *p)
{
	p->have = false;
}

static bool is_kw(const struct conf_token *t, enum conf_kw kw)
{
	return t->type == TOK_KEYWORD && t->kw == kw;
}

static bool is_char(const struct conf_token *t, char c)
{
	return t->type == TOK_CHAR && t->c == c && !at_end(t);
}

/* The token's text as C sees it (the reference strdup()s yytext): up to
 * the first NUL. */
static int text_len(const struct conf_token *t)
{
	const char *nul = memchr(t->text, '\0', t->len);

	return (int)(nul ? (size_t)(nul - t->text) : t->len);
}

/* The last token read as a C string, valid until the next call; NULL
 * when out of memory (reported). */
static char *text(struct parser *p)
{
	size_t n = (size_t)text_len(&p->tok);

	if (n + 1 > p->scratch_size) {
		char *s = realloc(p->scratch, n + 1);

		if (!s) {
			no_memory(p);
			return NULL;
		}
		p->scratch = s;
		p->scratch_size = n + 1;
	}
	memcpy(p->scratch, p->tok.text, n);
	p->scratch[n] = '\0';
	return p->scratch;
}

static char *text_dup(struct parser *p)
{
	char *s = text(p);

	s = s ? strdup(s) : NULL;
	if (!s)
		no_memory(p);
	return s;
}

/* yyerror(): the lookahead's text and the line after it. */
static int syntax_error_msg(struct parser *p, const char *what)
{
	const struct conf_token *t = &p->tok;

	return fail(p, "parsing config file in line (%d), symbol '%.*s': %s",
		    t->line, text_len(t), t->text, what);
}

static int syntax_error(struct parser *p)
{
	peek(p);
	return syntax_error_msg(p, "syntax error");
}

static int expect_char(struct parser *p, char c)
{
	if (!is_char(peek(p), c))
		return syntax_error(p);
	take(p);
	return 0;
}

static int expect_kw(struct parser *p, enum conf_kw kw)
{
	if (!is_kw(peek(p), kw))
		return syntax_error(p);
	take(p);
	return 0;
}

/* The clause's keyword (the lookahead), then a token of this type. */
static int arg(struct parser *p, enum conf_tok type)
{
	take(p);
	if (peek(p)->type != type || at_end(&p->tok))
		return syntax_error(p);
	take(p);
	return 0;
}

static int num_arg(struct parser *p, int *v)
{
	TRY(arg(p, TOK_NUMBER));
	*v = p->tok.value;
	return 0;
}

/* The clause's keyword, then a look at its argument: 1 for on, 0 for
 * off (either consumed), -1 for anything else (left as the lookahead). */
static int on_off(struct parser *p)
{
	take(p);
	switch (peek(p)->type) {
	case TOK_ON:
		take(p);
		return 1;
	case TOK_OFF:
		take(p);
		return 0;
	default:
		return -1;
	}
}

static int bool_arg(struct parser *p, bool *on)
{
	int v = on_off(p);

	if (v < 0)
		return syntax_error(p);
	*on = v;
	return 0;
}

/* The path just read (the last token) into dst, which holds max
 * characters and a NUL; what names it in the error. */
static int path_into(struct parser *p, char *dst, size_t max, const char *what)
{
	size_t n = (size_t)text_len(&p->tok);

	if (n > max)
		return fail(p, "%s is longer than %zu characters", what, max);
	memcpy(dst, p->tok.text, n);
	dst[n] = '\0';
	return 0;
}

/* Every link clause but IPv6_interface checks this once it has read its
 * argument. */
static int link_room(struct parser *p)
{
	if (p->nlinks >= CONF_CHANNEL_MAX)
		return fail(p, "too many dedicated links in the configuration "
			    "file (Maximum: %d)", CONF_CHANNEL_MAX);
	return 0;
}

/* A plain setting (see struct clause): the keyword and its argument,
 * the room check of a link setting, the value into its field (and the
 * mark), then the range check: the value is stored even when it fails,
 * as the reference stores it. */
static int setting(struct parser *p, const struct clause *cl)
{
	char *base = cl->flags & IN_LINK ? (char *)&p->link : (char *)p->c;
	void *field = base + cl->off;
	long long stored = 0;
	bool on = false;
	int v = 0;

	if (cl->type == SET_BOOL)
		TRY(bool_arg(p, &on));
	else
		TRY(num_arg(p, &v));
	if (cl->flags & NEEDS_ROOM)
		TRY(link_room(p));
	switch (cl->type) {
	case SET_INT:
		stored = *(int *)field = v;
		break;
	case SET_UINT:
		stored = *(unsigned int *)field = (unsigned int)v;
		break;
	case SET_U16:
		stored = *(uint16_t *)field = (uint16_t)v;
		break;
	case SET_BOOL:
		stored = *(bool *)field = on;
		break;
	}
	if (cl->flags & MARKED)
		*(bool *)(base + cl->mark) = cl->type == SET_BOOL || v != 0;
	if (cl->range_msg && (stored < cl->lo || stored > cl->hi))
		return fail(p, "%s", cl->range_msg);
	return 0;
}

/* Clauses until '}' (consumed), each chosen by its keyword. */
static int clauses(struct parser *p, const struct clause *tab, size_t n)
{
	for (;;) {
		const struct conf_token *t = peek(p);
		size_t i;

		if (is_char(t, '}')) {
			take(p);
			return 0;
		}
		for (i = 0; i < n && !is_kw(t, tab[i].kw); i++)
			;
		if (i == n)
			return syntax_error(p);
		TRY(tab[i].fn(p, &tab[i]));
	}
}

#define CLAUSES(p, tab) clauses(p, tab, sizeof(tab) / sizeof(tab[0]))

/* keyword '{' clauses '}' */
static int block(struct parser *p, const struct clause *tab, size_t n)
{
	take(p);
	TRY(expect_char(p, '{'));
	return clauses(p, tab, n);
}

#define BLOCK(p, tab) block(p, tab, sizeof(tab) / sizeof(tab[0]))

/* ------------------------------------------------------------------ */
/* General                                                             */

/* LogFile on|off|PATH, in General or Stats (arg). */
static int logfile(struct parser *p, const struct clause *cl)
{
	bool stats = cl->arg == OF_STATS;
	char *dst = stats ? p->c->stats_logfile : p->c->logfile;

	switch (on_off(p)) {
	case 1:
		strcpy(dst, stats ? CONF_DEF_STATS_LOGFILE : CONF_DEF_LOGFILE);
		return 0;
	case 0:
		return 0;	/* keeps what an earlier clause set */
	}
	if (p->tok.type != TOK_PATH)
		return syntax_error(p);
	take(p);
	return path_into(p, dst, CONF_PATH_MAX,
			 stats ? "stats LogFile path" : "LogFile path");
}

static int facility(const char *name)
{
	static const struct { const char *name; int fac; } tab[] = {
		{ "daemon", LOG_DAEMON }, { "local0", LOG_LOCAL0 },
		{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
		{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },
		{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
		{ "local7", LOG_LOCAL7 },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(name, tab[i].name))
			return tab[i].fac;
	return -1;
}

/* Syslog on|off|facility, in General or Stats (arg); a named facility
 * that differs from the other section's gives a warning. */
static int syslog_facility(struct parser *p, const struct clause *cl)
{
	bool stats = cl->arg == OF_STATS;
	int *dst = stats ? &p->c->stats_syslog_facility : &p->c->syslog_facility;
	int other = stats ? p->c->syslog_facility : p->c->stats_syslog_facility;
	const char *name;
	int fac;

	switch (on_off(p)) {
	case 1:
		*dst = LOG_DAEMON;
		return 0;
	case 0:
		*dst = -1;
		return 0;
	}
	if (p->tok.type != TOK_STRING)
		return syntax_error(p);
	take(p);
	if (!(name = text(p)))
		return -1;
	fac = facility(name);
	if (fac < 0) {
		warn(p, "'%s' is not a known syslog facility, ignoring%s",
		     name, stats ? "." : "");
		return 0;
	}
	*dst = fac;
	if (other != -1 && fac != other)
		warn(p, "conflicting Syslog facility values, defaulting "
		     "to General");
	return 0;
}

static int lockfile(struct parser *p, const struct clause *cl)
{
	TRY(arg(p, TOK_PATH));
	return path_into(p, p->c->lockfile, CONF_PATH_MAX, "LockFile path");
}

static int unix_path(struct parser *p, const struct clause *cl)
{
	TRY(arg(p, TOK_PATH));
	return path_into(p, p->c->unix_path, CONF_UNIX_PATH_MAX, "Path");
}

static int unix_backlog(struct parser *p, const struct clause *cl)
{
	int v;

	TRY(num_arg(p, &v));
	warn(p, "deprecated unix backlog configuration, ignoring.");
	return 0;
}

static int unix_block(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		FN(KW_PATH, unix_path), FN(KW_BACKLOG, unix_backlog),
	};

	return BLOCK(p, tab);
}

static int overrun_resync(struct parser *p, const struct clause *cl)
{
	switch (on_off(p)) {
	case 1:
		p->c->nl_overrun_resync = CONF_DEF_OVERRUN_RESYNC;
		return 0;
	case 0:
		p->c->nl_overrun_resync = -1;
		return 0;
	}
	if (p->tok.type != TOK_NUMBER)
		return syntax_error(p);
	take(p);
	p->c->nl_overrun_resync = p->tok.value;	/* 0: the default */
	return 0;
}

static int nice_value(struct parser *p, const struct clause *cl)
{
	TRY(arg(p, TOK_SIGNED_NUMBER));
	warn(p, "deprecated nice configuration, ignoring. The nice value can "
	     "be set externally with nice(1) and renice(1).");
	return 0;
}

static int sched_type(struct parser *p, const struct clause *cl)
{
	const char *name;

	TRY(arg(p, TOK_STRING));
	if (!(name = text(p)))
		return -1;
	if (!strcasecmp(name, "rr"))
		p->c->sched_type = SCHED_RR;
	else if (!strcasecmp(name, "fifo"))
		p->c->sched_type = SCHED_FIFO;
	else
		return fail(p, "unknown scheduler `%s'", name);
	return 0;
}

static int scheduler(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		FN(KW_TYPE, sched_type),
		{ .kw = KW_PRIORITY, .fn = setting, .type = SET_INT,
		  .off = CONF_OFF(sched_prio),
		  .lo = 0, .hi = 99, .range_msg = "`Priority' must be [0, 99]\n" },
	};

	return BLOCK(p, tab);
}

/* ------------------------------------------------------------------ */
/* General: Filter                                                     */

/* "Accept" or "Ignore" after the block's keyword, then '{'. Returns 1
 * for Accept, 0 for Ignore, -1 on error. */
static int filter_policy(struct parser *p)
{
	bool accept;

	take(p);
	if (is_kw(peek(p), KW_ACCEPT))
		accept = true;
	else if (is_kw(&p->tok, KW_IGNORE))
		accept = false;
	else
		return syntax_error(p);
	take(p);
	TRY(expect_char(p, '{'));
	return accept;
}

static void filter_proto_name(struct parser *p, const char *name)
{
	struct protoent pe, *res = NULL;
	char buf[1024];

	if (getprotobyname_r(name, &pe, buf, sizeof(buf), &res) || !res) {
		warn(p, "getprotobyname() cannot find protocol `%s' in "
		     "/etc/protocols", name);
		return;
	}
	conf_filter_add_proto(&p->c->filter, (unsigned int)res->p_proto);
	p->c->filter.present = true;
}

/* One item of Protocol { ... }, the lookahead t. */
static int filter_proto_item(struct parser *p, const struct conf_token *t)
{
	const char *name = "tcp";

	if (is_kw(t, KW_UDP))
		name = "udp";
	else if (t->type == TOK_STRING)
		name = text(p);
	else if (!is_kw(t, KW_TCP))
		return syntax_error(p);
	if (!name)
		return -1;
	take(p);
	filter_proto_name(p, name);
	return 0;
}

/* An IPv6 prefix as the reference's mask helpers take it: a uint8_t,
 * where anything over 128 gives a full mask. */
static unsigned int prefix6(int cidr)
{
	unsigned int u = (uint8_t)cidr;

	return u > 128 ? 128 : u;
}

/* The item went in (ok = 0) or was a repeated netmask (1). */
static int filter_net_added(struct parser *p, int ok, const char *shown)
{
	if (ok < 0)
		return no_memory(p);
	if (ok > 0)
		warn(p, "netmask %s is repeated in the ignore pool", shown);
	p->c->filter.present = true;
	return 0;
}

static int filter_ipv4(struct parser *p, char *s)
{
	char *slash = strchr(s, '/');
	unsigned int cidr = 32;
	union ct_addr a;
	struct in_addr in;

	if (slash) {
		*slash = '\0';
		cidr = (unsigned int)atoi(slash + 1);
		if (cidr > 32) {
			warn(p, "%s/%d is not a valid network, ignoring", s, (int)cidr);
			return 0;
		}
	}
	if (!inet_aton(s, &in)) {
		warn(p, "%s is not a valid IPv4, ignoring", s);
		return 0;
	}
	memset(&a, 0, sizeof(a));
	a.v4 = in.s_addr;
	return filter_net_added(p, conf_filter_add_net(&p->c->filter, AF_INET,
		&a, cidr, !(slash && cidr < 32)), s);
}

static int filter_ipv6(struct parser *p, char *s)
{
	char *slash = strchr(s, '/');
	int cidr = 128;
	union ct_addr a;

	if (slash) {
		*slash = '\0';
		cidr = atoi(slash + 1);
		if (cidr > 128) {
			warn(p, "%s/%d is not a valid network, ignoring", s, cidr);
			return 0;
		}
	}
	if (inet_pton(AF_INET6, s, a.bytes) != 1) {
		warn(p, "%s is not a valid IPv6, ignoring", s);
		return 0;
	}
	return filter_net_added(p, conf_filter_add_net(&p->c->filter, AF_INET6,
		&a, prefix6(cidr), !(slash && cidr < 128)), s);
}

/* One item of Address { ... }, the lookahead t. */
static int filter_addr_item(struct parser *p, const struct conf_token *t)
{
	bool v4 = is_kw(t, KW_IPV4_ADDR);
	char *s;

	if (!v4 && !is_kw(t, KW_IPV6_ADDR))
		return syntax_error(p);
	TRY(arg(p, TOK_IP));
	if (!(s = text(p)))
		return -1;
	return v4 ? filter_ipv4(p, s) : filter_ipv6(p, s);
}

/* The TCP state a keyword names, or -1. */
static int tcp_state(const struct conf_token *t)
{
	static const struct { enum conf_kw kw; int state; } tab[] = {
		{ KW_SYN_SENT, TCP_CONNTRACK_SYN_SENT },
		{ KW_SYN_RECV, TCP_CONNTRACK_SYN_RECV },
		{ KW_ESTABLISHED, TCP_CONNTRACK_ESTABLISHED },
		{ KW_FIN_WAIT, TCP_CONNTRACK_FIN_WAIT },
		{ KW_CLOSE_WAIT, TCP_CONNTRACK_CLOSE_WAIT },
		{ KW_LAST_ACK, TCP_CONNTRACK_LAST_ACK },
		{ KW_TIME_WAIT, TCP_CONNTRACK_TIME_WAIT },
		{ KW_CLOSE, TCP_CONNTRACK_CLOSE },
		{ KW_CLOSED, TCP_CONNTRACK_CLOSE },
		{ KW_LISTEN, TCP_CONNTRACK_LISTEN },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (is_kw(t, tab[i].kw))
			return tab[i].state;
	return -1;
}

/* One item of State { ... }, the lookahead t: STATE ... for TCP; each
 * state counts as soon as it is read. */
static int filter_state_item(struct parser *p, const struct conf_token *t)
{
	int s;

	if (tcp_state(t) < 0 && !is_kw(t, KW_FOR))
		return syntax_error(p);
	while ((s = tcp_state(peek(p))) >= 0) {
		take(p);
		conf_filter_add_state(&p->c->filter, (unsigned int)s);
		p->c->filter.present = true;
	}
	TRY(expect_kw(p, KW_FOR));
	return expect_kw(p, KW_TCP);
}

/* Protocol|Address|State Accept|Ignore { items } (arg: the kind). The
 * last block of a kind sets its policy; an Ignore block of it stays in
 * the kernel's program. */
static int filter_block(struct parser *p, const struct clause *cl)
{
	static int (*const item[])(struct parser *p, const struct conf_token *t) = {
		[FILTER_PROTO] = filter_proto_item,
		[FILTER_ADDR] = filter_addr_item,
		[FILTER_STATE] = filter_state_item,
	};
	struct conf_filter *f = &p->c->filter;
	int accept = filter_policy(p);

	if (accept < 0)
		return -1;
	while (!is_char(peek(p), '}'))
		TRY(item[cl->arg](p, &p->tok));
	take(p);
	f->present = true;
#define POLICY(kind) ((kind).enabled = true, (kind).accept = accept, \
		      (kind).kernel_negative |= !accept)
	switch ((enum filter_kind)cl->arg) {
	case FILTER_PROTO:
		POLICY(f->proto);
		break;
	case FILTER_ADDR:
		POLICY(f->addr);
		break;
	case FILTER_STATE:
		POLICY(f->state);
		break;
	}
#undef POLICY
	return 0;
}

/* Filter [From Userspace|Kernelspace] { ... }: the last one decides. */
static int filter(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		FN_ARG(KW_PROTOCOL, filter_block, FILTER_PROTO),
		FN_ARG(KW_ADDRESS, filter_block, FILTER_ADDR),
		FN_ARG(KW_STATE, filter_block, FILTER_STATE),
	};
	bool kernel = false;

	take(p);
	if (is_kw(peek(p), KW_FROM)) {
		take(p);
		if (is_kw(peek(p), KW_KERNELSPACE))
			kernel = true;
		else if (!is_kw(&p->tok, KW_USERSPACE))
			return syntax_error(p);
		take(p);
	}
	TRY(expect_char(p, '{'));
	TRY(CLAUSES(p, tab));
	p->c->filter.from_kernel = kernel;
	return 0;
}

static int general(struct parser *p)
{
	static const struct clause tab[] = {
		MARKED_SETTING(KW_HASHSIZE, SET_UINT, hashsize),
		MARKED_SETTING(KW_HASHLIMIT, SET_UINT, hashlimit),
		FN_ARG(KW_LOGFILE, logfile, OF_GENERAL),
		FN_ARG(KW_SYSLOG, syslog_facility, OF_GENERAL),
		FN(KW_LOCKFILE, lockfile), FN(KW_UNIX, unix_block),
		UINT_SETTING(KW_NETLINK_BUFFER_SIZE, nl_buffer_size),
		UINT_SETTING(KW_SOCKET_BUFFER_SIZE, nl_buffer_size),
		UINT_SETTING(KW_NETLINK_BUFFER_SIZE_MAX_GROWTH, nl_buffer_max_growth),
		UINT_SETTING(KW_SOCKET_BUFFER_SIZE_MAX_GROWN, nl_buffer_max_growth),
		UINT_SETTING(KW_SOCKET_BUFFER_SIZE_MAX_GROWTH, nl_buffer_max_growth),
		INT_SETTING(KW_EVENT_ITERATION_LIMIT, event_iteration_limit),
		{ .kw = KW_POLL_SECS, .fn = setting, .type = SET_UINT,
		  .off = CONF_OFF(poll_secs),
		  .lo = 1, .hi = UINT_MAX,
		  .range_msg = "`PollSecs' clause must be > 0" },
		FN(KW_FILTER, filter),
		FN(KW_NETLINK_OVERRUN_RESYNC, overrun_resync),
		BOOL_SETTING(KW_NETLINK_EVENTS_RELIABLE, nl_events_reliable),
		FN(KW_NICE, nice_value), FN(KW_SCHEDULER, scheduler),
		MARKED_SETTING(KW_SYSTEMD, SET_BOOL, systemd),
	};

	return BLOCK(p, tab);
}

/* ------------------------------------------------------------------ */
/* Sync: timers, modes, options                                        */

/* The settings of Sync that its Mode blocks take too. */
#define REFRESH		INT_SETTING(KW_REFRESH, refresh)
#define CACHE_TIMEOUT	INT_SETTING(KW_CACHE_TIMEOUT, cache_timeout)
#define COMMIT_TIMEOUT	INT_SETTING(KW_COMMIT_TIMEOUT, commit_timeout)
#define PURGE_TIMEOUT	UINT_SETTING(KW_PURGE_TIMEOUT, purge_timeout)
#define NO_EXTERNAL_CACHE \
	BOOL_SETTING(KW_DISABLE_EXTERNAL_CACHE, disable_external_cache)
#define STARTUP_RESYNC	BOOL_SETTING(KW_STARTUP_RESYNC, startup_resync)

/* Mode ALARM|FTFW|NOTRACK { ... }: each mode allows its own clauses. */
static int mode(struct parser *p, const struct clause *cl)
{
	static const struct clause alarm[] = {
		REFRESH, CACHE_TIMEOUT, COMMIT_TIMEOUT, PURGE_TIMEOUT,
	};
	static const struct clause ftfw[] = {
		UINT_SETTING(KW_RESEND_QUEUE_SIZE, resend_queue_size),
		COMMIT_TIMEOUT, PURGE_TIMEOUT,
		UINT_SETTING(KW_ACK_WINDOW_SIZE, ack_window),
		NO_EXTERNAL_CACHE, STARTUP_RESYNC,
	};
	static const struct clause notrack[] = {
		COMMIT_TIMEOUT, PURGE_TIMEOUT,
		BOOL_SETTING(KW_DISABLE_INTERNAL_CACHE, disable_internal_cache),
		NO_EXTERNAL_CACHE, STARTUP_RESYNC,
	};
	unsigned int m;

	take(p);
	switch (peek(p)->type) {
	case TOK_ALARM:
		m = CONF_MODE_ALARM;
		TRY(BLOCK(p, alarm));
		break;
	case TOK_FTFW:
		m = CONF_MODE_FTFW;
		TRY(BLOCK(p, ftfw));
		break;
	case TOK_NOTRACK:
		m = CONF_MODE_NOTRACK;
		TRY(BLOCK(p, notrack));
		break;
	default:
		return syntax_error(p);
	}
	p->c->sync_modes |= m;
	return 0;
}

/* One helper name of ExpectationSync { ... }: kept once, compared on 16
 * characters without case, cut to 16. */
static int expect_helper(struct parser *p, const char *name)
{
	struct conf *c = p->c;
	char (*v)[CONF_HELPER_NAME_MAX + 1];

	for (size_t i = 0; i < c->nexpect_helpers; i++)
		if (!strncasecmp(c->expect_helpers[i], name, CONF_HELPER_NAME_MAX))
			return 0;
	v = realloc(c->expect_helpers, (c->nexpect_helpers + 1) * sizeof(*v));
	if (!v)
		return no_memory(p);
	c->expect_helpers = v;
	snprintf(v[c->nexpect_helpers++], sizeof(*v), "%.*s",
		 CONF_HELPER_NAME_MAX, name);
	return 0;
}

static int expect_list(struct parser *p)
{
	for (;;) {
		const char *name;

		if (is_char(peek(p), '}'))
			break;
		if (p->tok.type != TOK_STRING || at_end(&p->tok))
			return syntax_error(p);
		take(p);
		if (!(name = text(p)))
			return -1;
		TRY(expect_helper(p, name));
	}
	take(p);
	return 0;
}

/* ExpectationSync on|off|{ names }; "off" only changes the events the
 * daemon subscribes to. */
static int expect_sync(struct parser *p, const struct clause *cl)
{
	switch (on_off(p)) {
	case 0:
		p->c->expect_events = false;
		return 0;
	case -1:
		if (!is_char(&p->tok, '{'))
			return syntax_error(p);
		take(p);
		TRY(expect_list(p));
		break;
	}
	p->c->expect_sync = p->c->expect_events = true;
	return 0;
}

static int options(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		BOOL_SETTING(KW_TCP_WINDOW_TRACKING, tcp_window_tracking),
		FN(KW_EXPECTATION_SYNC, expect_sync),
	};

	return BLOCK(p, tab);
}

/* ------------------------------------------------------------------ */
/* Sync: dedicated links                                               */

/* The clause's keyword and its argument; then the room check. Returns
 * the argument as a C string, NULL on error. */
static char *link_arg(struct parser *p, enum conf_tok type)
{
	if (arg(p, type) < 0 || link_room(p) < 0)
		return NULL;
	return text(p);
}

/* The address unions of the reference: a v4 write covers the first 4
 * bytes of the v6 address and the reverse. */
static void set4(struct in_addr *v4, struct in6_addr *v6, struct in_addr a)
{
	*v4 = a;
	memcpy(v6, &a, sizeof(a));
}

static void set6(struct in_addr *v4, struct in6_addr *v6, const struct in6_addr *a)
{
	*v6 = *a;
	memcpy(v4, a, sizeof(*v4));
}

/* Multicast's interface address and IPv6 interface index share 4 bytes. */
static void set_ifa(struct conf_channel *l, uint32_t v)
{
	memcpy(&l->iface_addr4, &v, sizeof(v));
	l->ifindex = v;
}

/* IPv4_address (the group) or, with ADDR_IFACE, IPv4_interface (the
 * interface's address). */
static int mcast_ipv4(struct parser *p, const struct clause *cl)
{
	struct conf_channel *l = &p->link;
	bool iface = cl->arg & ADDR_IFACE;
	struct in_addr a;
	char *s = link_arg(p, TOK_IP);

	if (!s)
		return -1;
	if (!inet_aton(s, &a)) {
		warn(p, "%s is not a valid IPv4 address", s);
		return 0;
	}
	if (iface)
		set_ifa(l, a.s_addr);
	else
		set4(&l->addr4, &l->addr6, a);
	if (l->family == AF_INET6)
		warn(p, "your multicast %s is IPv4 but is binded to an IPv6 "
		     "interface? Surely, this is not what you want",
		     iface ? "interface" : "address");
	else
		l->family = AF_INET;
	return 0;
}

static int mcast_ipv6(struct parser *p, const struct clause *cl)
{
	struct conf_channel *l = &p->link;
	struct in6_addr a;
	unsigned int idx;
	char *s = link_arg(p, TOK_IP);

	if (!s)
		return -1;
	if (inet_pton(AF_INET6, s, &a) != 1) {
		warn(p, "%s is not a valid IPv6 address", s);
		return 0;
	}
	set6(&l->addr4, &l->addr6, &a);
	if (l->family == AF_INET) {
		warn(p, "your multicast address is IPv6 but is binded to an "
		     "IPv4 interface? Surely this is not what you want");
		return 0;
	}
	l->family = AF_INET6;
	if (l->ifname[0] && !l->ifindex) {
		/* (the reference looks up the address as an interface name) */
		idx = if_nametoindex(s);
		if (!idx)
			warn(p, "%s is an invalid interface", s);
		else
			set_ifa(l, idx);
	}
	return 0;
}

static int mcast_ipv6_iface(struct parser *p, const struct clause *cl)
{
	TRY(arg(p, TOK_IP));
	warn(p, "`IPv6_interface' not required, ignoring");
	return 0;
}

/* Interface NAME: kept even when it does not exist. Returns its index,
 * 0 after the warning, -1 on error. */
static long link_iface(struct parser *p)
{
	unsigned int idx;
	char *s = link_arg(p, TOK_STRING);

	if (!s)
		return -1;
	snprintf(p->link.ifname, sizeof(p->link.ifname), "%s", s);
	idx = if_nametoindex(s);
	if (!idx)
		warn(p, "%s is an invalid interface", s);
	return idx;
}

static int mcast_iface(struct parser *p, const struct clause *cl)
{
	long idx = link_iface(p);

	if (idx < 0)
		return -1;
	if (idx && p->link.family == AF_INET6)
		set_ifa(&p->link, (uint32_t)idx);
	return 0;
}

static int udp_iface(struct parser *p, const struct clause *cl)
{
	long idx = link_iface(p);

	if (idx < 0)
		return -1;
	if (idx)
		p->link.ifindex = (unsigned int)idx;
	return 0;
}

/* IPv4/IPv6 address (local, or the peer's) of a UDP or TCP link. */
static int udp_addr(struct parser *p, const struct clause *cl)
{
	bool v6 = cl->arg & ADDR_V6, dest = cl->arg & ADDR_DEST;
	struct conf_channel *l = &p->link;
	struct in_addr *a4 = dest ? &l->dest4 : &l->addr4;
	struct in6_addr *a6 = dest ? &l->dest6 : &l->addr6;
	char *s = link_arg(p, TOK_IP);
	struct in6_addr b6;
	struct in_addr b4;

	if (!s)
		return -1;
	if (!v6 && !inet_aton(s, &b4)) {
		warn(p, "%s is not a valid IPv4 address", s);
		return 0;
	}
	if (v6 && inet_pton(AF_INET6, s, &b6) != 1) {
		warn(p, "%s is not a valid IPv6 address", s);
		return 0;
	}
	if (v6)
		set6(a4, a6, &b6);
	else
		set4(a4, a6, b4);
	l->family = v6 ? AF_INET6 : AF_INET;
	return 0;
}

static const char *const kind_names[] = {
	[CONF_CH_MCAST] = "Multicast", [CONF_CH_UDP] = "UDP", [CONF_CH_TCP] = "TCP",
};

/* The block's closing brace: one kind for all links; the first four are
 * kept (an empty fifth block gets here: the reference writes it past its
 * array, we drop it). */
static int link_done(struct parser *p, enum conf_channel_kind kind, bool dflt)
{
	struct conf *c = p->c;

	if (p->link_kind != CONF_CH_NONE && p->link_kind != kind)
		return fail(p, "cannot use `%s' with other dedicated link "
			    "protocols!", kind_names[kind]);
	p->link_kind = kind;
	if (p->nlinks < CONF_CHANNEL_MAX) {
		p->link.kind = kind;
		p->link.is_default = dflt;
		c->channels[p->nlinks] = p->link;
		c->nchannels = p->nlinks + 1;
		if (dflt)
			c->channel_default = p->nlinks;
	}
	p->nlinks++;
	return 0;
}

/* Multicast|UDP|TCP [Default] { ... } */
static int link_block(struct parser *p, enum conf_channel_kind kind,
		      const struct clause *tab, size_t n)
{
	bool dflt = false;

	take(p);
	if (is_kw(peek(p), KW_DEFAULT)) {
		take(p);
		dflt = true;
	}
	TRY(expect_char(p, '{'));
	memset(&p->link, 0, sizeof(p->link));
	p->link.checksum = true;
	TRY(clauses(p, tab, n));
	return link_done(p, kind, dflt);
}

/* The clauses every kind of link has. */
#define LINK_COMMON \
	LINK_SETTING(KW_SND_SOCKET_BUFFER, SET_INT, sndbuf), \
	LINK_SETTING(KW_RCV_SOCKET_BUFFER, SET_INT, rcvbuf), \
	LINK_SETTING(KW_CHECKSUM, SET_BOOL, checksum)

static int multicast(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		FN(KW_IPV4_ADDR, mcast_ipv4), FN(KW_IPV6_ADDR, mcast_ipv6),
		FN_ARG(KW_IPV4_IFACE, mcast_ipv4, ADDR_IFACE),
		FN(KW_IPV6_IFACE, mcast_ipv6_iface), FN(KW_IFACE, mcast_iface),
		LINK_SETTING(KW_GROUP, SET_U16, port), LINK_COMMON,
	};

	return link_block(p, CONF_CH_MCAST, tab, sizeof(tab) / sizeof(tab[0]));
}

/* The UDP clauses; TCP has them and ErrorQueueLength. */
#define UDP_CLAUSES \
	FN_ARG(KW_IPV4_ADDR, udp_addr, 0), \
	FN_ARG(KW_IPV6_ADDR, udp_addr, ADDR_V6), \
	FN_ARG(KW_IPV4_DEST_ADDR, udp_addr, ADDR_DEST), \
	FN_ARG(KW_IPV6_DEST_ADDR, udp_addr, ADDR_V6 | ADDR_DEST), \
	FN(KW_IFACE, udp_iface), LINK_SETTING(KW_PORT, SET_U16, port), \
	LINK_COMMON

static int udp(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = { UDP_CLAUSES };

	return link_block(p, CONF_CH_UDP, tab, sizeof(tab) / sizeof(tab[0]));
}

static int tcp(struct parser *p, const struct clause *cl)
{
	static const struct clause tab[] = {
		UDP_CLAUSES,
		/* one value for all links, kept in struct conf */
		{ .kw = KW_ERROR_QUEUE_LENGTH, .fn = setting, .type = SET_UINT,
		  .flags = NEEDS_ROOM, .off = CONF_OFF(errorq_len) },
	};

	return link_block(p, CONF_CH_TCP, tab, sizeof(tab) / sizeof(tab[0]));
}

/* A Sync or Stats section (flag) was read: they exclude each other. */
static int sync_or_stats(struct parser *p, unsigned int flag)
{
	if (p->c->flags & (CONF_F_SYNC | CONF_F_STATS) & ~flag)
		return fail(p, "cannot use both `Stats' and `Sync' clauses in "
			    "conntrackd.conf");
	p->c->flags |= flag;
	return 0;
}

static int sync_section(struct parser *p)
{
	static const struct clause tab[] = {
		REFRESH, CACHE_TIMEOUT, COMMIT_TIMEOUT, PURGE_TIMEOUT,
		FN(KW_MULTICAST, multicast), FN(KW_UDP, udp), FN(KW_TCP, tcp),
		FN(KW_MODE, mode), FN(KW_OPTIONS, options),
	};

	TRY(BLOCK(p, tab));
	return sync_or_stats(p, CONF_F_SYNC);
}

static int stats_section(struct parser *p)
{
	static const struct clause tab[] = {
		FN_ARG(KW_LOGFILE, logfile, OF_STATS),
		FN_ARG(KW_SYSLOG, syslog_facility, OF_STATS),
	};

	TRY(BLOCK(p, tab));
	return sync_or_stats(p, CONF_F_STATS);
}

/* ------------------------------------------------------------------ */
/* Helper                                                              */

/* Consume the lookahead (a shift for bison): one more state. */
static int shift(struct parser *p)
{
	take(p);
	if (++p->depth >= BISON_MAX_STATES)
		return syntax_error_msg(p, "memory exhausted");
	return 0;
}

/* A goto after a reduction: no token read, one more state. */
static int push_state(struct parser *p)
{
	if (++p->depth >= BISON_MAX_STATES)
		return syntax_error_msg(p, "memory exhausted");
	return 0;
}

/* Shift the lookahead if it has this type. */
static int shift_tok(struct parser *p, enum conf_tok type)
{
	if (peek(p)->type != type || at_end(&p->tok))
		return syntax_error(p);
	return shift(p);
}

static int shift_char(struct parser *p, char c)
{
	if (!is_char(peek(p), c))
		return syntax_error(p);
	return shift(p);
}

static int sym_push(struct parser *p, const struct sym *s)
{
	if (p->nsyms == p->syms_cap) {
		size_t cap = p->syms_cap ? 2 * p->syms_cap : 16;
		struct sym *v = realloc(p->syms, cap * sizeof(*v));

		if (!v)
			return no_memory(p);
		p->syms = v;
		p->syms_cap = cap;
	}
	p->syms[p->nsyms++] = *s;
	return 0;
}

/* Take the topmost policy leaf off the stack into s; false if none. */
static bool leaf_pop(struct parser *p, struct sym *s)
{
	for (size_t i = p->nsyms; i-- > 0;) {
		if (p->syms[i].type != SYM_POLICY_LEAF)
			continue;
		*s = p->syms[i];
		memmove(p->syms + i, p->syms + i + 1,
			(p->nsyms - i - 1) * sizeof(*s));
		p->nsyms--;
		return true;
	}
	return false;
}

/* ExpectMax N / ExpectTimeout N: into the leaf (a new one if none). */
static int policy_line(struct parser *p, bool max)
{
	struct sym s = { .type = SYM_POLICY_LEAF };
	int v;

	TRY(shift(p));
	TRY(shift_tok(p, TOK_NUMBER));
	v = p->tok.value;
	leaf_pop(p, &s);
	if (max)
		s.pol.expect_max = (unsigned int)v;
	else
		s.pol.expect_timeout = (unsigned int)v;
	p->depth -= 2;
	return sym_push(p, &s);
}

/* Policy NAME { ... }: the leaf becomes a named policy. */
static int policy_block(struct parser *p)
{
	unsigned int h = p->depth;
	struct sym s;
	char *name;
	int ret = -1;

	TRY(shift(p));
	TRY(shift_tok(p, TOK_STRING));
	if (!(name = text_dup(p)))
		return -1;
	if (shift_char(p, '{') < 0 || push_state(p) < 0)
		goto out;
	for (;;) {
		const struct conf_token *t = peek(p);

		if (is_char(t, '}'))
			break;
		if (!is_kw(t, KW_EXPECT_MAX) && !is_kw(t, KW_EXPECT_TIMEOUT)) {
			syntax_error(p);
			goto out;
		}
		if (policy_line(p, is_kw(t, KW_EXPECT_MAX)) < 0)
			goto out;
	}
	if (shift(p) < 0)
		goto out;
	if (!leaf_pop(p, &s))
		ret = fail(p, "Helper policy configuration empty, fix your "
			   "configuration file, please");
	else if (strlen(name) > CONF_HELPER_NAME_MAX)
		ret = fail(p, "Helper Policy is longer than %u characters",
			   CONF_HELPER_NAME_MAX);
	else {
		snprintf(s.pol.name, sizeof(s.pol.name), "%s", name);
		s.type = SYM_POLICY;
		ret = sym_push(p, &s);
	}
	p->depth = h;
out:
	free(name);
	return ret;
}

/* QueueNum N / QueueLen N */
static int queue_line(struct parser *p, enum sym_type type)
{
	struct sym s = { .type = type };

	TRY(shift(p));
	TRY(shift_tok(p, TOK_NUMBER));
	s.num = p->tok.value;
	p->depth -= 2;
	return sym_push(p, &s);
}

static const struct helper_module *module_find(const char *name, int l4)
{
	for (size_t i = 0; i < NMODULES; i++)
		if (!strcmp(modules[i].name, name) &&
		    (l4 == IPPROTO_TCP ? modules[i].tcp : modules[i].udp))
			return &modules[i];
	return NULL;
}

static struct conf_helper_policy *module_table(struct parser *p,
					       const struct helper_module *m, int l4)
{
	return &p->tables[m - modules][l4 == IPPROTO_TCP ? 0 : 1];
}

/* Empty the symbol stack into the new helper, top first (so the first
 * QueueNum given wins, and the first Policy of a name). */
static int helper_apply(struct parser *p, struct conf_helper *h,
			const struct helper_module *m)
{
	while (p->nsyms) {
		struct sym *s = &p->syms[--p->nsyms];

		switch (s->type) {
		case SYM_QUEUE_NUM:
			h->queue_num = (unsigned int)s->num;
			break;
		case SYM_QUEUE_LEN:
			h->queue_len = (unsigned int)s->num;
			break;
		case SYM_POLICY:
			if (strcmp(s->pol.name, m->name))
				return fail(p, "Unknown policy `%s' in helper "
					    "configuration", s->pol.name);
			*module_table(p, m, h->l4) = s->pol;
			break;
		default:
			return fail(p, "Unexpected symbol parsing helper policy");
		}
	}
	return 0;
}

/* The action of Type NAME L3 L4 { ... }, once its '}' is read. */
static int helper_done(struct parser *p, const char *name, const char *l3,
		       const char *l4)
{
	struct conf *c = p->c;
	struct conf_helper h = { .l3 = AF_INET, .l4 = IPPROTO_TCP }, *v;
	const struct helper_module *m;

	if (!strcmp(l3, "inet6"))
		h.l3 = AF_INET6;
	else if (strcmp(l3, "inet"))
		return fail(p, "unknown layer 3 protocol");
	if (!strcmp(l4, "udp"))
		h.l4 = IPPROTO_UDP;
	else if (strcmp(l4, "tcp"))
		return fail(p, "unknown layer 4 protocol");
	m = module_find(name, h.l4);
	if (!m)
		return fail(p, "Unknown `%s' helper", name);
	snprintf(h.name, sizeof(h.name), "%s", m->name);
	TRY(helper_apply(p, &h, m));
	h.policies = calloc(1, sizeof(*h.policies));
	if (!h.policies)
		return no_memory(p);
	h.npolicies = 1;
	v = realloc(c->helpers, (c->nhelpers + 1) * sizeof(*v));
	if (!v) {
		free(h.policies);
		return no_memory(p);
	}
	c->helpers = v;
	c->helpers[c->nhelpers++] = h;
	return 0;
}

static int helper_line(struct parser *p);

/* Type NAME L3 L4 { lines }: Type blocks may nest. */
static int helper_type(struct parser *p)
{
	unsigned int h = p->depth;
	char *s[3] = { NULL, NULL, NULL };
	int ret = -1;

	if (shift(p) < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (shift_tok(p, TOK_STRING) < 0 || !(s[i] = text_dup(p)))
			goto out;
	if (shift_char(p, '{') < 0 || push_state(p) < 0)
		goto out;
	while (!is_char(peek(p), '}'))
		if (helper_line(p) < 0)
			goto out;
	if (shift(p) < 0)
		goto out;
	ret = helper_done(p, s[0], s[1], s[2]);
	p->depth = h;
out:
	for (int i = 0; i < 3; i++)
		free(s[i]);
	return ret;
}

/* One line of a Type block. */
static int helper_line(struct parser *p)
{
	const struct conf_token *t = peek(p);

	if (is_kw(t, KW_TYPE))
		return helper_type(p);
	if (is_kw(t, KW_QUEUE_NUM))
		return queue_line(p, SYM_QUEUE_NUM);
	if (is_kw(t, KW_QUEUE_LEN))
		return queue_line(p, SYM_QUEUE_LEN);
	if (is_kw(t, KW_POLICY))
		return policy_block(p);
	return syntax_error(p);
}

static int helper_setup(struct parser *p)
{
	TRY(shift(p));
	if (peek(p)->type != TOK_ON && p->tok.type != TOK_OFF)
		return syntax_error(p);
	p->c->helper_setup = p->tok.type == TOK_ON;
	TRY(shift(p));
	p->depth -= 2;
	return 0;
}

/* Helper { lines and Setup }; bison's stack is counted from here. */
static int helper_section(struct parser *p)
{
	p->depth = p->after_first ? 2 : 1;
	TRY(shift(p));
	TRY(shift_char(p, '{'));
	TRY(push_state(p));
	for (;;) {
		const struct conf_token *t = peek(p);

		if (is_char(t, '}'))
			break;
		TRY(is_kw(t, KW_SETUP) ? helper_setup(p) : helper_line(p));
	}
	TRY(shift(p));
	p->c->flags |= CONF_F_HELPER;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */

static int sections(struct parser *p)
{
	for (;;) {
		const struct conf_token *t = peek(p);

		if (at_end(t))
			return 0;
		if (is_kw(t, KW_GENERAL))
			TRY(general(p));
		else if (is_kw(t, KW_SYNC))
			TRY(sync_section(p));
		else if (is_kw(t, KW_STATS))
			TRY(stats_section(p));
		else if (is_kw(t, KW_HELPER))
			TRY(helper_section(p));
		else
			return syntax_error(p);
		p->after_first = true;
	}
}

/* What init_config sets before it parses. */
static void preset(struct parser *p)
{
	struct conf *c = p->c;

	c->syslog_facility = -1;
	c->stats_syslog_facility = -1;
	c->systemd = true;
	c->sched_type = SCHED_OTHER;
	for (size_t i = 0; i < NMODULES; i++)
		for (int j = 0; j < 2; j++) {
			struct conf_helper_policy *t = &p->tables[i][j];

			snprintf(t->name, sizeof(t->name), "%s", modules[i].name);
			t->expect_max = modules[i].expect_max;
			t->expect_timeout = modules[i].expect_timeout;
		}
}

/* What init_config sets after, and the daemon's evaluate(). */
static void finish(struct parser *p)
{
	struct conf *c = p->c;

#define DEFAULT(field, value) do { if (!c->field) c->field = value; } while (0)
	if (!c->lockfile[0])
		strcpy(c->lockfile, CONF_DEF_LOCKFILE);
	DEFAULT(cache_timeout, CONF_DEF_CACHE_TIMEOUT);
	DEFAULT(purge_timeout, CONF_DEF_PURGE_TIMEOUT);
	DEFAULT(refresh, CONF_DEF_REFRESH);
	DEFAULT(resend_queue_size, CONF_DEF_RESEND_QUEUE);
	DEFAULT(ack_window, CONF_DEF_ACK_WINDOW);
	DEFAULT(event_iteration_limit, CONF_DEF_ITER_LIMIT);
	DEFAULT(nl_overrun_resync, CONF_DEF_OVERRUN_RESYNC);
	DEFAULT(errorq_len, CONF_DEF_ERRORQ_LEN);
#undef DEFAULT
	if (c->flags & CONF_F_SYNC) {
		if (c->sync_modes & CONF_MODE_FTFW || !c->sync_modes)
			c->sync_mode = CONF_MODE_FTFW;
		else if (c->sync_modes & CONF_MODE_ALARM)
			c->sync_mode = CONF_MODE_ALARM;
		else
			c->sync_mode = CONF_MODE_NOTRACK;
	}
	/* each helper sees its module's table as the whole file left it */
	for (size_t i = 0; i < c->nhelpers; i++) {
		struct conf_helper *h = &c->helpers[i];

		h->policies[0] = *module_table(p, module_find(h->name, h->l4), h->l4);
	}
	if (c->disable_external_cache && c->commit_timeout) {
		warn(p, "`CommitTimeout' can't be combined with "
		     "`DisableExternalCache', ignoring this option. Fix your "
		     "configuration file.");
		c->commit_timeout = 0;
	}
}

int conf_parse(struct conf *c, const char *file, const char *txt, size_t len,
	       conf_report_fn report, void *data)
{
	struct parser p = { .c = c, .report = report, .data = data };
	int ret;

	memset(c, 0, sizeof(*c));
	c->file = file;
	conf_lex_init(&p.lx, txt, len);
	preset(&p);
	ret = sections(&p);
	if (ret == 0)
		finish(&p);
	free(p.scratch);
	free(p.syms);
	return ret;
}

/* The whole file in memory; NULL when it cannot be read. */
static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		char *bigger;

		n += got;
		if (n < cap)
			break;
		bigger = realloc(buf, cap * 2);
		if (!bigger)
			free(buf);
		buf = bigger;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	*len = n;
	return buf;
}

int conf_load(struct conf *c, const char *file, conf_report_fn report,
	      void *data)
{
	FILE *f = fopen(file, "r");
	char *txt = NULL;
	size_t len = 0;
	int ret;

	if (f) {
		txt = read_all(f, &len);
		fclose(f);
	}
	if (!txt) {
		struct parser p = { .report = report, .data = data };

		memset(c, 0, sizeof(*c));
		say(&p, LOG_ERR, "can't open config file `%s'", file);
		return -1;
	}
	ret = conf_parse(c, file, txt, len, report, data);
	free(txt);
	return ret;
}

void conf_free(struct conf *c)
{
	conf_filter_free(&c->filter);
	free(c->expect_helpers);
	c->expect_helpers = NULL;
	c->nexpect_helpers = 0;
	for (size_t i = 0; i < c->nhelpers; i++)
		free(c->helpers[i].policies);
	free(c->helpers);
	c->helpers = NULL;
	c->nhelpers = 0;
}
