// A fixed set of worker threads that run the pieces of one job at a time (pool.c).
#ifndef ATTN_POOL_H
#define ATTN_POOL_H

/// Runs task(context, i) for every i in 0..<count, on the calling thread and the workers,
/// and returns when all are done. A call made while another thread's job is running
/// runs its pieces on the calling thread alone.
void attn_pool_run(void (*task)(void *context, int index), void *context, int count);

/// Threads a job can use, the caller included.
int attn_pool_threads(void);

#endif
