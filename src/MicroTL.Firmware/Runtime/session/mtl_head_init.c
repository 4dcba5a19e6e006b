/* He initialisation and the model's own head (see mtl_head_init.h). */
#include <string.h>

#include "mtl_device_math.h"
#include "mtl_head_init.h"
#include "mtl_pcg32.h"

static void fill_uniform(float *destination, int32_t count, float limit, mtl_pcg32 *random)
{
    for (int32_t i = 0; i < count; i++) destination[i] = mtl_pcg32_next_symmetric(random, limit);
}

void mtl_head_init_he(float *parameters, int32_t inputs, int32_t hidden, int32_t classes, uint64_t seed)
{
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, seed, MTL_STREAM_INITIALISATION);
    float *w1 = parameters, *b1 = w1 + hidden * inputs, *w2 = b1 + hidden, *b2 = w2 + classes * hidden;
    fill_uniform(w1, hidden * inputs, mtl_device_sqrt(6.0f / (float)inputs), &random);
    fill_uniform(w2, classes * hidden, mtl_device_sqrt(6.0f / (float)hidden), &random);
    memset(b1, 0, (size_t)hidden * sizeof(float));
    memset(b2, 0, (size_t)classes * sizeof(float));
}

/* A constant tensor of `count` values as floats (ModelHead.Dequantize); channel c covers values [c stride, (c+1) stride). */
static mtl_status dequantize(const mtl_tensor *tensor, int32_t count, int32_t stride, float *destination)
{
    if (tensor->data == 0) return MTL_STATUS_UNSUPPORTED;
    const int per_channel = tensor->quantization_count > 1;
    switch (tensor->type) {
    case MTL_TYPE_FLOAT32:
        if (tensor->bytes != 4 * count) return MTL_STATUS_UNSUPPORTED;
        memcpy(destination, tensor->data, (size_t)count * sizeof(float));
        return MTL_STATUS_OK;
    case MTL_TYPE_INT8:
        if (tensor->bytes != count || tensor->quantization_count < 1) return MTL_STATUS_UNSUPPORTED;
        for (int32_t i = 0; i < count; i++) {
            const int32_t channel = per_channel ? i / stride : 0;
            destination[i] = tensor->scales[channel] * (float)(((const int8_t *)tensor->data)[i] - tensor->zero_points[channel]);
        }
        return MTL_STATUS_OK;
    case MTL_TYPE_INT32:
        if (tensor->bytes != 4 * count || tensor->quantization_count < 1) return MTL_STATUS_UNSUPPORTED;
        for (int32_t i = 0; i < count; i++)
            destination[i] = tensor->scales[per_channel ? i : 0] * (float)((const int32_t *)tensor->data)[i];
        return MTL_STATUS_OK;
    default:
        return MTL_STATUS_UNSUPPORTED;
    }
}

static mtl_status layer(const mtl_model *model, int32_t op_index, int32_t outputs, int32_t inputs, float *weights, float *bias)
{
    const mtl_operator *op = &model->operators[op_index];
    const mtl_tensor *w = &model->tensors[op->inputs[1]];
    if (w->rank != 2 || w->shape[0] != outputs || w->shape[1] != inputs) return MTL_STATUS_UNSUPPORTED;
    mtl_status status = dequantize(w, outputs * inputs, inputs, weights);
    if (status != MTL_STATUS_OK) return status;
    if (op->input_count > 2 && op->inputs[2] >= 0) return dequantize(&model->tensors[op->inputs[2]], outputs, 1, bias);
    memset(bias, 0, (size_t)outputs * sizeof(float));
    return MTL_STATUS_OK;
}

mtl_status mtl_head_init_from_model(float *parameters, const mtl_model *model, int32_t fc1_operator, int32_t fc2_operator,
    int32_t inputs, int32_t hidden, int32_t classes)
{
    if (fc1_operator < 0 || fc2_operator < 0) return MTL_STATUS_UNSUPPORTED;
    float *w1 = parameters, *b1 = w1 + hidden * inputs, *w2 = b1 + hidden, *b2 = w2 + classes * hidden;
    const mtl_status status = layer(model, fc1_operator, hidden, inputs, w1, b1);
    return status != MTL_STATUS_OK ? status : layer(model, fc2_operator, classes, hidden, w2, b2);
}
