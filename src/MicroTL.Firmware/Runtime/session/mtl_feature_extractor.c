/* FeatureExtractor in C (see mtl_feature_extractor.h). */
#include <string.h>

#include "mtl_feature_extractor.h"

static int32_t element_bytes(int32_t type)
{
    switch (type) {
    case MTL_TYPE_FLOAT32:
    case MTL_TYPE_INT32:
        return 4;
    case MTL_TYPE_INT16:
    case MTL_TYPE_FLOAT16:
        return 2;
    case MTL_TYPE_INT64:
        return 8;
    default:
        return 1;
    }
}

static int is_int8_arena_tensor(const mtl_tensor *tensor)
{
    return tensor->type == MTL_TYPE_INT8 && tensor->quantization_count == 1 && tensor->arena_offset >= 0;
}

mtl_status mtl_feature_extractor_init(mtl_feature_extractor *self, const mtl_model *model, uint8_t *arena, int32_t arena_bytes,
    int32_t cut_tensor, int32_t body_operator_count, int32_t head_tensor)
{
    if (cut_tensor < 0 || cut_tensor >= model->tensor_count || body_operator_count < 0 || body_operator_count > model->operator_count
        || head_tensor < -1 || head_tensor >= model->tensor_count || head_tensor == cut_tensor)
        return MTL_STATUS_ARGUMENT_ERROR;
    const mtl_tensor *cut = &model->tensors[cut_tensor];
    if (!is_int8_arena_tensor(cut)) return MTL_STATUS_ARGUMENT_ERROR;
    self->cut_tensor = cut_tensor;
    self->body_operator_count = body_operator_count;
    self->cut_length = cut->bytes;
    self->feature_length = cut->bytes;
    self->scale = cut->scales[0];
    self->zero_point = cut->zero_points[0];
    self->head_tensor = head_tensor;
    self->head_scale = 0.0f;
    self->head_zero_point = 0;
    if (head_tensor >= 0) {
        const mtl_tensor *head = &model->tensors[head_tensor];
        if (!is_int8_arena_tensor(head)) return MTL_STATUS_ARGUMENT_ERROR;
        self->feature_length += head->bytes;
        self->head_scale = head->scales[0];
        self->head_zero_point = head->zero_points[0];
    }
    return mtl_interpreter_init(&self->interpreter, model, arena, arena_bytes);
}

uint8_t *mtl_feature_extractor_input(mtl_feature_extractor *self)
{
    return (uint8_t *)mtl_interpreter_writable_tensor(&self->interpreter, self->interpreter.model->inputs[0]);
}

int32_t mtl_feature_extractor_input_bytes(const mtl_feature_extractor *self)
{
    return mtl_interpreter_tensor_bytes(&self->interpreter, self->interpreter.model->inputs[0]);
}

mtl_status mtl_feature_extractor_extract(mtl_feature_extractor *self, int8_t *features)
{
    const mtl_status status = mtl_interpreter_invoke_range(&self->interpreter, 0, self->body_operator_count);
    if (status != MTL_STATUS_OK) return status;
    memcpy(features, mtl_interpreter_tensor(&self->interpreter, self->cut_tensor), (size_t)self->cut_length);
    if (self->head_tensor >= 0)
        memcpy(features + self->cut_length, mtl_interpreter_tensor(&self->interpreter, self->head_tensor),
            (size_t)(self->feature_length - self->cut_length));
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_extractor_predict_with_model_head(mtl_feature_extractor *self, const int8_t *features, int32_t *prediction)
{
    memcpy(mtl_interpreter_writable_tensor(&self->interpreter, self->cut_tensor), features, (size_t)self->cut_length);
    const mtl_status status = mtl_interpreter_invoke_range(&self->interpreter, self->body_operator_count,
        self->interpreter.model->operator_count);
    if (status != MTL_STATUS_OK) return status;
    *prediction = mtl_output_argmax(&self->interpreter);
    return MTL_STATUS_OK;
}

int32_t mtl_feature_extractor_model_classes(const mtl_feature_extractor *self)
{
    const mtl_tensor *output = &self->interpreter.model->tensors[self->interpreter.model->outputs[0]];
    return output->bytes / element_bytes(output->type);
}

int32_t mtl_output_argmax(const mtl_interpreter *interpreter)
{
    const int32_t tensor = interpreter->model->outputs[0];
    const mtl_tensor *output = &interpreter->model->tensors[tensor];
    const void *bytes = mtl_interpreter_tensor(interpreter, tensor);
    int32_t best = 0;
    if (output->type == MTL_TYPE_FLOAT32) {
        const float *values = (const float *)bytes;
        for (int32_t i = 1; i < output->bytes / 4; i++) if (values[i] > values[best]) best = i;
    } else if (output->type == MTL_TYPE_INT8) {
        const int8_t *values = (const int8_t *)bytes;
        for (int32_t i = 1; i < output->bytes; i++) if (values[i] > values[best]) best = i;
    } else {
        const uint8_t *values = (const uint8_t *)bytes;
        for (int32_t i = 1; i < output->bytes; i++) if (values[i] > values[best]) best = i;
    }
    return best;
}
