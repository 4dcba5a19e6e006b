/* The frozen int8 body: runs the model's operators up to the cut and hands back the int8 features at the cut, without
 * running the old head; and the old head on stored features. Mirrors src/MicroTL/Features/FeatureExtractor.cs on the
 * C interpreter (mtl_interpreter.h), one arena, nothing allocated. */
#ifndef MTL_FEATURE_EXTRACTOR_H
#define MTL_FEATURE_EXTRACTOR_H

#include <stdint.h>

#include "mtl_interpreter.h"

typedef struct {
    mtl_interpreter interpreter;
    int32_t cut_tensor;             /* the cut: an int8 tensor, per-tensor quantized */
    int32_t body_operator_count;    /* operators 0 .. body_operator_count - 1 compute it */
    int32_t cut_length;             /* the cut's int8 values */
    int32_t feature_length;         /* F: the cut's values, then the head features' */
    float scale;                    /* the cut's quantization: real = scale * (q - zero_point) */
    int32_t zero_point;
    int32_t head_tensor;            /* the model's head features (HeadFeatures), -1 without */
    float head_scale;               /* their quantization */
    int32_t head_zero_point;
} mtl_feature_extractor;

/* Prepares the model on `arena` (the interpreter's init) for a cut at `cut_tensor` computed by the first
 * `body_operator_count` operators; `head_tensor` (-1: none) is the model's head features, which follow the cut's in each
 * vector. The interpreter's statuses; MTL_STATUS_ARGUMENT_ERROR for a cut or head features that are not a per-tensor
 * int8 arena tensor or a body outside the graph. */
mtl_status mtl_feature_extractor_init(mtl_feature_extractor *self, const mtl_model *model, uint8_t *arena, int32_t arena_bytes,
    int32_t cut_tensor, int32_t body_operator_count, int32_t head_tensor);

/* The model's input tensor, to be filled before mtl_feature_extractor_extract; its bytes. */
uint8_t *mtl_feature_extractor_input(mtl_feature_extractor *self);
int32_t mtl_feature_extractor_input_bytes(const mtl_feature_extractor *self);

/* Runs the body on the current input and copies the int8 features at the cut, then the head features (F in all). */
mtl_status mtl_feature_extractor_extract(mtl_feature_extractor *self, int8_t *features);

/* Writes the cut's part of `features` into the cut tensor, runs the operators after the cut, and gives the class with the highest
 * output (the first on ties) (FeatureExtractor.PredictWithModelHead). */
mtl_status mtl_feature_extractor_predict_with_model_head(mtl_feature_extractor *self, const int8_t *features, int32_t *prediction);

/* Classes of the model's own output: the elements of output 0. */
int32_t mtl_feature_extractor_model_classes(const mtl_feature_extractor *self);

/* The index of the largest value of output 0 (int8, uint8 or float32), the first on ties (FeatureExtractor.OutputArgMax). */
int32_t mtl_output_argmax(const mtl_interpreter *interpreter);

#endif /* MTL_FEATURE_EXTRACTOR_H */
