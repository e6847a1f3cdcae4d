/*
 * test_words.c - src/conntrack/words.c, the -R line tokenizer.
 *
 * The expected splits were checked against conntrack 1.4.7 -R (whose
 * error messages quote the word it could not use): quotes group, a
 * closing quote ends the word, backslash escapes only inside quotes, an
 * unterminated quote runs to the end of the line (newline included),
 * words of 1024 bytes are "Parameter too long!", and a line of 254 words
 * is "too many arguments" with the reference's limit (max 255).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "words.h"

#define PROG "conntrack"

/* argv of exactly max slots on the heap, so that a write past them is
 * caught by valgrind/ASan. */
struct split {
	char **argv;
	char *arena;
	int argc, err;
};

static struct split split_max(const char *line, int max)
{
	struct split s;

	size_t room = WORDS_ARENA(strlen(line), strlen(PROG));

	s.argv = calloc((size_t)max, sizeof(char *));
	s.arena = malloc(room);	/* exactly the room promised, for ASan */
	assert_non_null(s.argv);
	assert_non_null(s.arena);
	errno = 0;
	s.argc = words_split(line, PROG, s.argv, max, s.arena, room);
	s.err = errno;
	return s;
}

static void split_free(struct split *s)
{
	free(s->arena);
	free(s->argv);
}

/* Split line and compare with the NULL-terminated list of expected words
 * (after argv[0]). */
static void check(const char *line, ...)
{
	struct split s = split_max(line, 255);
	va_list ap;
	int i = 1;
	const char *w;

	if (s.argc < 0)
		fail_msg("\"%s\": error %d", line, s.err);
	assert_string_equal(s.argv[0], PROG);
	va_start(ap, line);
	while ((w = va_arg(ap, const char *)) != NULL) {
		if (i >= s.argc)
			fail_msg("\"%s\": %d words, expected more (\"%s\")", line,
				 s.argc - 1, w);
		assert_string_equal(s.argv[i], w);
		i++;
	}
	va_end(ap);
	if (i != s.argc)
		fail_msg("\"%s\": %d words, expected %d (extra \"%s\")", line,
			 s.argc - 1, i - 1, s.argv[i]);
	assert_null(s.argv[s.argc]);
	split_free(&s);
}

static void test_plain_words(void **state)
{
	(void)state;
	check("-L -p tcp", "-L", "-p", "tcp", NULL);
	check("-A", "-A", NULL);
	check("", NULL);
	check("   ", NULL);
	check("\n", NULL);
}

static void test_blanks(void **state)
{
	(void)state;
	check("  \t-L\t\t-p  tcp \n", "-L", "-p", "tcp", NULL);
	check("-s 1.1.1.1\n", "-s", "1.1.1.1", NULL);
	check("a\nb", "a", "b", NULL);
	/* Other white space is part of a word. */
	check("a\rb\vc", "a\rb\vc", NULL);
}

static void test_quotes(void **state)
{
	(void)state;
	check("-p \"tc p\"", "-p", "tc p", NULL);
	check("\"a b\" c", "a b", "c", NULL);
	/* A closing quote ends the word ... */
	check("-p \"ab\"cd", "-p", "ab", "cd", NULL);
	/* ... an opening one does not start a new one. */
	check("-p ab\"cd\"", "-p", "abcd", NULL);
	check("-p ab\"cd\"ef", "-p", "abcd", "ef", NULL);
	/* Blanks, tabs and newlines inside quotes are kept. */
	check("\"a\tb\"", "a\tb", NULL);
	check("\"a  b\n\"", "a  b\n", NULL);
}

static void test_empty_quoted_word(void **state)
{
	(void)state;
	check("-p \"\" x", "-p", "", "x", NULL);
	check("\"\"", "", NULL);
	check("\"\" \"\"", "", "", NULL);
	check("\"\"\"\"", "", "", NULL);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	/* The word runs to the end of the line, newline included. */
	check("-p \"abc", "-p", "abc", NULL);
	check("-p \"abc\n", "-p", "abc\n", NULL);
	check("-p \"a b\\\n", "-p", "a b\n", NULL);
	/* An empty unterminated quote adds no word. */
	check("-p \"", "-p", NULL);
	check("-p \"\n", "-p", "\n", NULL);
}

static void test_escapes(void **state)
{
	(void)state;
	check("\"a\\\"b\"", "a\"b", NULL);
	check("\"a\\\\b\"", "a\\b", NULL);
	check("\"a\\nb\"", "anb", NULL);
	check("\"\\ \"", " ", NULL);
	/* Outside quotes a backslash is an ordinary character. */
	check("a\\b", "a\\b", NULL);
	check("a\\ b", "a\\", "b", NULL);
	check("\\\"x\"", "\\x", NULL);
}

static char *repeat(char c, size_t n, const char *prefix, const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	char *line = malloc(p + n + s + 1);

	assert_non_null(line);
	memcpy(line, prefix, p);
	memset(line + p, c, n);
	memcpy(line + p + n, suffix, s + 1);
	return line;
}

