// One attention head over one sentence (CKernels.h): scores, softmax, weighted values.
//
// A few thousand multiply-adds a head. Each sum is built in a small fixed-size block of
// local variables, 16 at a time, so it stays in vector registers: summed into memory, every
// step would wait for the store of the one before.
#include "CKernels.h"
#include "variant.h"
#include "vector_math.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#define BLOCK 16

// The body, inlined into one function per instruction set as in linear.c.
__attribute__((always_inline))
static inline int head(const double *restrict q, const double *restrict k, const double *restrict v, int tokens, int size,
                       double *restrict scores, double *restrict weights, double *restrict context, int row_stride) {
    const int t = tokens, dh = size, padded = (t + BLOCK - 1) / BLOCK * BLOCK;
    const double scale = 1 / sqrt((double)dh);
    // Kᵀ with its rows padded to whole blocks, so a query's scores against BLOCK keys are one run.
    double *kt = calloc((size_t)padded * (dh > 0 ? dh : 1), sizeof(double));
    if (!kt) return -1;
    for (int j = 0; j < t; j++)
        for (int c = 0; c < dh; c++) kt[(size_t)c * padded + j] = k[(size_t)j * dh + c];
    for (int i = 0; i < t; i++) {
        double *restrict s = scores + (size_t)i * t, *restrict w = weights + (size_t)i * t;
        const double *restrict qi = q + (size_t)i * dh;
        for (int j0 = 0; j0 < t; j0 += BLOCK) {
            double sum[BLOCK] = {0};
            for (int c = 0; c < dh; c++) {
                const double *restrict keys = kt + (size_t)c * padded + j0;
                for (int u = 0; u < BLOCK; u++) sum[u] += qi[c] * keys[u];
            }
            for (int u = 0; u < BLOCK && j0 + u < t; u++) s[j0 + u] = sum[u] * scale;
        }
        double top = -INFINITY;
        for (int j = 0; j < t; j++) top = s[j] > top ? s[j] : top;
        for (int j = 0; j < t; j++) w[j] = s[j] - top;
        vm_exp(w, t);
        double total = 0;
        for (int j = 0; j < t; j++) total += w[j];
        for (int j = 0; j < t; j++) w[j] /= total;
        double *restrict out = context + (size_t)i * row_stride;
        for (int c0 = 0; c0 < dh; c0 += BLOCK) {
            const int n = dh - c0 < BLOCK ? dh - c0 : BLOCK;
            double sum[BLOCK] = {0};
            if (n == BLOCK) {
                for (int j = 0; j < t; j++)
                    for (int u = 0; u < BLOCK; u++) sum[u] += w[j] * v[(size_t)j * dh + c0 + u];
            } else {
                for (int j = 0; j < t; j++)
                    for (int u = 0; u < n; u++) sum[u] += w[j] * v[(size_t)j * dh + c0 + u];
            }
            memcpy(out + c0, sum, sizeof(double) * (size_t)n);
        }
    }
    free(kt);
    return 0;
}

typedef int (*head_fn)(const double *, const double *, const double *, int, int, double *, double *, double *, int);
static int head_portable(const double *q, const double *k, const double *v, int t, int dh, double *s, double *w, double *c, int r) {
    return head(q, k, v, t, dh, s, w, c, r);
}
#if defined(__x86_64__)
__attribute__((target("arch=x86-64-v3")))
static int head_avx2(const double *q, const double *k, const double *v, int t, int dh, double *s, double *w, double *c, int r) {
    return head(q, k, v, t, dh, s, w, c, r);
}
__attribute__((target("arch=x86-64-v4")))
static int head_avx512(const double *q, const double *k, const double *v, int t, int dh, double *s, double *w, double *c, int r) {
    return head(q, k, v, t, dh, s, w, c, r);
}
#endif

int attn_head(const double *q, const double *k, const double *v, int tokens, int size,
              double *scores, double *weights, double *context, int row_stride) {
    head_fn run = head_portable;
#if defined(__x86_64__)
    int variant = attn_variant_in_use();
    if (variant == ATTN_AVX512) run = head_avx512;
    else if (variant == ATTN_AVX2) run = head_avx2;
#endif
    return run(q, k, v, tokens, size, scores, weights, context, row_stride);
}
