/*
 * test_conf_lex.c - the conntrackd.conf tokens, on the reference lexer's
 * corner cases (docs/notes/conntrackd-reference.md, section 2.1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "conf_lex.h"

/* The tokens of text as "TYPE:text" words joined by blanks. */
static const char *lex_all(const char *text)
{
	static char out[4096];
	static const char *const names[] = { "EOF", "KW", "ON", "OFF", "NUM",
		"SNUM", "IP", "PATH", "ALARM", "FTFW", "NOTRACK", "STR", "CHAR" };
	struct conf_lexer lx;
	struct conf_token t;
	size_t o = 0;

	conf_lex_init(&lx, text, strlen(text));
	out[0] = '\0';
	for (;;) {
		conf_lex_next(&lx, &t);
		if (t.type == TOK_EOF)
			break;
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s:%.*s",
				      o ? " " : "", names[t.type], (int)t.len, t.text);
	}
	return out;
}

static void test_keywords_and_strings(void **state)
{
	(void)state;
	assert_string_equal(lex_all("General { UNIX { Path /run/ct.sock } }"),
		"KW:General CHAR:{ KW:UNIX CHAR:{ KW:Path PATH:/run/ct.sock CHAR:} CHAR:}");
	/* longest match: UNIXx is a string; case matters */
	assert_string_equal(lex_all("UNIXx general SocketBufferSizeMaxGrowth"),
		"STR:UNIXx STR:general KW:SocketBufferSizeMaxGrowth");
	assert_string_equal(lex_all("CLOSE CLOSED CLOSE_WAIT for"),
		"KW:CLOSE KW:CLOSED KW:CLOSE_WAIT KW:for");
	assert_string_equal(lex_all("eth0 br-lan x.y_z"),
		"STR:eth0 STR:br-lan STR:x.y_z");
}

static void test_booleans_and_modes(void **state)
{
	(void)state;
	assert_string_equal(lex_all("on ON yEs off No o| ||| one"),
		"ON:on ON:ON ON:yEs OFF:off OFF:No ON:o| ON:||| STR:one");
	assert_string_equal(lex_all("FTFW alarm NoTrack nack persistenT persistent"),
		"FTFW:FTFW ALARM:alarm NOTRACK:NoTrack FTFW:nack ALARM:persistenT "
		"STR:persistent");
}

static void test_numbers_paths_addresses(void **state)
{
	struct conf_lexer lx;
	struct conf_token t;

	(void)state;
	assert_string_equal(lex_all("8192 -5 +3 1.2.3.4 10.0.0.0/8 1.2.3"),
		"NUM:8192 SNUM:-5 SNUM:+3 IP:1.2.3.4 IP:10.0.0.0/8 "
		"NUM:1 CHAR:. NUM:2 CHAR:. NUM:3");
	assert_string_equal(lex_all("fe80::1 ::1/128 2001:db8:0:0:0:0:0:1 ::"),
		"IP:fe80::1 IP:::1/128 IP:2001:db8:0:0:0:0:0:1 IP:::");
	/* a hex word of at most 4 characters is an address, not a string */
	assert_string_equal(lex_all("abc cafe cafes 1234 12345"),
		"IP:abc IP:cafe STR:cafes NUM:1234 NUM:12345");
	/* paths run to a blank, '"' or newline: '}' and '#' are theirs */
	assert_string_equal(lex_all("/a} /b#c\t/d\"x"),
		"PATH:/a} PATH:/b#c\t/d CHAR:\" STR:x");
	/* atoi(): no range check */
	conf_lex_init(&lx, "99999999999", 11);
	conf_lex_next(&lx, &t);
	assert_int_equal(t.type, TOK_NUMBER);
	assert_int_equal(t.value, (int)99999999999L);
}

static void test_comments_and_lines(void **state)
{
	static const char text[] = "# c\nGeneral {\r\n\tHashSize 8 # x\n}\n";
	struct conf_lexer lx;
	struct conf_token t;
	int lines[5], n = 0;

	(void)state;
	conf_lex_init(&lx, text, sizeof(text) - 1);
	do {
		conf_lex_next(&lx, &t);
		lines[n++] = t.line;
	} while (t.type != TOK_EOF && n < 5);
	/* General, {, HashSize, 8, }: each with the line count after it */
	assert_int_equal(n, 5);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 3);
	assert_int_equal(lines[4], 4);
	conf_lex_next(&lx, &t);
	conf_lex_next(&lx, &t);
	assert_int_equal(t.type, TOK_EOF);
	assert_int_equal(t.line, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords_and_strings),
		cmocka_unit_test(test_booleans_and_modes),
		cmocka_unit_test(test_numbers_paths_addresses),
		cmocka_unit_test(test_comments_and_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
