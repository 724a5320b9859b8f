// Checks of the model's worker pool that need C's speed to reach its races (pool_check.c).
#ifndef ATTN_KERNEL_CHECKS_H
#define ATTN_KERNEL_CHECKS_H

/// Runs `jobs` jobs through attn_parallel back to back, alternating 2 and 64 pieces, and
/// returns how many pieces ran twice, never, with another job's context, or after their
/// job had returned. 0 is right.
long attn_check_pool(long jobs);

#endif
