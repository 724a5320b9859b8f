// Debian's libopenblas-dev installs cblas.h through the alternatives system;
// the openblas-pthread copy is always present.
#if __has_include(<cblas.h>)
#include <cblas.h>
#else
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
#endif
