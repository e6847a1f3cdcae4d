/*
 * words.c - splitting a -R line into words, as conntrack-tools does it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

#define MAX_WORD 1024

static int add_word(char **argv, int *argc, int max, const char *w, size_t n)
{
	if (*argc + 1 >= max) {
		errno = EOVERFLOW;
		return -1;
	}
	argv[*argc] = strndup(w, n);
	if (!argv[*argc])
		return -1;
	argv[++*argc] = NULL;
	return 0;
}

int words_split(const char *line, const char *progname, char **argv, int max)
{
	char word[MAX_WORD];
	size_t len = 0;
	bool quote = false, escape = false, ended;
	int argc = 0;

	if (add_word(argv, &argc, max, progname, strlen(progname)) < 0)
		return -1;
	for (const char *p = line; *p; p++) {
		ended = false;
		if (quote) {
			if (escape) {
				escape = false;
			} else if (*p == '\\') {
				escape = true;
				continue;
			} else if (*p == '"') {
				quote = false;
				ended = true;	/* a closing quote ends the word */
			}
		} else if (*p == '"') {
			quote = true;
			continue;
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (!len)
				continue;
			ended = true;
		}
		if (!ended) {
			word[len++] = *p;
			if (len >= MAX_WORD) {
				words_free(argv, argc);
				errno = E2BIG;
				return -1;
			}
			continue;
		}
		if (add_word(argv, &argc, max, word, len) < 0)
			goto fail;
		len = 0;
	}
	if (len && add_word(argv, &argc, max, word, len) < 0)
		goto fail;
	return argc;
fail:
	words_free(argv, argc);
	return -1;
}

void words_free(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
}

