// Worker threads for the model's matrix products.
//
// A forward pass makes a few dozen products of ~50–100 µs each, back to back. Waking a
// sleeping thread costs tens of µs, so after a job a worker spins for a while before it
// sleeps: during a forward pass the next job finds it awake, and an idle tutor uses no CPU.
#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#define relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define relax() __asm__ __volatile__("yield")
#else
#define relax() ((void)0)
#endif

// How long a worker stays awake after its last job: longer than the gaps between the
// products of one forward pass (tens of µs), short enough not to hold a core another
// process wants.
static const int64_t spin_nanoseconds = 300000;
static const int most_threads = 16;

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int threads = 1;
// One job at a time; a second caller does its job alone rather than wait.
static pthread_mutex_t owner = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

// The current job, published by a release store of `generation`.
typedef void (*task_fn)(void *, int);
static _Atomic(task_fn) job_task;
static _Atomic(void *) job_context;
static atomic_int job_count;
static atomic_uint generation;
// The job's generation in the high 32 bits and its next unclaimed piece in the low 32.
// A worker claims only with the generation it saw, and attn_pool_run moves the ticket to the
// next generation before it changes the job's fields, so a worker that wakes late can never
// claim a piece of one job with another job's task, context or count.
static _Atomic uint64_t ticket;
static atomic_int unfinished;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

// Claims and runs pieces of generation `g` until none is left.
static void work(unsigned g, void (*task)(void *, int), void *context, int count) {
    uint64_t t = atomic_load_explicit(&ticket, memory_order_acquire);
    for (;;) {
        if ((unsigned)(t >> 32) != g || (int)(uint32_t)t >= count) return;
        if (!atomic_compare_exchange_weak_explicit(&ticket, &t, t + 1, memory_order_acq_rel, memory_order_acquire)) continue;
        task(context, (int)(uint32_t)t);
        atomic_fetch_sub_explicit(&unfinished, 1, memory_order_acq_rel);
        t = atomic_load_explicit(&ticket, memory_order_acquire);
    }
}

static void *worker(void *unused) {
    (void)unused;
    // Starting from 0, a worker that starts late still joins a job already under way.
    unsigned seen = 0;
    for (;;) {
        unsigned g = atomic_load_explicit(&generation, memory_order_acquire);
        if (g == seen) {
            int64_t until = now_ns() + spin_nanoseconds;
            for (int i = 1; (g = atomic_load_explicit(&generation, memory_order_acquire)) == seen; i++) {
                relax();
                if ((i & 255) == 0 && now_ns() > until) break;
            }
        }
        if (g == seen) {
            pthread_mutex_lock(&sleep_lock);
            while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen) pthread_cond_wait(&wake, &sleep_lock);
            pthread_mutex_unlock(&sleep_lock);
        }
        seen = g;
        task_fn task = atomic_load_explicit(&job_task, memory_order_relaxed);
        void *context = atomic_load_explicit(&job_context, memory_order_relaxed);
        int count = atomic_load_explicit(&job_count, memory_order_relaxed);
        // Pairs with the caller's release fence: a worker that read any field of a later job
        // also sees that job's ticket, and so claims nothing with this generation.
        atomic_thread_fence(memory_order_acquire);
        work(g, task, context, count);
    }
    return NULL;
}

// The CPUs this process may run on: its affinity mask, and a cgroup quota if there is one.
static int available(void) {
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : (int)sysconf(_SC_NPROCESSORS_ONLN);
    FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
    if (f) {
        long quota = 0, period = 0;
        char first[32] = {0};
        if (fscanf(f, "%31s %ld", first, &period) == 2 && strcmp(first, "max") != 0 && period > 0) {
            quota = strtol(first, NULL, 10);
            if (quota > 0) {
                long allowed = (quota + period - 1) / period;
                if (allowed < n) n = (int)allowed;
            }
        }
        fclose(f);
    }
    return n < 1 ? 1 : n;
}

static int cores(void) {
    int n = available();
    const char *forced = getenv("ATTN_TUTOR_THREADS");
    if (forced) {
        // More threads than CPUs only take turns spinning; a value that is not a count is ignored.
        char *end;
        long asked = strtol(forced, &end, 10);
        if (end != forced && *end == 0 && asked >= 1) n = asked < n ? (int)asked : n;
    }
    return n < most_threads ? n : most_threads;
}

static void start(void) {
    int wanted = cores();
    threads = 1;
    for (int i = 1; i < wanted; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_t id;
        if (pthread_create(&id, &attr, worker, NULL) == 0) threads++;
        pthread_attr_destroy(&attr);
    }
}

int attn_pool_threads(void) {
    pthread_once(&started, start);
    return threads;
}

void attn_pool_run(void (*task)(void *, int), void *context, int count) {
    if (count <= 0) return;
    if (attn_pool_threads() == 1 || count == 1 || pthread_mutex_trylock(&owner) != 0) {
        for (int i = 0; i < count; i++) task(context, i);
        return;
    }
    unsigned g = atomic_load_explicit(&generation, memory_order_relaxed) + 1;
    // Close the previous job's ticket before its fields change: a worker still holding the
    // old generation that reads any new field sees this ticket too, and claims nothing.
    atomic_store_explicit(&ticket, (uint64_t)g << 32, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&job_task, task, memory_order_relaxed);
    atomic_store_explicit(&job_context, context, memory_order_relaxed);
    atomic_store_explicit(&job_count, count, memory_order_relaxed);
    atomic_store_explicit(&unfinished, count, memory_order_relaxed);
    pthread_mutex_lock(&sleep_lock);
    atomic_store_explicit(&generation, g, memory_order_release);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
    work(g, task, context, count);
    // A worker still on its last piece usually finishes within microseconds; one that the
    // system has switched out needs a core, so after a short spin this thread offers its own.
    int64_t patience = 0;
    for (int i = 1; atomic_load_explicit(&unfinished, memory_order_acquire) > 0; i++) {
        if (i < 64) { relax(); continue; }
        if (patience == 0) patience = now_ns() + 50000;
        if (now_ns() < patience) relax();
        else sched_yield();
    }
    pthread_mutex_unlock(&owner);
}
