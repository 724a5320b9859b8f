#include <stdio.h>
#include <editline/readline.h>

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* Thread ids and thread-directed signals, which glibc declares only under _GNU_SOURCE and
 * Swift cannot reach through the variadic syscall(). The REPL uses them to keep the
 * terminal's signals on the thread that runs libedit (see Signals in LineEditor.swift). */

static inline pid_t attn_gettid(void) { return (pid_t)syscall(SYS_gettid); }

static inline int attn_tgkill(pid_t tid, int signo) { return (int)syscall(SYS_tgkill, getpid(), tid, signo); }
