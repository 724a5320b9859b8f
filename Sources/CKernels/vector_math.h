// exp and GELU over short runs of doubles, through glibc's vector maths library (vector_math.c).
#ifndef ATTN_VECTOR_MATH_H
#define ATTN_VECTOR_MATH_H

/// y[i] = exp(y[i]) for i in 0..<n.
void vm_exp(double *y, int n);

/// y[i] = y[i]/2·(1 + erf(y[i]/√2)) for i in 0..<n: GELU, the erf form.
void vm_gelu(double *y, int n);

/// Makes vm_exp and vm_gelu use libm's one-at-a-time functions (widest = 0) or the widest
/// vector versions the CPU and libc have (widest = 1). Tests compare the two.
void vm_use_vectors(int widest);

#endif
