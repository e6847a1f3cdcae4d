/*
 * test_obuf.c - lib/obuf.c: the appenders (numbers, hex, addresses,
 * printf, trim), growth past the capacity and flushing to a pipe.
 */
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static void test_numbers(void **state)
{
	struct tu_str t;

	(void)state;
	tu_str_init(&t);
	ob_u64(&t.o, 0);
	ob_chr(&t.o, ' ');
	ob_u64(&t.o, 7);
	ob_chr(&t.o, ' ');
	ob_u64(&t.o, 4294967295u);
	ob_chr(&t.o, ' ');
	ob_u64(&t.o, UINT64_MAX);
	assert_string_equal(tu_str_take(&t), "0 7 4294967295 18446744073709551615");

	ob_i64(&t.o, 0);
	ob_chr(&t.o, ' ');
	ob_i64(&t.o, -1);
	ob_chr(&t.o, ' ');
	ob_i64(&t.o, INT64_MAX);
	ob_chr(&t.o, ' ');
	ob_i64(&t.o, INT64_MIN);
	assert_string_equal(tu_str_take(&t),
			    "0 -1 9223372036854775807 -9223372036854775808");

	ob_hex(&t.o, 0);
	ob_chr(&t.o, ' ');
	ob_hex(&t.o, 0x10);
	ob_chr(&t.o, ' ');
	ob_hex(&t.o, 0xabcdef);
	ob_chr(&t.o, ' ');
	ob_hex(&t.o, 0xffffffff);
	assert_string_equal(tu_str_take(&t), "0 10 abcdef ffffffff");

	/* Every power of ten and its neighbours. */
	for (uint64_t p = 1, i = 0; i < 20; i++, p *= 10) {
		char want[32];

		ob_u64(&t.o, p - 1);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)(p - 1));
		assert_string_equal(tu_str_take(&t), want);
		ob_u64(&t.o, p);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)p);
		assert_string_equal(tu_str_take(&t), want);
	}
	tu_str_free(&t);
}

static void test_addresses(void **state)
{
	static const char *const v6[] = { "::", "::1", "2001:db8::1",
		"fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
		"2001:db8:0:0:1::1" };
	static const char *const v6_out[] = { "::", "::1", "2001:db8::1",
		"fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
		"2001:db8::1:0:0:1" };
	static const char *const v4[] = { "0.0.0.0", "1.2.3.4",
		"255.255.255.255", "10.0.100.1", "192.168.0.254" };
	struct tu_str t;
	union ct_addr a;

	(void)state;
	tu_str_init(&t);
	for (size_t i = 0; i < ARRAY_LEN(v4); i++) {
		tu_addr(AF_INET, &a, v4[i]);
		ob_addr(&t.o, AF_INET, &a);
		assert_string_equal(tu_str_take(&t), v4[i]);
	}
	for (size_t i = 0; i < ARRAY_LEN(v6); i++) {
		tu_addr(AF_INET6, &a, v6[i]);
		ob_addr(&t.o, AF_INET6, &a);
		assert_string_equal(tu_str_take(&t), v6_out[i]);
	}
	/* An unknown family writes nothing. */
	ob_addr(&t.o, AF_UNSPEC, &a);
	assert_string_equal(tu_str_take(&t), "");
	tu_str_free(&t);
}

/* ob_addr() against glibc's inet_ntop() on many IPv6 addresses built
 * from words that make zero runs, mapped and compatible forms likely. */
static void test_v6_like_inet_ntop(void **state)
{
	static const uint16_t pick[] = { 0, 0, 0, 1, 0xffff, 0xabc, 0x1000 };
	char want[INET6_ADDRSTRLEN];
	unsigned int seed = 12345;
	struct tu_str t;
	uint8_t b[16];

	(void)state;
	tu_str_init(&t);
	for (int n = 0; n < 200000; n++) {
		for (int i = 0; i < 8; i++) {
			uint16_t w;

			seed = seed * 1103515245u + 12345u;
			w = (seed >> 16) % 9 < 7 ? pick[(seed >> 16) % 7]
						 : (uint16_t)(seed >> 8);
			b[2 * i] = (uint8_t)(w >> 8);
			b[2 * i + 1] = (uint8_t)w;
		}
		assert_non_null(inet_ntop(AF_INET6, b, want, sizeof(want)));
		ob_addr(&t.o, AF_INET6, b);
		assert_string_equal(tu_str_take(&t), want);
	}
	tu_str_free(&t);
}

