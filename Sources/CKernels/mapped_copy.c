// Copying out of a memory-mapped file that may shrink under the mapping (CKernels.h).
//
// Reading a page of a mapping past the file's current end raises SIGBUS, which would
// end the program. While attn_copy_mapped runs, a SIGBUS on its thread jumps back here
// and the copy reports failure; any other SIGBUS goes to the handler that was there before.
#define _GNU_SOURCE
#include "CKernels.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

static _Thread_local sigjmp_buf *volatile guard;
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void on_bus_error(int signal, siginfo_t *info, void *context) {
    if (guard) siglongjmp(*guard, 1);
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) previous.sa_sigaction(signal, info, context);
        return;
    }
    if (previous.sa_handler == SIG_IGN) return;
    if (previous.sa_handler != SIG_DFL) { previous.sa_handler(signal); return; }
    // The default: put it back, and the faulting instruction runs again and ends the program.
    sigaction(SIGBUS, &previous, NULL);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
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
    guard = &here;
    memcpy(destination, source, bytes);
    guard = NULL;
    return 0;
}
