/* The MicroTL C kernels: one per file, named by op and type (conv2d_s8.c), each mirroring the C#
 * kernel of src/MicroTL/Kernels named in its file comment (the plain reference path), byte for byte
 * for int8 and bit for bit for float32. Each file's comment is the contract: layouts, dimension
 * letters (mtl_types.h), the formula.
 *
 * Conventions (as CMSIS-NN's): a kernel takes one small parameter struct and raw pointers to its
 * tensors; it never allocates; a kernel that may need scratch takes an mtl_context and has a
 * *_scratch_bytes companion telling how many bytes to lend it (0 for these plain paths, kept so a
 * faster path can be added without changing the callers) and returns MTL_STATUS_ARGUMENT_ERROR when
 * given less. Everything else is checked before the call (the C# operators' Prepare). Inputs and
 * outputs must not overlap, except for mtl_reshape. */
#ifndef MTL_KERNELS_H
#define MTL_KERNELS_H

#include <stdint.h>

#include "mtl_types.h"

/* CONV_2D int8 (conv2d_s8.c). bias may be NULL. */
int32_t mtl_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry);
mtl_status mtl_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);

/* DEPTHWISE_CONV_2D int8 (depthwise_conv2d_s8.c). bias may be NULL. */
int32_t mtl_depthwise_conv2d_s8_scratch_bytes(const mtl_conv_geometry *geometry);
mtl_status mtl_depthwise_conv2d_s8(const mtl_context *context, const mtl_conv_s8_params *params,
    const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output);

/* FULLY_CONNECTED int8 (fully_connected_s8.c). bias may be NULL. */
int32_t mtl_fully_connected_s8_scratch_bytes(int32_t accum_depth);
mtl_status mtl_fully_connected_s8(const mtl_context *context, const mtl_fully_connected_s8_params *params,
    const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output);

/* AVERAGE_POOL_2D int8 (average_pool2d_s8.c). */
void mtl_average_pool2d_s8(const mtl_pool_s8_params *params, const int8_t *input, int8_t *output);

/* MAX_POOL_2D int8 (max_pool2d_s8.c). */
void mtl_max_pool2d_s8(const mtl_pool_s8_params *params, const int8_t *input, int8_t *output);

/* SOFTMAX int8 (softmax_s8.c). compute_params fills input_multiplier, input_left_shift and diff_min
 * from beta and the input scale (C#: SoftmaxInt8.ComputeParams); rows and depth are the caller's. */
void mtl_softmax_s8_compute_params(double beta, double input_scale, mtl_softmax_s8_params *params);
void mtl_softmax_s8(const mtl_softmax_s8_params *params, const int8_t *input, int8_t *output);

/* ADD int8 (add_s8.c): the parameters from the scales and zero points (C#: AddInt8Params.Create): with
 * t = 2·max(s1, s2) in double, input multipliers s_i / t and output multiplier t / (2^20 · s_out), each
 * by QuantizeMultiplier. */
void mtl_add_s8_params_create(float scale1, int32_t zero_point1, float scale2, int32_t zero_point2,
    float output_scale, int32_t output_zero_point, int32_t activation_min, int32_t activation_max, mtl_add_s8_params *params);

/* Numpy broadcasting of two shapes onto the output's, padded to 6-D (broadcast_shape.c; C#:
 * BroadcastShape.TryCreate). Returns 0 (and a zeroed shape) when a dimension is neither the output's nor
 * 1, or a rank exceeds the output's or MTL_BROADCAST_MAX_RANK. */
int mtl_broadcast_shape_create(const int32_t *shape1, int32_t rank1, const int32_t *shape2, int32_t rank2,
    const int32_t *output_shape, int32_t output_rank, mtl_broadcast_shape *result);

/* ADD int8, same shapes (add_s8.c). */
void mtl_add_s8(const mtl_add_s8_params *params, int32_t size, const int8_t *input1, const int8_t *input2, int8_t *output);

/* ADD int8, inputs broadcast onto the output (add_s8.c). */
void mtl_add_s8_broadcast(const mtl_add_s8_params *params, const mtl_broadcast_shape *shape,
    const int8_t *input1, const int8_t *input2, int8_t *output);

/* QUANTIZE float32 -> int8 (quantize_f32_s8.c). */
void mtl_quantize_f32_s8(const mtl_affine_params *params, const float *input, int8_t *output);

/* QUANTIZE int8 -> int8 (requantize_s8.c). */
void mtl_requantize_s8(const mtl_requantize_s8_params *params, const int8_t *input, int8_t *output);

/* DEQUANTIZE int8 -> float32 (dequantize_s8_f32.c). */
void mtl_dequantize_s8_f32(const mtl_affine_params *params, const int8_t *input, float *output);

/* MICROTL_WINDOW_STATISTICS (window_statistics_f32.c): the window statistics of a T x 3 window (int8 with scale and zero
 * point, or float32) into destination[statistics] (30 or 46), in WindowStatisticsFloat's float order; scratch: T floats. */
typedef struct {
    int32_t steps, statistics, is_quantized;
    float scale;
    int32_t zero_point;
} mtl_window_statistics_params;
void mtl_window_statistics_f32(const mtl_window_statistics_params *params, const void *window, float *scratch, float *destination);

/* The statistics standardised with constants [2, n] (means, then standard deviations) and quantized to int8
 * (WindowStatisticsOperator.Quantize): clamp(round_half_away((s - mean) / sd / scale) + zero_point); NaN gives the zero point. */
void mtl_window_statistics_quantize(const float *statistics, const float *constants, int32_t n, float scale, int32_t zero_point, int8_t *output);

/* RESHAPE, any type (reshape.c). */
void mtl_reshape(const void *input, void *output, int32_t bytes);

/* FULLY_CONNECTED float32 (fully_connected_f32.c). bias may be NULL. */
void mtl_fully_connected_f32(const mtl_fully_connected_f32_params *params,
    const float *input, const float *weights, const float *bias, float *output);

/* SOFTMAX float32 (softmax_f32.c). */
void mtl_softmax_f32(const mtl_softmax_f32_params *params, const float *input, float *output);

#endif /* MTL_KERNELS_H */