static void test_str_printf_trim(void **state)
{
	struct tu_str t;

	(void)state;
	tu_str_init(&t);
	ob_str(&t.o, "abc");
	ob_str(&t.o, "");
	ob_mem(&t.o, "de\0f", 4);
	ob_chr(&t.o, 'g');
	assert_int_equal(t.o.len, 8);
	assert_memory_equal(t.o.p, "abcde\0fg", 8);
	t.o.len = 0;

	ob_printf(&t.o, "<%s>%d%%%05.1f", "x", -3, 2.5);
	assert_string_equal(tu_str_take(&t), "<x>-3%002.5");
	ob_printf(&t.o, "%s", "");
	assert_string_equal(tu_str_take(&t), "");

	ob_str(&t.o, "a b  ");
	ob_trim(&t.o, ' ');
	assert_string_equal(tu_str_take(&t), "a b ");
	ob_trim(&t.o, ' ');	/* empty: nothing to drop */
	assert_int_equal(t.o.len, 0);
	ob_str(&t.o, "ab");
	ob_trim(&t.o, ' ');
	assert_string_equal(tu_str_take(&t), "ab");
	tu_str_free(&t);
}

/* A pipe whose read end is non-blocking, drained into a buffer. */
struct pipe_sink {
	int r, w;
	char got[65536];
	size_t n;
};

static void sink_open(struct pipe_sink *s)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	s->r = fds[0];
	s->w = fds[1];
	s->n = 0;
	assert_int_equal(fcntl(s->r, F_SETFL, O_NONBLOCK), 0);
}

static void sink_drain(struct pipe_sink *s)
{
	for (;;) {
		ssize_t n = read(s->r, s->got + s->n, sizeof(s->got) - 1 - s->n);

		if (n <= 0)
			break;
		s->n += (size_t)n;
	}
	s->got[s->n] = '\0';
}

static void sink_close(struct pipe_sink *s)
{
	close(s->r);
	if (s->w >= 0)
		close(s->w);
}

static void test_flush_to_pipe(void **state)
{
	struct pipe_sink s;
	struct obuf o;
	char want[20000];
	size_t wn = 0;

	(void)state;
	sink_open(&s);
	assert_int_equal(ob_init(&o, s.w, 64), 0);
	/* Many small pieces through a tiny buffer: flushed on the way. */
	for (unsigned int i = 0; i < 1000; i++) {
		ob_u64(&o, i);
		ob_chr(&o, ',');
		wn += (size_t)snprintf(want + wn, sizeof(want) - wn, "%u,", i);
		assert_true(o.len <= o.cap);
	}
	assert_int_equal(o.cap, 64);	/* no growth was needed */
	assert_int_equal(ob_flush(&o), 0);
	assert_int_equal(o.len, 0);
	assert_int_equal(o.err, 0);
	sink_drain(&s);
	assert_int_equal(s.n, wn);
	assert_string_equal(s.got, want);

	/* An empty flush writes nothing and succeeds. */
	assert_int_equal(ob_flush(&o), 0);
	sink_drain(&s);
	assert_int_equal(s.n, wn);
	ob_free(&o);
	assert_null(o.p);
	ob_free(&o);	/* twice is harmless */
	sink_close(&s);
}

