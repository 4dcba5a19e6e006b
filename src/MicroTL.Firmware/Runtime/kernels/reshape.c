/* RESHAPE: the output is the input's bytes under another shape (as ReshapeOperator.Eval).
 *
 * Layouts: any type and shape, `bytes` bytes in and out. The two may be the same bytes (an arena
 * planner may place them so), then nothing moves; any other overlap is handled. */
#include <string.h>

#include "mtl_kernels.h"

void mtl_reshape(const void *input, void *output, int32_t bytes)
{
    if (input != output && bytes > 0) memmove(output, input, (size_t)bytes);
}
