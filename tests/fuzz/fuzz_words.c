/*
 * fuzz_words.c - libFuzzer harness for words_split(), the -R tokenizer.
 *
 * Input: first byte = the argv size (max, 1..256), the rest = one line
 * (cut at its first NUL, as fgets would hand it over). argv is a heap
 * array of exactly max slots, so a write past it is caught by ASan.
 *
 * Build and run: tests/fuzz/run.sh.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

/* words_split_plain() must agree with words_split() on a line without
 * quotes: same count, same error, same words. */
static void check_plain(const char *line, int max, int argc, int err,
			char **argv)
{
	char *copy = strdup(line), **v = malloc((size_t)max * sizeof(*v));
	int n;

	if (!copy || !v)
		abort();
	errno = 0;
	n = words_split_plain(copy, "conntrack", v, max);
	check(n == argc, "plain split: another word count");
	if (n < 0)
		check(errno == err, "plain split: another error");
	for (int i = 0; i < n; i++)
		check(strcmp(v[i], argv[i]) == 0, "plain split: another word");
	free(v);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, **argv, *arena;
	size_t room;
	int max, argc;

	if (size < 1)
		return 0;
	max = data[0] + 1;
	line = malloc(size);
	argv = malloc((size_t)max * sizeof(*argv));
	room = WORDS_ARENA(size - 1, strlen("conntrack"));
	arena = malloc(room);	/* exactly the room promised */
	if (!line || !argv || !arena)
		abort();
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';

	errno = 0;
	argc = words_split(line, "conntrack", argv, max, arena, room);
	if (argc < 0) {
		check(argc == -1, "failure other than -1");
		check(errno == EOVERFLOW || errno == E2BIG,
		      "failure with an unexpected errno");
	} else {
		size_t total = 0;

		check(argc >= 1 && argc < max, "word count out of range");
		check(strcmp(argv[0], "conntrack") == 0, "argv[0] is not progname");
		check(argv[argc] == NULL, "argv not NULL-terminated");
		for (int i = 1; i < argc; i++) {
			size_t n = strlen(argv[i]);

			check(n <= 1023, "word longer than 1023 bytes");
			total += n;
		}
		/* Words only ever drop characters (blanks, quotes, escapes). */
		check(total <= strlen(line), "more text out than in");
	}
	if (!strchr(line, '"'))
		check_plain(line, max, argc, errno, argv);
	free(arena);
	free(argv);
	free(line);
	return 0;
}
