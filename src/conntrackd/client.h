/*
 * client.h - the client side of the control socket: send one request to
 * a running daemon and copy its answer to stdout.
 */
#ifndef CLIENT_H
#define CLIENT_H

/*
 * Connect to the daemon's socket at path, send request (4 bytes, host
 * order) and print what comes back until the daemon closes. Returns 0
 * once the request was sent, -1 when the socket cannot be reached.
 */
int client_request(const char *path, int request);

#endif
