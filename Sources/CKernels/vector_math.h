// exp and GELU over short runs of doubles, through glibc's vector maths library (vector_math.c).
#ifndef ATTN_VECTOR_MATH_H
#define ATTN_VECTOR_MATH_H

/// y[i] = exp(y[i]) for i in 0..<n.
void vm_exp(double *y, int n);

/// y[i] = y[i]/2·(1 + erf(y[i]/√2)) for i in 0..<n: GELU, the erf form.
void vm_gelu(double *y, int n);

enum { VM_SCALAR = 0, VM_AVX2 = 1, VM_AVX512 = 2, VM_WIDEST = 2 };

/// Makes vm_exp and vm_gelu use libm's one-at-a-time functions (VM_SCALAR) or vector versions
/// no wider than `widest` that the CPU and libc have. Follows attn_use_variant.
void vm_use_vectors(int widest);

#endif
