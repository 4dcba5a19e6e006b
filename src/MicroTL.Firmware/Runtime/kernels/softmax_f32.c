/* SOFTMAX, float32; mirrors SoftmaxFloat (src/MicroTL/Kernels/SoftmaxFloat.cs), TFLite's
 * reference_ops::Softmax.
 *
 * Layouts: input [R, D], output [R, D]; the softmax runs over the last axis D.
 *   y_c = e_c / Σ_k e_k,  e_c = expf((x_c - max) · beta)
 * In single precision, summed k = 0..D-1. Bit-identity with the C# needs the same exp: mtl_expf
 * (mtl_float_math.h) says when it holds. */
#include "mtl_float_math.h"
#include "mtl_kernels.h"

void mtl_softmax_f32(const mtl_softmax_f32_params *params, const float *input, float *output)
{
    const int32_t depth = params->depth;
    for (int32_t r = 0; r < params->rows; r++) {
        const float *x = input + r * depth;
        float *y = output + r * depth;
        float max = -3.40282347e+38f; /* float.MinValue */
        for (int32_t c = 0; c < depth; c++) max = mtl_max_f32(max, x[c]);
        float sum = 0.0f;
        for (int32_t c = 0; c < depth; c++) {
            const float e = mtl_expf((x[c] - max) * params->beta);
            y[c] = e;
            sum += e;
        }
        for (int32_t c = 0; c < depth; c++) y[c] /= sum;
    }
}
