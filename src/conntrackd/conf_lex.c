/*
 * conf_lex.c - conntrackd.conf tokens; see conf_lex.h.
 *
 * Rules, in the reference's order (which breaks ties between matches of
 * equal length): the keywords, on/yes, off/no, integer, signed integer,
 * IPv4, IPv6, path, the mode names, string, then comment, blanks,
 * newline, and any single other character. The reference's character
 * classes contain a stray '|' ("[o|O]"), which is kept: "o|" is "on".
 */
#include <limits.h>
#include <string.h>

#include "conf_lex.h"

#define KW_NAME(id, name) name,
static const char *const keywords[KW_COUNT] = { CONF_KEYWORDS(KW_NAME) };
#undef KW_NAME

const char *conf_kw_name(enum conf_kw kw)
{
	return kw < KW_COUNT ? keywords[kw] : "?";
}

void conf_lex_init(struct conf_lexer *lx, const char *text, size_t len)
{
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool hex(char c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A fixed pattern: pairs[2i], pairs[2i+1] (or '|') at position i. */
static size_t fixed(const char *p, size_t avail, const char *pairs)
{
	size_t n = strlen(pairs) / 2;

	if (avail < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] != pairs[2 * i] && p[i] != pairs[2 * i + 1] && p[i] != '|')
			return 0;
	return n;
}

static size_t digits(const char *p, size_t avail)
{
	size_t n = 0;

	while (n < avail && digit(p[n]))
		n++;
	return n;
}

/* "/" and digits after an address, if there; else 0. */
static size_t prefix_len(const char *p, size_t avail)
{
	size_t n;

	if (avail < 2 || p[0] != '/')
		return 0;
	n = digits(p + 1, avail - 1);
	return n ? n + 1 : 0;
}

static size_t ipv4(const char *p, size_t avail)
{
	size_t at = 0;

	for (int part = 0; part < 4; part++) {
		size_t n = digits(p + at, avail - at);

		if (!n)
			return 0;
		at += n;
		if (part < 3) {
			if (at >= avail || p[at] != '.')
				return 0;
			at++;
		}
	}
	return at + prefix_len(p + at, avail - at);
}

/* ---- IPv6: the reference's pattern, with its bounded repetitions, run
 * on the set of positions it can reach (its longest end wins). ---- */

#define V6_MAX 80		/* longer than any match of the forms */

/* From every position in in[], k = 0..7 times: 1 to 4 hex digits, then
 * (colon_optional) an optional ':' or (else) a required ':'. */
static void v6_parts(const char *p, size_t avail, const bool *in, bool *out,
		     bool colon_optional)
{
	bool cur[V6_MAX], next[V6_MAX];

	memcpy(cur, in, sizeof(cur));
	memcpy(out, in, sizeof(cur));
	for (int k = 0; k < 7; k++) {
		memset(next, 0, sizeof(next));
		for (size_t s = 0; s < V6_MAX; s++) {
			if (!cur[s])
				continue;
			for (size_t h = 1; h <= 4 && s + h <= avail && hex(p[s + h - 1]); h++) {
				size_t e = s + h;

				if (colon_optional && e < V6_MAX)
					next[e] = true;
				if (e < avail && p[e] == ':' && e + 1 < V6_MAX)
					next[e + 1] = true;
			}
		}
		for (size_t s = 0; s < V6_MAX; s++)
			out[s] = out[s] || next[s];
		memcpy(cur, next, sizeof(cur));
	}
}

static size_t ipv6(const char *p, size_t avail)
{
	bool start[V6_MAX] = { true }, a[V6_MAX], b[V6_MAX] = { false },
	     ends[V6_MAX] = { false };
	size_t best = 0;

	/* form 1: part{0,7} "::" part{0,7}, a part being hex{1,4} ":"? */
	v6_parts(p, avail, start, a, true);
	for (size_t s = 0; s + 2 < V6_MAX; s++)
		if (a[s] && s + 2 <= avail && p[s] == ':' && p[s + 1] == ':')
			b[s + 2] = true;
	v6_parts(p, avail, b, a, true);
	memcpy(ends, a, sizeof(ends));
	/* form 2: (hex{1,4} ":"){0,7} hex{1,4} */
	v6_parts(p, avail, start, a, false);
	for (size_t s = 0; s < V6_MAX; s++)
		for (size_t h = 1; a[s] && h <= 4 && s + h <= avail && hex(p[s + h - 1]); h++)
			if (s + h < V6_MAX)
				ends[s + h] = true;
	for (size_t e = 1; e < V6_MAX; e++) {
		size_t n;

		if (!ends[e])
			continue;
		n = e + prefix_len(p + e, avail - e);
		if (n > best)
			best = n;
	}
	return best;
}

static size_t path(const char *p, size_t avail)
{
	size_t n = 1;

	if (p[0] != '/')
		return 0;
	while (n < avail && p[n] != '"' && p[n] != '\n' && p[n] != ' ')
		n++;
	return n;
}

static size_t string(const char *p, size_t avail)
{
	size_t n = 1;

	if (!alpha(p[0]))
		return 0;
	while (n < avail && (alpha(p[n]) || digit(p[n]) || p[n] == '.' ||
			     p[n] == '-' || p[n] == '_'))
		n++;
	return n;
}

/* The longest keyword at p, or 0. */
static size_t keyword(const char *p, size_t avail, enum conf_kw *kw)
{
	size_t best = 0;

	for (int i = 0; i < KW_COUNT; i++) {
		size_t n = strlen(keywords[i]);

		if (n > best && n <= avail && memcmp(p, keywords[i], n) == 0) {
			best = n;
			*kw = (enum conf_kw)i;
		}
	}
	return best;
}

/* atoi() of the digits (after an optional sign): strtol() saturates at
 * the limits of long, the conversion to int keeps the low bits. */
static int atoi_like(const char *p, size_t n)
{
	bool neg = p[0] == '-';
	size_t i = (p[0] == '-' || p[0] == '+') ? 1 : 0;
	unsigned long long v = 0, lim = neg ? (unsigned long long)LONG_MAX + 1
					   : (unsigned long long)LONG_MAX;

	for (; i < n; i++) {
		v = v * 10 + (unsigned long long)(p[i] - '0');
		if (v > lim) {
			v = lim;
			break;
		}
	}
	if (neg)
		return (int)(long)(0 - v);
	return (int)(long)v;
}

enum rule {
	R_KEYWORD, R_ON, R_OFF, R_INT, R_SIGNED, R_IP4, R_IP6, R_PATH,
	R_ALARM, R_PERSISTENT, R_FTFW, R_NACK, R_NOTRACK, R_STRING,
	R_COMMENT, R_BLANK, R_NEWLINE, R_CHAR, R_COUNT
};

void conf_lex_next(struct conf_lexer *lx, struct conf_token *t)
{
	for (;;) {
		const char *p = lx->p;
		size_t avail = (size_t)(lx->end - p), len[R_COUNT] = { 0 }, n;
		enum conf_kw kw = KW_UNIX;
		int best = R_CHAR;

		memset(t, 0, sizeof(*t));
		if (!avail) {
			t->type = TOK_EOF;
			t->text = p;
			t->line = lx->line;
			return;
		}
		/* (each pattern is only tried where it can start) */
		if (alpha(p[0]))
			len[R_KEYWORD] = keyword(p, avail, &kw);
		/* (alternatives: the longer one that matches) */
		len[R_ON] = fixed(p, avail, "yYeEsS");
		if (!len[R_ON])
			len[R_ON] = fixed(p, avail, "oOnN");
		len[R_OFF] = fixed(p, avail, "oOfFfF");
		if (!len[R_OFF])
			len[R_OFF] = fixed(p, avail, "nNoO");
		len[R_INT] = digits(p, avail);
		if ((p[0] == '-' || p[0] == '+') && avail > 1 && digit(p[1]))
			len[R_SIGNED] = 1 + digits(p + 1, avail - 1);
		if (digit(p[0]))
			len[R_IP4] = ipv4(p, avail);
		if (hex(p[0]) || p[0] == ':')
			len[R_IP6] = ipv6(p, avail);
		len[R_PATH] = path(p, avail);
		len[R_ALARM] = fixed(p, avail, "AaLlAaRrMm");
		len[R_PERSISTENT] = fixed(p, avail, "PpEeRrSsIiSsTtEeNnTT");
		len[R_FTFW] = fixed(p, avail, "FfTtFfWw");
		len[R_NACK] = fixed(p, avail, "NnAaCcKk");
		len[R_NOTRACK] = fixed(p, avail, "NnOoTtRrAaCcKk");
		len[R_STRING] = string(p, avail);
		/* "#.*$": a comment needs the newline after it (a '#' on a
		 * last line without one is a character of its own) */
		if (p[0] == '#') {
			n = 1;
			while (n < avail && p[n] != '\n')
				n++;
			len[R_COMMENT] = n < avail ? n : 0;
		}
		for (n = 0; n < avail && (p[n] == ' ' || p[n] == '\t'); n++)
			;
		len[R_BLANK] = n;
		len[R_NEWLINE] = p[0] == '\n' || p[0] == '\r';
		len[R_CHAR] = p[0] != '\n';
		/* The longest match; the first rule among equals. */
		for (int r = R_COUNT - 1; r >= 0; r--)
			if (len[r] && len[r] >= len[best])
				best = r;
		n = len[best];
		lx->p += n;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\n')
				lx->line++;
		if (best == R_COMMENT || best == R_BLANK || best == R_NEWLINE)
			continue;

		t->text = p;
		t->len = n;
		t->line = lx->line;
		switch (best) {
		case R_KEYWORD: t->type = TOK_KEYWORD; t->kw = kw; break;
		case R_ON: t->type = TOK_ON; break;
		case R_OFF: t->type = TOK_OFF; break;
		case R_INT: t->type = TOK_NUMBER; t->value = atoi_like(p, n); break;
		case R_SIGNED:
			t->type = TOK_SIGNED_NUMBER;
			t->value = atoi_like(p, n);
			break;
		case R_IP4: case R_IP6: t->type = TOK_IP; break;
		case R_PATH: t->type = TOK_PATH; break;
		case R_ALARM: t->type = TOK_ALARM; break;
		case R_PERSISTENT:
			t->type = TOK_ALARM;
			t->deprecated = "persistent";
			break;
		case R_FTFW: t->type = TOK_FTFW; break;
		case R_NACK: t->type = TOK_FTFW; t->deprecated = "nack"; break;
		case R_NOTRACK: t->type = TOK_NOTRACK; break;
		case R_STRING: t->type = TOK_STRING; break;
		default: t->type = TOK_CHAR; t->c = p[0]; break;
		}
		return;
	}
}
