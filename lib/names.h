/*
 * names.h - the names conntrack prints and parses: layer 3 and 4
 * protocols, TCP/SCTP/DCCP states, DCCP roles, status flags.
 */
#ifndef NAMES_H
#define NAMES_H

#include <stdint.h>

/* "ipv4", "ipv6", else "unknown". */
const char *name_l3(uint8_t l3);
/* "tcp", "udp", ... for the protocols conntrack knows, else "unknown". */
const char *name_l4(uint8_t l4);

/* State tables: index -> name, NULL where the index has none. */
enum { NAMES_TCP_STATES = 10, NAMES_SCTP_STATES = 10, NAMES_DCCP_STATES = 10 };
extern const char *const names_tcp_state[NAMES_TCP_STATES];
extern const char *const names_sctp_state[NAMES_SCTP_STATES];
extern const char *const names_dccp_state[NAMES_DCCP_STATES];
extern const char *const names_dccp_role[2];

/* State name as the listing prints it: unknown values print as "NONE". */
const char *name_tcp_state(uint8_t s);
const char *name_sctp_state(uint8_t s);
const char *name_dccp_state(uint8_t s);

#endif
