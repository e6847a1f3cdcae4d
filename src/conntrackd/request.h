/*
 * request.h - the control-socket requests of conntrackd 1.4.x. A client
 * sends one code as a 4-byte host-order int per connection; the numbers
 * are the reference's (include/conntrackd.h), so clients and daemons of
 * either implementation talk to each other.
 */
#ifndef REQUEST_H
#define REQUEST_H

enum ctd_request {
	REQ_CT_FLUSH_MASTER	= 0,	/* -F ct: flush the kernel ct table */
	REQ_CT_RESYNC_MASTER	= 1,	/* -R ct: resync with the kernel */
	REQ_CT_DUMP_INTERNAL	= 16,	/* -i */
	REQ_CT_DUMP_EXTERNAL	= 17,	/* -e */
	REQ_CT_COMMIT		= 18,	/* -c ct */
	REQ_CT_FLUSH_CACHE	= 19,	/* (no option sends it) */
	REQ_KILL		= 20,	/* -k */
	REQ_STATS		= 21,	/* -s, -s ct */
	REQ_SEND_BULK		= 22,	/* -B */
	REQ_REQUEST_DUMP	= 23,	/* -n */
	REQ_CT_DUMP_INT_XML	= 24,	/* -i -x */
	REQ_CT_DUMP_EXT_XML	= 25,	/* -e -x */
	REQ_RESET_TIMERS	= 26,	/* -t */
	REQ_DEBUG_INFO		= 27,	/* (unused) */
	REQ_STATS_NETWORK	= 28,
	REQ_STATS_CACHE		= 29,
	REQ_STATS_RUNTIME	= 30,
	REQ_STATS_LINK		= 31,
	REQ_STATS_RSQUEUE	= 32,
	REQ_CT_FLUSH_INT_CACHE	= 33,	/* -f internal */
	REQ_CT_FLUSH_EXT_CACHE	= 34,	/* -f external */
	REQ_STATS_PROCESS	= 35,
	REQ_STATS_QUEUE		= 36,
	REQ_EXP_STATS		= 37,	/* -s expect */
	REQ_EXP_FLUSH_MASTER	= 38,	/* -F expect */
	REQ_EXP_RESYNC_MASTER	= 39,	/* -R expect */
	REQ_EXP_DUMP_INTERNAL	= 40,	/* -i expect */
	REQ_EXP_DUMP_EXTERNAL	= 41,	/* -e expect */
	REQ_EXP_COMMIT		= 42,	/* -c expect */
	REQ_ALL_FLUSH_MASTER	= 43,	/* -F */
	REQ_ALL_RESYNC_MASTER	= 44,	/* -R */
	REQ_ALL_FLUSH_CACHE	= 45,	/* -f */
	REQ_ALL_COMMIT		= 46,	/* -c */
	REQ_EXP_DUMP_INT_XML	= 47,	/* -i expect -x */
	REQ_EXP_DUMP_EXT_XML	= 48,	/* -e expect -x */
};

#endif