static void test_growth_past_capacity(void **state)
{
	struct pipe_sink s;
	struct obuf o;
	char big[5000];

	(void)state;
	memset(big, 'x', sizeof(big));
	big[0] = '<';
	big[sizeof(big) - 1] = '>';
	sink_open(&s);
	assert_int_equal(ob_init(&o, s.w, 16), 0);
	ob_str(&o, "head ");
	/* One piece larger than the whole buffer: what was buffered goes
	 * out first, then the buffer grows to hold the piece whole. */
	ob_mem(&o, big, sizeof(big));
	assert_true(o.cap >= sizeof(big));
	assert_int_equal(o.len, sizeof(big));
	ob_str(&o, " tail");
	/* A printf longer than the buffer. */
	ob_printf(&o, "%6000s|", "p");
	assert_int_equal(ob_flush(&o), 0);
	sink_drain(&s);
	assert_int_equal(s.n, 5 + sizeof(big) + 5 + 6001);
	assert_memory_equal(s.got, "head <", 6);
	assert_memory_equal(s.got + 5 + sizeof(big) - 1, "> tail", 6);
	assert_memory_equal(s.got + s.n - 3, " p|", 3);

	/* Growth with nothing buffered (the -1 fd is never written to). */
	ob_free(&o);
	assert_int_equal(ob_init(&o, -1, 8), 0);
	ob_mem(&o, big, 100);
	assert_int_equal(o.len, 100);
	assert_memory_equal(o.p, big, 100);
	assert_int_equal(o.err, 0);
	ob_free(&o);
	sink_close(&s);
}

static void test_addr_at_buffer_edge(void **state)
{
	struct pipe_sink s;
	struct obuf o;
	union ct_addr a;

	(void)state;
	/* An IPv4 address written piecewise must not be split by a flush
	 * into garbage: fill the buffer to one byte short, then append. */
	sink_open(&s);
	assert_int_equal(ob_init(&o, s.w, 16), 0);
	ob_str(&o, "123456789012345");
	tu_addr(AF_INET, &a, "255.255.255.255");
	ob_addr(&o, AF_INET, &a);
	tu_addr(AF_INET6, &a, "1:2:3:4:5:6:7:8");
	ob_chr(&o, ' ');
	ob_addr(&o, AF_INET6, &a);
	assert_int_equal(ob_flush(&o), 0);
	sink_drain(&s);
	assert_string_equal(s.got, "123456789012345255.255.255.255 1:2:3:4:5:6:7:8");
	ob_free(&o);
	sink_close(&s);
}

static void test_flush_error(void **state)
{
	struct pipe_sink s;
	struct obuf o;
	void (*old)(int);

	(void)state;
	old = signal(SIGPIPE, SIG_IGN);
	sink_open(&s);
	close(s.r);	/* nobody reads: EPIPE */
	s.r = open("/dev/null", O_RDONLY);
	assert_int_equal(ob_init(&o, s.w, 32), 0);
	ob_str(&o, "lost");
	assert_int_equal(ob_flush(&o), -1);
	assert_int_equal(o.err, EPIPE);
	assert_int_equal(o.len, 0);
	/* The first error sticks. */
	ob_str(&o, "again");
	assert_int_equal(ob_flush(&o), -1);
	assert_int_equal(o.err, EPIPE);
	ob_free(&o);

	/* A descriptor not open for writing. */
	assert_int_equal(ob_init(&o, s.r, 32), 0);
	ob_str(&o, "x");
	assert_int_equal(ob_flush(&o), -1);
	assert_int_equal(o.err, EBADF);
	/* Writes keep going into the buffer (and are dropped at flush). */
	for (int i = 0; i < 100; i++)
		ob_str(&o, "0123456789");
	assert_true(o.len <= o.cap);
	assert_int_equal(ob_flush(&o), -1);
	ob_free(&o);
	sink_close(&s);
	signal(SIGPIPE, old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_v6_like_inet_ntop),
		cmocka_unit_test(test_str_printf_trim),
		cmocka_unit_test(test_flush_to_pipe),
		cmocka_unit_test(test_growth_past_capacity),
		cmocka_unit_test(test_addr_at_buffer_edge),
		cmocka_unit_test(test_flush_error),
	};

	return cmocka_run_group_tests_name("obuf", tests, NULL, NULL);
}
