/*
 * fuzz_conf_lex.c - libFuzzer harness for the conntrackd.conf lexer:
 * every input is split into tokens that lie inside it, in order, without
 * overlapping; the line count is the number of newlines read, plus one;
 * the end is always reached.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

/* What lies between two tokens: blanks, newlines and comments that end
 * with a newline. */
static void check_gap(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			check(nl != NULL, "a comment without its newline skipped");
			p = nl;
			continue;
		}
		check(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r',
		      "skipped something that is not blank or comment");
		p++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);	/* exactly the input, for ASan */
	const char *prev_end;
	struct conf_lexer lx;
	struct conf_token t;
	size_t steps = 0;

	if (!text)
		abort();
	memcpy(text, data, size);
	prev_end = text;
	conf_lex_init(&lx, text, size);
	for (;;) {
		conf_lex_next(&lx, &t);
		if (t.type == TOK_EOF)
			break;
		check(t.len >= 1, "empty token");
		check(t.text >= prev_end && t.text + t.len <= text + size,
		      "token outside the input or before the previous one");
		check_gap(prev_end, t.text);
		prev_end = t.text + t.len;
		check(++steps <= size, "more tokens than bytes");
	}
	{
		int lines = 1;

		for (size_t i = 0; i < size; i++)
			lines += text[i] == '\n';
		check(t.line == lines, "line count at the end");
	}
	free(text);
	return 0;
}
