/*
 * test_exp.c - expectations: build -> parse round trips, malformed
 * messages, and the default/XML/JSON formats for the fields the TFTP
 * helper's expectations in the system tests do not have (flags, zone,
 * missing helper). Expected bytes follow libnetfilter_conntrack 1.0.9's
 * expect printers.
 */
#include "testutil.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"
#include "exp.h"
#include "fmt_exp.h"

static void tuple(struct ct_tuple *t, uint8_t l4, const char *src, const char *dst,
		  uint16_t sport, uint16_t dport)
{
	memset(t, 0, sizeof(*t));
	t->l3 = AF_INET;
	t->l4 = l4;
	tu_addr(AF_INET, &t->src, src);
	tu_addr(AF_INET, &t->dst, dst);
	t->sport = htons(sport);
	t->dport = htons(dport);
}

static void ftp_data(struct ct_expect *e)
{
	memset(e, 0, sizeof(*e));
	tuple(&e->master, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1025, 21);
	tuple(&e->tuple, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 0, 2000);
	tuple(&e->mask, IPPROTO_TCP, "255.255.255.255", "255.255.255.255", 0, 65535);
	e->present = (1u << EXPF_MASTER) | (1u << EXPF_TUPLE) | (1u << EXPF_MASK);
	e->timeout = 10;
	exp_set(e, EXPF_TIMEOUT);
}

#define FTP_TUPLES "proto=6 src=1.1.1.1 dst=2.2.2.2 sport=0 dport=2000 " \
	"mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 " \
	"master-src=1.1.1.1 master-dst=2.2.2.2 sport=1025 dport=21"

static void test_default_flags_zone_class_helper(void **state)
{
	struct tu_str s;
	struct ct_expect e;

	(void)state;
	tu_str_init(&s);
	ftp_data(&e);
	e.zone = 5;
	exp_set(&e, EXPF_ZONE);
	e.flags = EXP_F_PERMANENT | EXP_F_USERSPACE;
	e.class = 1;
	exp_set(&e, EXPF_CLASS);
	snprintf(e.helper, sizeof(e.helper), "ftp");
	exp_set(&e, EXPF_HELPER);
	fmt_exp_default(&s.o, &e, FMT_MSG_NONE);
	assert_string_equal(tu_str_take(&s), "10 " FTP_TUPLES
			    " zone=5 PERMANENT,USERSPACE class=1 helper=ftp");
	fmt_exp_default(&s.o, &e, FMT_MSG_DESTROY);
	assert_string_equal(tu_str_take(&s), "[DESTROY] 10 " FTP_TUPLES
			    " zone=5 PERMANENT,USERSPACE class=1 helper=ftp");
	tu_str_free(&s);
}

static void test_default_trailing_space_trimmed(void **state)
{
	struct tu_str s;
	struct ct_expect e;

	(void)state;
	tu_str_init(&s);
	ftp_data(&e);
	e.flags = EXP_F_INACTIVE;
	fmt_exp_default(&s.o, &e, FMT_MSG_NONE);
	assert_string_equal(tu_str_take(&s), "10 " FTP_TUPLES " INACTIVE");
	e.flags = 0;
	e.class = 3;
	exp_set(&e, EXPF_CLASS);
	fmt_exp_default(&s.o, &e, FMT_MSG_NEW);
	assert_string_equal(tu_str_take(&s), "    [NEW] 10 " FTP_TUPLES " class=3");
	tu_str_free(&s);
}

