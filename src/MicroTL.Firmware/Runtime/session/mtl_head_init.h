/* The head's starting parameters, in the layout W1 [H, I] | b1 [H] | W2 [C, H] | b2 [C] (ParameterLayout):
 * He's uniform initialisation (HeadParameters.InitializeHe) and the model's own head dequantized (ModelHead). */
#ifndef MTL_HEAD_INIT_H
#define MTL_HEAD_INIT_H

#include <stdint.h>

#include "mtl_model.h"
#include "mtl_types.h"

/* He uniform: every weight ~ U(-a, a), a = sqrt(6 / fan_in) in float (fan_in I for W1, H for W2); one PCG32 on
 * MTL_STREAM_INITIALISATION of `seed` draws W1 in buffer order, then W2: w = (2 u - 1) a; biases 0. */
void mtl_head_init_he(float *parameters, int32_t inputs, int32_t hidden, int32_t classes, uint64_t seed);

/* The model's two FULLY_CONNECTED layers after the cut as float weights: w = scale_w[o] * (float)(q - zp_w[o]) (int8,
 * per tensor or per output channel) or the float32 values, b = scale_b[o] * (float)q_b (int32) or the float32 values, 0
 * without a bias. MTL_STATUS_UNSUPPORTED for weights of another type or shape (the generator only asks when the C#'s
 * ModelHead could seed). */
mtl_status mtl_head_init_from_model(float *parameters, const mtl_model *model, int32_t fc1_operator, int32_t fc2_operator,
    int32_t inputs, int32_t hidden, int32_t classes);

#endif /* MTL_HEAD_INIT_H */
