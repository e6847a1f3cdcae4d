/*
 * test_exp_cache.c - conntrackd's expectation caches
 * (src/conntrackd/exp_cache.c): the reference's hash of the master tuple
 * (numbers from the Python lookup2 model in test_cache.c, with the four
 * IPv4 words src, dst, 2<<16|l4, sport<<16|dport and no zone), equality
 * as nfexp_cmp(), and the counters.
 */
#include "testutil.h"

#include <arpa/inet.h>

#include "exp_cache.h"

static struct ct_expect tftp(uint16_t sport)
{
	struct ct_expect e;

	memset(&e, 0, sizeof(e));
	e.master = (struct ct_tuple){ .l3 = AF_INET, .l4 = IPPROTO_UDP,
		.sport = htons(sport), .dport = htons(69) };
	e.master.src.v4 = e.master.dst.v4 = htonl(0x7f000001);
	e.tuple = e.master;
	e.tuple.sport = 0;
	e.tuple.dport = htons(sport);
	e.timeout = 300;
	snprintf(e.helper, sizeof(e.helper), "tftp");
	e.present = 1u << EXPF_MASTER | 1u << EXPF_TUPLE | 1u << EXPF_TIMEOUT |
		    1u << EXPF_HELPER;
	return e;
}

static void test_hash(void **state)
{
	struct ct_expect a = tftp(3000), b = tftp(3001), c = tftp(3002);

	assert_int_equal(exp_cache_hash(&a), 0x80dde1e2);
	assert_int_equal(exp_cache_hash(&b), 0x2bf04962);
	assert_int_equal(exp_cache_hash(&c), 0x3202a1db);
	/* the zone is not hashed */
	a.master.zone = 7;
	assert_int_equal(exp_cache_hash(&a), 0x80dde1e2);
	a.present = 0;
	assert_int_equal(exp_cache_hash(&a), 0);
}

static int count(struct exp_cache_entry *e, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

static void test_add_find_update_del(void **state)
{
	struct exp_cache *c = exp_cache_create("internal", 16384, 2);
	struct ct_expect a = tftp(3000), b = tftp(3001), x;
	struct exp_cache_entry *e;
	unsigned int n = 0;

	assert_non_null(c);
	assert_non_null(exp_cache_add(c, &a, 10));
	assert_null(exp_cache_add(c, &a, 10));
	assert_int_equal(errno, EEXIST);
	/* the timeout does not count, a different helper does */
	x = a;
	x.timeout = 5;
	assert_non_null(exp_cache_find(c, &x));
	snprintf(x.helper, sizeof(x.helper), "ftp");
	assert_null(exp_cache_find(c, &x));
	/* a field only one side has does not count */
	x = a;
	x.present &= ~(1u << EXPF_HELPER);
	assert_non_null(exp_cache_find(c, &x));
	x.timeout = 99;
	e = exp_cache_update_force(c, &x, 20);
	assert_non_null(e);
	assert_int_equal(e->status, CACHE_ALIVE);
	assert_int_equal(e->lifetime, 10);
	assert_int_equal(e->lastupdate, 20);
	assert_int_equal(e->exp.timeout, 99);
	assert_non_null(exp_cache_add(c, &b, 30));
	assert_null(exp_cache_add(c, &(struct ct_expect){ .present = 0 }, 30));
	assert_int_equal(errno, ENOSPC);
	exp_cache_iterate(c, count, &n);
	assert_int_equal(n, 2);
	exp_cache_set_dead(c, exp_cache_find(c, &b));
	exp_cache_del(c, exp_cache_find(c, &b));
	assert_int_equal(exp_cache_stats(c)->del_ok, 1);
	assert_int_equal(exp_cache_stats(c)->active, 1);
	assert_int_equal(exp_cache_stats(c)->add_ok, 2);
	assert_int_equal(exp_cache_stats(c)->add_fail_enospc, 1);
	assert_int_equal(exp_cache_stats(c)->upd_ok, 1);
	exp_cache_flush(c);
	assert_int_equal(exp_cache_count(c), 0);
	assert_int_equal(exp_cache_stats(c)->objects, 0);
	assert_int_equal(exp_cache_stats(c)->del_ok, 2);
	assert_int_equal(exp_cache_stats(c)->flush, 1);
	exp_cache_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_add_find_update_del),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
