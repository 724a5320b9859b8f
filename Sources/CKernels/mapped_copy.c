// Copying out of a memory-mapped file that may shrink under the mapping (CKernels.h).
//
// Reading a page of a mapping past the file's current end raises SIGBUS, which would
// end the program. While attn_copy_mapped runs, such a fault on its thread, at an address
// it is reading, jumps back here and the copy reports failure; any other SIGBUS goes to the
// handler that was there before (the Swift runtime's crash report, or the default).
#define _GNU_SOURCE
#include "CKernels.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <signal.h>
#include <string.h>

// Set while this thread copies: where to jump back to, and the bytes being read.
static _Thread_local sigjmp_buf *volatile guard;
static _Thread_local const char *volatile guard_from, *volatile guard_to;
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void on_bus_error(int signal, siginfo_t *info, void *context) {
    (void)context;
    // A fault (not a kill) at an address the guarded copy reads: the file has shrunk.
    if (guard && info && info->si_code > 0 && (const char *)info->si_addr >= guard_from && (const char *)info->si_addr < guard_to)
        siglongjmp(*guard, 1);
    // Not ours: the handler that was there before gets it, as if this one had never been.
    // A fault runs its instruction again on return and so reaches it (the kernel turns an
    // ignored fault into the default action); a signal sent by kill is sent again.
    sigaction(SIGBUS, &previous, NULL);
    if (!info || info->si_code <= 0) raise(signal);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous);
}

int attn_copy_mapped(void *destination, const void *source, size_t bytes) {
    pthread_once(&installed, install);
    sigjmp_buf here;
    if (sigsetjmp(here, 1) != 0) {
        guard = NULL;
        return -1;
    }
    guard_from = source;
    guard_to = (const char *)source + bytes;
    guard = &here;
    atomic_signal_fence(memory_order_seq_cst);
    memcpy(destination, source, bytes);
    atomic_signal_fence(memory_order_seq_cst);
    guard = NULL;
    return 0;
}
