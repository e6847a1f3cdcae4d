/*
 * words.c - splitting a -R line into words, as conntrack-tools does it.
 *
 * Runs of ordinary characters are found with a table and copied in one
 * go: a -R file of a million lines spends its time here and in option
 * parsing.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "words.h"

#define MAX_WORD 1024

/* Length of the run at p that has none of the characters in stop. */
static size_t span(const char *p, const bool *stop)
{
	const char *q = p;

	while (!stop[(unsigned char)*q])
		q++;
	return (size_t)(q - p);
}

/* The characters that end a run outside and inside quotes (and NUL). */
static const bool stop_plain[256] = { [0] = true, [' '] = true, ['\t'] = true,
	['\n'] = true, ['"'] = true };
static const bool stop_quoted[256] = { [0] = true, ['\\'] = true, ['"'] = true };

struct split {
	char **argv;
	int argc, max;
	char *p, *end;		/* the arena's free part */
	char *word;		/* the word being built, or NULL */
};

/* Append n characters to the word being built (opening it). */
static int append(struct split *s, const char *src, size_t n)
{
	if (!s->word)
		s->word = s->p;
	if ((size_t)(s->p - s->word) + n >= MAX_WORD) {
		errno = E2BIG;
		return -1;
	}
	if ((size_t)(s->end - s->p) < n + 1) {	/* + its NUL, later */
		errno = E2BIG;
		return -1;
	}
	memcpy(s->p, src, n);
	s->p += n;
	return 0;
}

/* End the word being built (an empty one if none is: `""`). */
static int close_word(struct split *s)
{
	if (s->argc + 1 >= s->max) {
		errno = EOVERFLOW;
		return -1;
	}
	if (!s->word) {
		if (s->p >= s->end) {
			errno = E2BIG;
			return -1;
		}
		s->word = s->p;
	}
	*s->p++ = '\0';
	s->argv[s->argc++] = s->word;
	s->argv[s->argc] = NULL;
	s->word = NULL;
	return 0;
}

int words_split(const char *line, const char *progname, char **argv, int max,
		char *arena, size_t arena_len)
{
	struct split s = { argv, 0, max, arena, arena + arena_len, NULL };
	const char *p = line;
	bool quote = false;
	size_t n = strlen(progname);

	/* argv[0], which no word limit applies to */
	if (n >= arena_len) {
		errno = E2BIG;
		return -1;
	}
	memcpy(arena, progname, n);
	s.word = arena;
	s.p = arena + n;
	if (close_word(&s) < 0)
		return -1;
	while (*p) {
		if (quote) {
			if (*p == '"') {	/* a closing quote ends the word */
				quote = false;
				p++;
				if (close_word(&s) < 0)
					return -1;
				continue;
			}
			if (*p == '\\') {	/* the next character as it is */
				if (!*++p)
					break;
				n = 1;
			} else {
				n = span(p, stop_quoted);
			}
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			p++;
			if (s.word && close_word(&s) < 0)
				return -1;
			continue;
		} else if (*p == '"') {
			quote = true;
			p++;
			continue;
		} else {
			n = span(p, stop_plain);
		}
		if (append(&s, p, n) < 0)
			return -1;
		p += n;
	}
	if (s.word && close_word(&s) < 0)
		return -1;
	return s.argc;
}

int words_split_plain(char *line, const char *progname, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	if (max < 2) {
		errno = EOVERFLOW;
		return -1;
	}
	argv[argc++] = (char *)progname;
	for (;;) {
		char *w;
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = p;
		n = span(p, stop_plain);
		/* (no quote in the line: the run ends at a blank or NUL) */
		if (n >= MAX_WORD) {
			errno = E2BIG;
			return -1;
		}
		if (argc + 1 >= max) {
			errno = EOVERFLOW;
			return -1;
		}
		p += n;
		if (*p)
			*p++ = '\0';
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}
