/*
 * process.c - forked children; see process.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cache_dump.h"
#include "ctd.h"
#include "obuf.h"
#include "process.h"

pid_t process_fork(struct ctd *d, enum proc_type type, bool exclusive,
		   void (*done)(void *data), void *data)
{
	struct process_list *pl = &d->procs;
	sigset_t all;
	pid_t pid;

	for (unsigned int i = 0; exclusive && i < pl->n; i++)
		if (pl->p[i].type == type)
			return -1;
	if (pl->n == PROC_MAX)
		return -1;
	pid = fork();
	if (pid == 0) {
		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		return 0;
	}
	if (pid > 0)
		pl->p[pl->n++] = (struct process){ pid, type, done, data };
	return pid;
}

/* Drop pid from the list and run its callback. */
static void forget(struct process_list *pl, pid_t pid)
{
	for (unsigned int i = 0; i < pl->n; i++) {
		struct process p = pl->p[i];

		if (p.pid != pid)
			continue;
		for (unsigned int k = i + 1; k < pl->n; k++)
			pl->p[k - 1] = pl->p[k];
		pl->n--;
		if (p.done)
			p.done(p.data);
		return;
	}
}

static void report_signal(struct ctd *d, pid_t pid, int sig)
{
	d->rt.child_fail++;
	switch (sig) {
	case SIGSEGV:
		d->rt.child_segfault++;
		log_msg(&d->log, LOG_ERR, "child process (pid=%u) has aborted, "
			"received signal SIGSEGV (crashed)", (unsigned int)pid);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGKILL:
		d->rt.child_termsig++;
		log_msg(&d->log, LOG_ERR, "child process (pid=%u) has aborted, "
			"received termination signal (%u)", (unsigned int)pid,
			(unsigned int)sig);
		break;
	default:
		log_msg(&d->log, LOG_NOTICE, "child process (pid=%u) received "
			"signal (%u)", (unsigned int)pid, (unsigned int)sig);
		break;
	}
}

void process_reap(struct ctd *d)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) != 0) {
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				d->rt.wait_failed++;
			break;
		}
		forget(&d->procs, pid);
		if (WIFSIGNALED(status))
			report_signal(d, pid, WTERMSIG(status));
	}
}

void process_show(const struct process_list *pl, struct obuf *o)
{
	static const char *const names[] = {
		[PROC_ANY] = "any", [PROC_FLUSH] = "flush",
		[PROC_COMMIT] = "commit",
	};

	for (unsigned int i = pl->n; i-- > 0;)
		cdump_process(o, (unsigned int)pl->p[i].pid, names[pl->p[i].type]);
}
