// y = x·Wᵀ + b in float32 for the pretrained model (CKernels.h).
//
// A sentence is a few rows against weights used once per row, so the product is a stream
// through W. W is packed once into panels that the kernel reads front to back; x is rounded
// to float32 per call, its rows padded with zeros to whole tiles of TILE rows. For one panel
// and one tile the kernel keeps TILE × 32 sums in registers (sixteen 16-float vectors):
// per input it loads two vectors of W and broadcasts TILE values of x, 2·TILE multiply-adds.
// The portable body below is compiled for AVX2 and for any CPU; AVX-512 machines run the same
// kernel written in intrinsics. The widest the CPU has runs. GELU is vector_math.c's.
#define _GNU_SOURCE
#include "CKernels.h"
#include "pool.h"
#include "variant.h"
#include "vector_math.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define X86 1
#else
#define X86 0
#endif

#define WIDTH ATTN_PANEL_WIDTH
#define TILE 8
// Below this, panels come from malloc.
#define HUGE (2 << 20)

typedef float vec16 __attribute__((vector_size(64), aligned(4)));

static int panels_of(int outputs) { return (outputs + WIDTH - 1) / WIDTH; }

size_t attn_packed_count(int outputs, int inputs) {
    return (size_t)panels_of(outputs) * (size_t)inputs * WIDTH;
}

float *attn_panels_allocate(int outputs, int inputs) {
    size_t bytes = attn_packed_count(outputs, inputs) * sizeof(float);
    if (bytes < HUGE) return calloc(bytes ? bytes : 1, 1);
    // Tens of megabytes written once: huge pages turn thousands of page faults into a few.
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

void attn_panels_free(float *panels, int outputs, int inputs) {
    size_t bytes = attn_packed_count(outputs, inputs) * sizeof(float);
    if (bytes < HUGE) free(panels);
    else munmap(panels, bytes);
}

void attn_pack_rows(const float *w, int rows, int inputs, int first, float *panels) {
    for (int r = 0; r < rows; r++) {
        int o = first + r;
        float *column = panels + (size_t)(o / WIDTH) * inputs * WIDTH + o % WIDTH;
        const float *row = w + (size_t)r * inputs;
        for (int k = 0; k < inputs; k++) column[(size_t)k * WIDTH] = row[k];
    }
}

float attn_packed_at(const float *panels, int inputs, int output, int input) {
    return panels[((size_t)(output / WIDTH) * inputs + input) * WIDTH + output % WIDTH];
}

struct product {
    const float *panels, *tiles;
    const double *bias, *residual;
    double *y;
    int outputs, inputs, rows, activation;
};

// One output row of a panel: the float32 sums widened, then the bias, the residual and the
// activation in double. Inlined into each version, so each vectorises it its own way.
__attribute__((always_inline))
static inline void finish_row(const struct product *job, const float *sums, int row, int first, int width) {
    const size_t at = (size_t)row * job->outputs + first;
    double *out = job->y + at;
    const double *bias = job->bias + first, *residual = job->residual ? job->residual + at : NULL;
    for (int j = 0; j < width; j++) out[j] = (double)sums[j] + bias[j] + (residual ? residual[j] : 0);
    if (job->activation == ATTN_GELU) vm_gelu(out, width);
}

// The kernel's body, inlined into one function per instruction set.
__attribute__((always_inline))
static inline void panel_body(const struct product *job, int p) {
    const int inputs = job->inputs, tiles = (job->rows + TILE - 1) / TILE;
    const int first = p * WIDTH, width = job->outputs - first < WIDTH ? job->outputs - first : WIDTH;
    const float *w = job->panels + (size_t)p * inputs * WIDTH;
    for (int q = 0; q < tiles; q++) {
        const float *x = job->tiles + (size_t)q * TILE * inputs;
        vec16 lo[TILE] = {0}, hi[TILE] = {0};
        for (int k = 0; k < inputs; k++) {
            vec16 w0 = *(const vec16 *)(w + (size_t)k * WIDTH), w1 = *(const vec16 *)(w + (size_t)k * WIDTH + 16);
            for (int i = 0; i < TILE; i++) {
                lo[i] += x[(size_t)i * inputs + k] * w0;
                hi[i] += x[(size_t)i * inputs + k] * w1;
            }
        }
        for (int i = 0; i < TILE && q * TILE + i < job->rows; i++) {
            float sums[WIDTH];
            for (int j = 0; j < 16; j++) { sums[j] = lo[i][j]; sums[16 + j] = hi[i][j]; }
            finish_row(job, sums, q * TILE + i, first, width);
        }
    }
}

#if X86
// The same kernel in AVX-512 intrinsics, with the sums named one by one: written as arrays
// of vectors the compiler may keep them in memory, which halves the speed.
#define ROW(i, A, B) { __m512 s = _mm512_set1_ps(xk[(size_t)i * inputs]); A = _mm512_fmadd_ps(s, w0, A); B = _mm512_fmadd_ps(s, w1, B); }
__attribute__((target("arch=x86-64-v4")))
static void panel_avx512(void *context, int p) {
    const struct product *job = context;
    const int inputs = job->inputs, tiles = (job->rows + TILE - 1) / TILE;
    const int first = p * WIDTH, width = job->outputs - first < WIDTH ? job->outputs - first : WIDTH;
    const float *w = job->panels + (size_t)p * inputs * WIDTH;
    for (int q = 0; q < tiles; q++) {
        const float *x = job->tiles + (size_t)q * TILE * inputs;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        __m512 b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int k = 0; k < inputs; k++) {
            __m512 w0 = _mm512_loadu_ps(w + (size_t)k * WIDTH), w1 = _mm512_loadu_ps(w + (size_t)k * WIDTH + 16);
            const float *xk = x + k;
            ROW(0, a0, b0) ROW(1, a1, b1) ROW(2, a2, b2) ROW(3, a3, b3) ROW(4, a4, b4) ROW(5, a5, b5) ROW(6, a6, b6) ROW(7, a7, b7)
        }
        __m512 lo[TILE] = {a0, a1, a2, a3, a4, a5, a6, a7}, hi[TILE] = {b0, b1, b2, b3, b4, b5, b6, b7};
        for (int i = 0; i < TILE && q * TILE + i < job->rows; i++) {
            float sums[WIDTH];
            _mm512_storeu_ps(sums, lo[i]);
            _mm512_storeu_ps(sums + 16, hi[i]);
            finish_row(job, sums, q * TILE + i, first, width);
        }
    }
}
#undef ROW
#endif

