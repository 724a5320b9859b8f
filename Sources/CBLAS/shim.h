// Debian's libopenblas-dev installs cblas.h through the alternatives system;
// the openblas-pthread copy is always present.
#if __has_include(<cblas.h>)
#include <cblas.h>
#else
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
#endif

// The heap in use, for the workspace memory budget (Tensors/Memory.swift): bytes malloc
// has handed out and not had back. <malloc.h> is not part of Swift's Glibc module.
#include <malloc.h>
static inline unsigned long attn_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 m = mallinfo2();
    return (unsigned long)(m.uordblks + m.hblkhd);
#else
    return 0;
#endif
}
