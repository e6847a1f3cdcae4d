/*
 * process.h - children the daemon forks for long jobs (the kernel-table
 * flush, later dumps and commits), listed by "-s process" and reaped on
 * SIGCHLD with the reference's messages and counters.
 */
#ifndef PROCESS_H
#define PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

enum proc_type { PROC_ANY, PROC_FLUSH, PROC_COMMIT };

#define PROC_MAX 32

struct process {
	pid_t pid;
	enum proc_type type;
	void (*done)(void *data);	/* run when it has been reaped */
	void *data;
};

struct process_list {
	struct process p[PROC_MAX];	/* oldest first */
	unsigned int n;
};

struct ctd;
struct obuf;

/*
 * Fork a child of the given type. With exclusive, refuse (-1) while a
 * child of that type runs. Returns 0 in the child (whose signals are
 * unblocked again; it must leave with _exit()), the pid in the parent,
 * -1 when not forked.
 */
pid_t process_fork(struct ctd *d, enum proc_type type, bool exclusive,
		   void (*done)(void *data), void *data);

/* Reap the children that ended (SIGCHLD). */
void process_reap(struct ctd *d);

/* "PID=%u type=%s\n" per child, newest first. */
void process_show(const struct process_list *pl, struct obuf *o);

#endif
