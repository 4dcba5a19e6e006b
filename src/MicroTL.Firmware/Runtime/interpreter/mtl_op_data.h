/* Each operator's data block: everything its eval reads, computed at prepare and kept in the arena's
 * tail. Field for field the structs of the C# operators (src/MicroTL/Runtime/Ops: ConvolutionData,
 * FullyConnectedData, Pool2DData, SoftmaxData, ReshapeData, QuantizeData, DequantizeData, AddData), in
 * their .NET sequential layout: int32 and float fields 4-byte aligned, each C# bool one byte (here
 * uint8_t, 1 for true) and the padding .NET puts after a run of bools spelled out as zeroed fields
 * (padding_), so no byte of a block is left to the compiler. The C and C# tails are then the same
 * bytes; the checks below hold the sizes and the offsets after each run of bools.
 *
 * Fields of the C#'s vectorized paths (uses_fast_path, folded_bias, packed_filter, the scratch handles)
 * are computed and stored as the C# stores them, though the C's plain kernels never read them. */
#ifndef MTL_OP_DATA_H
#define MTL_OP_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "mtl_arena.h"
#include "mtl_types.h"

/* A compile-time check (C99 has no _Static_assert): a negative array size fails the build. */
#define MTL_LAYOUT_CHECK(name, condition) typedef char mtl_layout_check_##name[(condition) ? 1 : -1]

/* CONV_2D and DEPTHWISE_CONV_2D (C#: ConvolutionData). */
typedef struct {
    int32_t input, filter, bias, output;
    mtl_conv_geometry geometry;
    uint8_t is_quantized, uses_fast_path, padding_[2];
    int32_t input_zero_point, output_zero_point, activation_min, activation_max;
    float float_min, float_max;
    mtl_persistent_block multipliers, shifts, folded_bias;
    mtl_flash_block packed_filter;
    mtl_scratch_buffer scratch;
} mtl_convolution_data;
MTL_LAYOUT_CHECK(convolution_size, sizeof(mtl_convolution_data) == 148);
MTL_LAYOUT_CHECK(convolution_zero_points, offsetof(mtl_convolution_data, input_zero_point) == 88);

/* FULLY_CONNECTED (C#: FullyConnectedData). */
typedef struct {
    int32_t input, weights, bias, output, batches, depth, output_depth;
    uint8_t is_quantized, padding_[3];
    int32_t input_zero_point, filter_zero_point, output_zero_point, activation_min, activation_max;
    float float_min, float_max;
    mtl_persistent_block multipliers, shifts, folded_bias;
    mtl_scratch_buffer biased_row;
} mtl_fully_connected_data;
MTL_LAYOUT_CHECK(fully_connected_size, sizeof(mtl_fully_connected_data) == 88);
MTL_LAYOUT_CHECK(fully_connected_zero_points, offsetof(mtl_fully_connected_data, input_zero_point) == 32);

/* AVERAGE_POOL_2D and MAX_POOL_2D (C#: Pool2DData). */
typedef struct {
    int32_t input, output;
    mtl_conv_geometry geometry;
    uint8_t is_quantized, padding_[3];
    int32_t activation_min, activation_max;
    float float_min, float_max;
} mtl_pool2d_data;
MTL_LAYOUT_CHECK(pool2d_size, sizeof(mtl_pool2d_data) == 96);
MTL_LAYOUT_CHECK(pool2d_clamp, offsetof(mtl_pool2d_data, activation_min) == 80);

/* SOFTMAX (C#: SoftmaxData). */
typedef struct {
    int32_t input, output, rows, depth;
    uint8_t is_quantized, padding_[3];
    float beta;
    int32_t input_multiplier, input_left_shift, diff_min;
    uint8_t to_int16, padding_end_[3]; /* int8 -> int16 output (the C runs int8 -> int8 only: 0) */
} mtl_softmax_data;
MTL_LAYOUT_CHECK(softmax_size, sizeof(mtl_softmax_data) == 40);
MTL_LAYOUT_CHECK(softmax_beta, offsetof(mtl_softmax_data, beta) == 20);

/* RESHAPE (C#: ReshapeData). */
typedef struct {
    int32_t input, output, byte_count;
} mtl_reshape_data;
MTL_LAYOUT_CHECK(reshape_size, sizeof(mtl_reshape_data) == 12);

/* QUANTIZE (C#: QuantizeData). */
typedef struct {
    int32_t input, output;
    uint8_t from_float, padding_[3];
    float output_scale;
    int32_t output_zero_point, input_zero_point, requantize_multiplier, requantize_shift;
    uint8_t input_type, output_type, padding_end_[2]; /* C#: TensorType InputType, OutputType (one byte each) */
} mtl_quantize_data;
MTL_LAYOUT_CHECK(quantize_size, sizeof(mtl_quantize_data) == 36);
MTL_LAYOUT_CHECK(quantize_scale, offsetof(mtl_quantize_data, output_scale) == 12);

/* DEQUANTIZE (C#: DequantizeData). */
typedef struct {
    int32_t input, output;
    float scale;
    int32_t zero_point;
} mtl_dequantize_data;
MTL_LAYOUT_CHECK(dequantize_size, sizeof(mtl_dequantize_data) == 16);

/* ADD (C#: AddData). */
typedef struct {
    int32_t input1, input2, output;
    uint8_t is_quantized, needs_broadcast, padding_[2];
    mtl_add_s8_params int8;
    float float_min, float_max;
    mtl_persistent_block broadcast;
} mtl_add_data;
MTL_LAYOUT_CHECK(add_size, sizeof(mtl_add_data) == 80);
MTL_LAYOUT_CHECK(add_params, offsetof(mtl_add_data, int8) == 16);

/* MICROTL_WINDOW_STATISTICS (C#: WindowStatisticsData). */
typedef struct {
    int32_t input, constants, output, steps, statistics;
    uint8_t is_quantized, padding_[3];
    float input_scale;
    int32_t input_zero_point;
    float output_scale;
    int32_t output_zero_point;
    mtl_scratch_buffer scratch;
} mtl_window_statistics_data;
MTL_LAYOUT_CHECK(window_statistics_size, sizeof(mtl_window_statistics_data) == 44);
MTL_LAYOUT_CHECK(window_statistics_scale, offsetof(mtl_window_statistics_data, input_scale) == 24);

/* The C#'s BroadcastShape, kept in its own block by a broadcasting ADD. */
MTL_LAYOUT_CHECK(broadcast_shape_size, sizeof(mtl_broadcast_shape) == 72);

#endif /* MTL_OP_DATA_H */
