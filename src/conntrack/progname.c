/*
 * progname.c - netlink port id -> process name, through /proc: the port's
 * socket inode from /proc/net/netlink, then the process with that socket
 * among its descriptors (first the process whose pid is the port id, as
 * most programs bind with their pid).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "progname.h"

static int port_inode(uint32_t portid, unsigned long *inode)
{
	FILE *f = fopen("/proc/net/netlink", "r");
	char line[512];
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned int proto, pid;
		unsigned long ino;

		if (sscanf(line, "%*s %u %u %*s %*d %*d %*d %*d %*u %lu",
			   &proto, &pid, &ino) == 3 &&
		    proto == NETLINK_NETFILTER && pid == portid) {
			*inode = ino;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* Does process pid hold socket:[inode]? If so, copy its name. */
static int owner(unsigned long pid, unsigned long inode, char *name, size_t size)
{
	char path[64], link[64], want[48];
	struct dirent *e;
	DIR *d;
	int hit = 0;

	snprintf(path, sizeof(path), "/proc/%lu/fd", pid);
	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	d = opendir(path);
	if (!d)
		return 0;
	while (!hit && (e = readdir(d)) != NULL) {
		char fdpath[64 + sizeof(e->d_name)];
		ssize_t n;

		snprintf(fdpath, sizeof(fdpath), "%s/%s", path, e->d_name);
		n = readlink(fdpath, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		hit = strcmp(link, want) == 0;
	}
	closedir(d);
	if (hit) {
		FILE *f;
		char stat[512], *open, *close;

		snprintf(path, sizeof(path), "/proc/%lu/stat", pid);
		f = fopen(path, "r");
		if (!f || !fgets(stat, sizeof(stat), f)) {
			if (f)
				fclose(f);
			return 0;
		}
		fclose(f);
		open = strchr(stat, '(');
		close = strrchr(stat, ')');
		if (!open || !close || close < open)
			return 0;
		snprintf(name, size, "%.*s", (int)(close - open - 1), open + 1);
	}
	return hit;
}

static int search(unsigned long inode, uint32_t portid, char *name, size_t size)
{
	struct dirent *e;
	DIR *d;
	int hit;

	if (owner(portid, inode, name, size))
		return 1;
	d = opendir("/proc");
	if (!d)
		return 0;
	for (hit = 0; !hit && (e = readdir(d)) != NULL;) {
		char *end;
		unsigned long pid = strtoul(e->d_name, &end, 10);

		if (!isdigit((unsigned char)e->d_name[0]) || *end || pid <= 1 ||
		    pid == portid)
			continue;
		hit = owner(pid, inode, name, size);
	}
	closedir(d);
	return hit;
}

const char *progname_of(struct progname_cache *c, uint32_t portid)
{
	struct timespec ts;
	unsigned long inode;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (c->valid && c->portid == portid && ts.tv_sec - c->when < 1)
		return c->name[0] ? c->name : NULL;
	if (!port_inode(portid, &inode))
		return NULL;
	c->when = ts.tv_sec;
	if (c->valid && c->portid == portid && c->inode == inode)
		return c->name[0] ? c->name : NULL;
	c->portid = portid;
	c->inode = inode;
	c->valid = 1;
	c->name[0] = '\0';
	if (!search(inode, portid, c->name, sizeof(c->name)))
		c->name[0] = '\0';
	return c->name[0] ? c->name : NULL;
}
