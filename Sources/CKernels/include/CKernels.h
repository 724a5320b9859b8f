// The C that the Models module needs: the pretrained model's float32 matrix kernel (y = x·Wᵀ + b
// for a few rows of x, the tokens of one sentence, against a weight matrix packed once at load),
// its worker threads, one attention head, and a copy out of a mapped file that survives the
// file shrinking.
#ifndef ATTN_CKERNELS_H
#define ATTN_CKERNELS_H

#include <stddef.h>

/// Columns of W (outputs) per panel: the kernel's width, two 16-float vectors.
#define ATTN_PANEL_WIDTH 32

/// Floats needed to hold W (outputs × inputs) packed: whole panels, the last one padded with zeros.
size_t attn_packed_count(int outputs, int inputs);

/// Zeroed memory for the panels of an outputs × inputs W (huge pages when it is big), or NULL.
float *attn_panels_allocate(int outputs, int inputs);

/// Frees what attn_panels_allocate gave for the same sizes.
void attn_panels_free(float *panels, int outputs, int inputs);

/// Packs `rows` rows of W (row-major, `inputs` each) as rows first ..< first + rows of the
/// panels: for each panel of ATTN_PANEL_WIDTH outputs, the inputs in order, each holding
/// that panel's ATTN_PANEL_WIDTH weights side by side. W can so be packed a block at a time.
void attn_pack_rows(const float *w, int rows, int inputs, int first, float *panels);

/// W[output][input] read back from the panels.
float attn_packed_at(const float *panels, int inputs, int output, int input);

/// What is applied to each output after the bias and the residual.
enum attn_activation { ATTN_IDENTITY = 0, ATTN_GELU = 1 };

/// y (rows × outputs, row-major, double) = x (rows × inputs, row-major, double) · Wᵀ + bias
/// (+ residual, rows × outputs, when not NULL), then the activation (GELU: y/2·(1 + erf(y/√2))).
/// Products are float32 with float32 sums, as PyTorch computes a float32 Linear; the bias,
/// the residual and the activation are double. Spread over the worker threads; returns 0,
/// or -1 if memory ran out (y untouched).
int attn_linear(const float *panels, int outputs, int inputs, const double *x, int rows,
                const double *bias, const double *residual, int activation, double *y);

/// Runs task(context, i) for every i in 0..<count on attn_linear's threads, and returns
/// when all are done: for the model's other per-sentence work (one head per task).
void attn_parallel(void (*task)(void *context, int index), void *context, int count);

/// The threads attn_linear uses, the caller included: the cores this process may run on,
/// at most 16, or $ATTN_TUTOR_THREADS.
int attn_threads(void);

/// Which compiled version of the kernel runs. The widest the CPU has is chosen at the first
/// call; tests force each in turn to check them all against each other.
enum attn_variant { ATTN_AUTOMATIC = 0, ATTN_PORTABLE = 1, ATTN_AVX2 = 2, ATTN_AVX512 = 3 };

/// Forces a version (ATTN_AUTOMATIC: the widest available again); ATTN_PORTABLE also makes
/// exp and GELU's erf one libm call per number instead of glibc's vector versions. Returns the version now in
/// use, which is ATTN_PORTABLE when the CPU lacks the one asked for.
int attn_use_variant(int variant);

/// One attention head over a sentence of `tokens` tokens: q, k, v are tokens × size
/// (row-major); writes scores (QKᵀ/√size, tokens × tokens), weights (their softmax over
/// each row) and the head's output, row i at context + i·row_stride. Returns 0, or -1 if
/// memory ran out.
int attn_head(const double *q, const double *k, const double *v, int tokens, int size,
              double *scores, double *weights, double *context, int row_stride);

/// Copies `bytes` bytes out of a memory-mapped file. Returns 0, or -1 when the file has
/// become shorter than its mapping (the read raised SIGBUS); `destination` is then partly written.
int attn_copy_mapped(void *destination, const void *source, size_t bytes);

#endif
