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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, **argv;
	int max, argc;

	if (size < 1)
		return 0;
	max = data[0] + 1;
	line = malloc(size);
	argv = malloc((size_t)max * sizeof(*argv));
	if (!line || !argv)
		abort();
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';

	errno = 0;
	argc = words_split(line, "conntrack", argv, max);
	if (argc < 0) {
		check(argc == -1, "failure other than -1");
		check(errno == EOVERFLOW || errno == E2BIG || errno == ENOMEM,
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
		words_free(argv, argc);
	}
	free(argv);
	free(line);
	return 0;
}