static void panel_portable(void *job, int p) { panel_body(job, p); }
#if X86
__attribute__((target("arch=x86-64-v3")))
static void panel_avx2(void *job, int p) { panel_body(job, p); }
#endif

static atomic_int variant;

int attn_variant_in_use(void) {
    int v = atomic_load(&variant);
    return v == ATTN_AUTOMATIC ? attn_use_variant(ATTN_AUTOMATIC) : v;
}

static int widest(void) {
#if X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) return ATTN_AVX512;
    if (__builtin_cpu_supports("x86-64-v3")) return ATTN_AVX2;
#endif
    return ATTN_PORTABLE;
}

int attn_use_variant(int wanted) {
    int best = widest();
    int chosen = wanted == ATTN_AUTOMATIC ? best : wanted >= ATTN_PORTABLE && wanted <= best ? wanted : ATTN_PORTABLE;
    atomic_store(&variant, chosen);
    vm_use_vectors(chosen == ATTN_AVX512 ? VM_AVX512 : chosen == ATTN_AVX2 ? VM_AVX2 : VM_SCALAR);
    return chosen;
}

int attn_linear(const float *panels, int outputs, int inputs, const double *x, int rows,
                const double *bias, const double *residual, int activation, double *y) {
    if (rows <= 0 || outputs <= 0) return 0;
    int v = attn_variant_in_use();
    int tiles = (rows + TILE - 1) / TILE;
    size_t count = (size_t)rows * inputs, padded = (size_t)tiles * TILE * inputs;
    float *packed = malloc((padded > 0 ? padded : 1) * sizeof(float));
    if (!packed) return -1;
    for (size_t i = 0; i < count; i++) packed[i] = (float)x[i];
    for (size_t i = count; i < padded; i++) packed[i] = 0;
    struct product job = {panels, packed, bias, residual, y, outputs, inputs, rows, activation};
    void (*panel)(void *, int) = panel_portable;
#if X86
    if (v == ATTN_AVX512) panel = panel_avx512;
    else if (v == ATTN_AVX2) panel = panel_avx2;
#endif
    attn_pool_run(panel, &job, panels_of(outputs));
    free(packed);
    return 0;
}

int attn_threads(void) { return attn_pool_threads(); }

void attn_parallel(void (*task)(void *, int), void *context, int count) { attn_pool_run(task, context, count); }