static void test_xml_and_json(void **state)
{
	struct tu_str s;
	struct ct_expect e;

	(void)state;
	tu_str_init(&s);
	ftp_data(&e);
	e.flags = EXP_F_PERMANENT;
	e.zone = 7;
	exp_set(&e, EXPF_ZONE);
	fmt_exp_xml(&s.o, &e, FMT_MSG_UPDATE, false);
	assert_string_equal(tu_str_take(&s),
		"<flow type=\"update\"><layer3 protonum=\"2\" protoname=\"ipv4\">"
		"<expected><src>1.1.1.1</src><dst>2.2.2.2</dst></expected>"
		"<mask><src>255.255.255.255</src><dst>255.255.255.255</dst></mask>"
		"<master><src>1.1.1.1</src><dst>2.2.2.2</dst></master></layer3>"
		"<layer4 protonum=\"6\" protoname=\"tcp\"><expected><sport>0</sport>"
		"<dport>2000</dport></expected><mask><sport>0</sport><dport>65535</dport>"
		"</mask><master><sport>1025</sport><dport>21</dport></master></layer4>"
		"<meta><timeout>10</timeout><zone>7</zone><permanent/></meta></flow>");
	fmt_exp_json(&s.o, &e, FMT_MSG_NONE, false);
	assert_string_equal(tu_str_take(&s),
		"{\"version\":1,\"table\":\"expect\",\"family\":\"ipv4\",\"proto\":\"tcp\","
		"\"protonum\":6,\"timeout\":10,\"expected\":{\"src\":\"1.1.1.1\","
		"\"dst\":\"2.2.2.2\",\"sport\":0,\"dport\":2000},\"mask\":{\"src\":"
		"\"255.255.255.255\",\"dst\":\"255.255.255.255\",\"sport\":0,"
		"\"dport\":65535},\"master\":{\"src\":\"1.1.1.1\",\"dst\":\"2.2.2.2\","
		"\"sport\":1025,\"dport\":21},\"zone\":7,\"flags\":[\"PERMANENT\"]}");
	tu_str_free(&s);
}

static void test_build_parse_round_trip(void **state)
{
	char buf[CT_MSG_MAX];
	struct ct_expect e, back;
	struct nlmsghdr *nlh, *copy;

	(void)state;
	ftp_data(&e);
	e.zone = 9;
	exp_set(&e, EXPF_ZONE);
	e.flags = EXP_F_USERSPACE;
	exp_set(&e, EXPF_FLAGS);
	snprintf(e.helper, sizeof(e.helper), "ftp");
	exp_set(&e, EXPF_HELPER);
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_NEW, 0,
			   AF_INET, 1);
	assert_int_equal(exp_build(nlh, &e), 0);
	copy = tu_exact_copy(nlh, nlh->nlmsg_len);
	assert_int_equal(exp_parse(copy, &back), 0);
	assert_int_equal(back.present, e.present);
	assert_memory_equal(&back.master, &e.master, sizeof(e.master));
	assert_memory_equal(&back.tuple, &e.tuple, sizeof(e.tuple));
	assert_memory_equal(&back.mask, &e.mask, sizeof(e.mask));
	assert_int_equal(back.timeout, 10);
	assert_int_equal(back.zone, 9);
	assert_int_equal(back.flags, EXP_F_USERSPACE);
	assert_string_equal(back.helper, "ftp");
	/* Every truncation is refused, never read past. */
	for (uint32_t len = 16; len < nlh->nlmsg_len; len++) {
		struct nlmsghdr *cut = tu_exact_copy(nlh, len);
		int rc = exp_parse(cut, &back);

		if (rc < 0)
			assert_int_equal(errno, EBADMSG);
		free(cut);
	}
	free(copy);
}

static void test_helper_without_nul_is_refused(void **state)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh, *copy;
	struct ct_expect back;

	(void)state;
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_NEW, 0,
			   AF_INET, 1);
	mnl_attr_put(nlh, CTA_EXPECT_HELP_NAME, 3, "ftp");	/* no NUL */
	copy = tu_exact_copy(nlh, nlh->nlmsg_len);
	errno = 0;
	assert_int_equal(exp_parse(copy, &back), -1);
	assert_int_equal(errno, EBADMSG);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_flags_zone_class_helper),
		cmocka_unit_test(test_default_trailing_space_trimmed),
		cmocka_unit_test(test_xml_and_json),
		cmocka_unit_test(test_build_parse_round_trip),
		cmocka_unit_test(test_helper_without_nul_is_refused),
	};

	return cmocka_run_group_tests_name("exp", tests, NULL, NULL);
}
