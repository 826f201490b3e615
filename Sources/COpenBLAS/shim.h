// Debian's libopenblas-dev puts cblas.h in the multiarch include folder that pkg-config names.
#include <cblas.h>
