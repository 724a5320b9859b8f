// exp and GELU over short runs of doubles (vector_math.h).
//
// glibc's libmvec has exp and erf for 8 doubles (AVX-512) and 4 (AVX2), within 4 ulp, a
// few times faster than calling exp() or erf() per number. They are looked up at run
// time, so a libc without them still links and runs, one number at a time.
#define _GNU_SOURCE
#include "vector_math.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#define SQRT_HALF 0.7071067811865476

static void exp_scalar(double *y, int n) {
    for (int i = 0; i < n; i++) y[i] = exp(y[i]);
}

static void gelu_scalar(double *y, int n) {
    for (int i = 0; i < n; i++) y[i] = 0.5 * y[i] * (1 + erf(y[i] * SQRT_HALF));
}

typedef void (*run_fn)(double *, int);
static _Atomic(run_fn) exp_run = exp_scalar, gelu_run = gelu_scalar;

#if defined(__x86_64__)
#include <immintrin.h>

typedef __m512d (*math8_fn)(__m512d);
typedef __m256d (*math4_fn)(__m256d);
static math8_fn exp8, erf8;
static math4_fn exp4, erf4;

__attribute__((target("avx512f")))
static void exp_avx512(double *y, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, exp8(_mm512_loadu_pd(y + i)));
    exp_scalar(y + i, n - i);
}

__attribute__((target("avx512f")))
static void gelu_avx512(double *y, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512d v = _mm512_loadu_pd(y + i);
        __m512d e = erf8(_mm512_mul_pd(v, _mm512_set1_pd(SQRT_HALF)));
        _mm512_storeu_pd(y + i, _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.5), v), _mm512_add_pd(_mm512_set1_pd(1), e)));
    }
    gelu_scalar(y + i, n - i);
}

__attribute__((target("avx2")))
static void exp_avx2(double *y, int n) {
    int i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, exp4(_mm256_loadu_pd(y + i)));
    exp_scalar(y + i, n - i);
}

__attribute__((target("avx2")))
static void gelu_avx2(double *y, int n) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(y + i);
        __m256d e = erf4(_mm256_mul_pd(v, _mm256_set1_pd(SQRT_HALF)));
        _mm256_storeu_pd(y + i, _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), v), _mm256_add_pd(_mm256_set1_pd(1), e)));
    }
    gelu_scalar(y + i, n - i);
}
#endif

static pthread_once_t looked_up = PTHREAD_ONCE_INIT;
static void choose(int widest);

static void look_up(void) {
#if defined(__x86_64__)
    void *mvec = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
    if (mvec) {
        exp8 = (math8_fn)dlsym(mvec, "_ZGVeN8v_exp");
        erf8 = (math8_fn)dlsym(mvec, "_ZGVeN8v_erf");
        exp4 = (math4_fn)dlsym(mvec, "_ZGVdN4v_exp");
        erf4 = (math4_fn)dlsym(mvec, "_ZGVdN4v_erf");
    }
#endif
    choose(VM_WIDEST);
}

static void choose(int widest) {
    run_fn e = exp_scalar, g = gelu_scalar;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (widest >= VM_AVX512 && __builtin_cpu_supports("avx512f") && exp8 && erf8) { e = exp_avx512; g = gelu_avx512; }
    else if (widest >= VM_AVX2 && __builtin_cpu_supports("avx2") && exp4 && erf4) { e = exp_avx2; g = gelu_avx2; }
#else
    (void)widest;
#endif
    atomic_store(&exp_run, e);
    atomic_store(&gelu_run, g);
}

void vm_use_vectors(int widest) {
    // After the lookup, so that its own choice of the widest cannot undo this one.
    pthread_once(&looked_up, look_up);
    choose(widest);
}

void vm_exp(double *y, int n) {
    pthread_once(&looked_up, look_up);
    atomic_load_explicit(&exp_run, memory_order_relaxed)(y, n);
}

void vm_gelu(double *y, int n) {
    pthread_once(&looked_up, look_up);
    atomic_load_explicit(&gelu_run, memory_order_relaxed)(y, n);
}
