// Which compiled version of the kernels runs (CKernels.h: attn_use_variant), for the files
// that dispatch on it.
#ifndef ATTN_VARIANT_H
#define ATTN_VARIANT_H

/// ATTN_PORTABLE, ATTN_AVX2 or ATTN_AVX512: the version chosen, the widest the CPU has
/// unless a test forced another.
int attn_variant_in_use(void);

#endif
