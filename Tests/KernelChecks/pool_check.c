// Alternating a small and a large job as fast as C allows: each piece must run exactly once,
// with its own job's context, and before attn_parallel returns (KernelChecks.h).
#include "KernelChecks.h"
#include "CKernels.h"

#include <stdatomic.h>

struct job { int count; atomic_int hits[64]; atomic_int live; };
static atomic_long wrong;

static void piece(void *context, int i) {
    struct job *j = context;
    if (!atomic_load(&j->live) || i < 0 || i >= j->count) { atomic_fetch_add(&wrong, 1); return; }
    atomic_fetch_add(&j->hits[i], 1);
    if (!atomic_load(&j->live)) atomic_fetch_add(&wrong, 1);
}

long attn_check_pool(long jobs) {
    // Two records used in turn, as attn_linear reuses one stack slot.
    static struct job records[2];
    atomic_store(&wrong, 0);
    long bad = 0;
    for (long n = 0; n < jobs; n++) {
        struct job *j = &records[n & 1];
        j->count = (n & 1) ? 64 : 2;
        for (int i = 0; i < 64; i++) atomic_store(&j->hits[i], 0);
        atomic_store(&j->live, 1);
        attn_parallel(piece, j, j->count);
        atomic_store(&j->live, 0);
        for (int i = 0; i < j->count; i++) bad += atomic_load(&j->hits[i]) != 1;
    }
    return bad + atomic_load(&wrong);
}