static void test_word_length_limit(void **state)
{
	static const struct { const char *pre, *suf; } wrap[] = {
		{ "-p ", "" }, { "-p ", " -t 1\n" }, { "-p \"", "\"" },
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(wrap) / sizeof(wrap[0]); i++) {
		char *line = repeat('x', 1023, wrap[i].pre, wrap[i].suf);
		struct split s = split_max(line, 255);

		assert_true(s.argc >= 2);
		assert_int_equal(strlen(s.argv[s.argc - (strstr(wrap[i].suf, "-t") ? 3 : 1)]),
				 1023);
		split_free(&s);
		free(line);

		line = repeat('x', 1024, wrap[i].pre, wrap[i].suf);
		s = split_max(line, 255);
		assert_int_equal(s.argc, -1);
		assert_int_equal(s.err, E2BIG);
		split_free(&s);	/* nothing left to free: no leak */
		free(line);
	}
	/* Way too long, after a few words. */
	{
		char *line = repeat('y', 100000, "-A -t 10 ", "");
		struct split s = split_max(line, 255);

		assert_int_equal(s.argc, -1);
		assert_int_equal(s.err, E2BIG);
		split_free(&s);
		free(line);
	}
}

static void test_too_many_words(void **state)
{
	struct split s;
	char line[2048];
	size_t n = 0;

	(void)state;
	/* max slots hold max-1 words (argv[0] included) and the NULL. */
	s = split_max("a b", 4);
	assert_int_equal(s.argc, 3);
	assert_null(s.argv[3]);
	split_free(&s);
	s = split_max("a b c", 4);
	assert_int_equal(s.argc, -1);
	assert_int_equal(s.err, EOVERFLOW);
	split_free(&s);
	s = split_max("a b \"c", 4);
	assert_int_equal(s.argc, -1);
	assert_int_equal(s.err, EOVERFLOW);
	split_free(&s);
	s = split_max("", 2);
	assert_int_equal(s.argc, 1);
	split_free(&s);
	s = split_max("a", 2);
	assert_int_equal(s.argc, -1);
	assert_int_equal(s.err, EOVERFLOW);
	split_free(&s);
	s = split_max("", 1);	/* not even argv[0] fits with its NULL */
	assert_int_equal(s.argc, -1);
	assert_int_equal(s.err, EOVERFLOW);
	split_free(&s);

	/* The reference limit: 253 words pass, 254 do not. */
	for (int i = 0; i < 253; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "-t ");
	s = split_max(line, 255);
	assert_int_equal(s.argc, 254);
	split_free(&s);
	snprintf(line + n, sizeof(line) - n, "-t");
	s = split_max(line, 255);
	assert_int_equal(s.argc, -1);
	assert_int_equal(s.err, EOVERFLOW);
	split_free(&s);
}

static void test_argv0_is_a_copy(void **state)
{
	struct split s;
	static const char prog[] = "prog";

	(void)state;
	s.argv = calloc(8, sizeof(char *));
	s.arena = malloc(WORDS_ARENA(1, sizeof(prog) - 1));
	assert_non_null(s.argv);
	assert_non_null(s.arena);
	s.argc = words_split("x", prog, s.argv, 8, s.arena,
			     WORDS_ARENA(1, sizeof(prog) - 1));
	assert_int_equal(s.argc, 2);
	assert_string_equal(s.argv[0], "prog");
	assert_true(s.argv[0] != prog);
	split_free(&s);
}

/* The in-place split of quote-less lines agrees with words_split(). */
static void test_plain_agrees(void **state)
{
	static const char *const lines[] = {
		"", "\n", "a", "  -L  -p\ttcp --dport 80\n", "x\\y z",
		"-I -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 1 --dport 2 -t 10",
	};
	char *v[8];

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct split s = split_max(lines[i], 255);
		char *copy = strdup(lines[i]), *pv[256];
		int n = words_split_plain(copy, PROG, pv, 255);

		assert_int_equal(n, s.argc);
		for (int k = 0; k < n; k++)
			assert_string_equal(pv[k], s.argv[k]);
		assert_null(pv[n]);
		free(copy);
		split_free(&s);
	}
	/* the limits: too many words, a word too long */
	{
		char line[] = "a b c d e f g h i";

		errno = 0;
		assert_int_equal(words_split_plain(line, PROG, v, 8), -1);
		assert_int_equal(errno, EOVERFLOW);
	}
	{
		char *line = malloc(2001);

		assert_non_null(line);
		memset(line, 'x', 2000);
		line[2000] = '\0';
		errno = 0;
		assert_int_equal(words_split_plain(line, PROG, v, 8), -1);
		assert_int_equal(errno, E2BIG);
		line[1023] = ' ';	/* 1023 characters: still a word */
		line[1500] = '\0';
		assert_int_equal(words_split_plain(line, PROG, v, 8), 3);
		free(line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_empty_quoted_word),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_word_length_limit),
		cmocka_unit_test(test_too_many_words),
		cmocka_unit_test(test_argv0_is_a_copy),
		cmocka_unit_test(test_plain_agrees),
	};

	return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
