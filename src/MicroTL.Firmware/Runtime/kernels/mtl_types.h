/* Parameter structs of the MicroTL C kernels, mirroring src/MicroTL/Kernels (C#): ConvGeometry,
 * Int8Requantization, AddInt8Params, BroadcastShape. A generator fills them with the values the
 * C# operators' Prepare derives; the kernels check nothing in their loops.
 *
 * Dimension letters: B batches, H/W input height/width, C input channels, Fh/Fw filter height/width,
 * Ci filter input channels (C / groups), Oh/Ow output height/width, O output channels, M depth
 * multiplier, D accumulation depth (FULLY_CONNECTED), R rows (SOFTMAX). Tensors are NHWC. */
#ifndef MTL_TYPES_H
#define MTL_TYPES_H

#include <stdint.h>

/* Return code of the kernels that can refuse their arguments (too little scratch), and of the
 * interpreter (mtl_interpreter.h), which adds the codes below -1. */
typedef enum {
    MTL_STATUS_OK = 0,
    MTL_STATUS_ARGUMENT_ERROR = -1,
    MTL_STATUS_ARENA_TOO_SMALL = -2, /* the arena given is shorter than the model's planned bytes */
    MTL_STATUS_PLAN_MISMATCH = -3,   /* the C prepare placed a block elsewhere than the C# plan did */
    MTL_STATUS_UNSUPPORTED = -4,     /* an operator or type the C interpreter lacks (the generator refuses it) */
    MTL_STATUS_NOT_PREPARED = -5,    /* invoke before a successful init */
    MTL_STATUS_FLASH_ERROR = -6,     /* a flash call outside its region, misaligned, onto bytes not erased, or failed */
    MTL_STATUS_STORE_ERROR = -7,     /* a feature store's log is unusable: not a store, another layout, a corrupt record */
    MTL_STATUS_DATA_ERROR = -8       /* data a transfer session refuses: a label outside the head, a class too small */
} mtl_status;

/* A fused activation, with the TFLite schema's codes (ActivationFunctionType). */
typedef enum {
    MTL_ACTIVATION_NONE = 0,
    MTL_ACTIVATION_RELU = 1,
    MTL_ACTIVATION_RELU_N1_TO_1 = 2,
    MTL_ACTIVATION_RELU6 = 3,
    MTL_ACTIVATION_TANH = 4,
    MTL_ACTIVATION_SIGN_BIT = 5
} mtl_activation;

/* Padding of a window op, with the TFLite schema's codes. */
typedef enum {
    MTL_PADDING_SAME = 0,
    MTL_PADDING_VALID = 1
} mtl_padding;

/* Scratch memory the caller owns and lends to a kernel: `size` bytes at `buf` (may be NULL when a
 * kernel's *_scratch_bytes companion returns 0). The kernels never allocate. */
typedef struct {
    void *buf;
    int32_t size;
} mtl_context;

/* The geometry of a 2-D window op (C#: ConvGeometry): input [B, H, W, C], filter [O, Fh, Fw, Ci]
 * (conv) or [1, Fh, Fw, O] (depthwise, O = C·M), output [B, Oh, Ow, O]. Input row of output row
 * oy and filter row fy: iy = oy·stride_height - pad_height + fy·dilation_height (columns alike). */
typedef struct {
    int32_t batches, input_height, input_width, input_channels;
    int32_t filter_height, filter_width, filter_input_channels;
    int32_t output_height, output_width, output_channels;
    int32_t stride_height, stride_width;
    int32_t dilation_height, dilation_width;
    int32_t pad_height, pad_width;
    int32_t depth_multiplier;
} mtl_conv_geometry;

/* Requantization of an int8 convolution or fully connected op (C#: Int8Requantization):
 * out = clamp(MultiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c]) + output_offset,
 *             activation_min, activation_max),
 * with c the output channel when channel_count > 1 (per channel), else 0 (per tensor). */
typedef struct {
    const int32_t *multipliers;  /* Q0.31 significands, channel_count entries */
    const int32_t *shifts;       /* power-of-two exponents, negative = right shift */
    int32_t channel_count;       /* 1 (per tensor) or O (per channel) */
    int32_t input_offset;        /* minus the input zero point */
    int32_t output_offset;       /* the output zero point */
    int32_t filter_offset;       /* minus the filter zero point (FULLY_CONNECTED; 0 for convolutions) */
    int32_t activation_min, activation_max;
} mtl_requantization;

/* CONV_2D and DEPTHWISE_CONV_2D, int8. */
typedef struct {
    mtl_conv_geometry geometry;
    mtl_requantization requantization;
} mtl_conv_s8_params;

/* FULLY_CONNECTED, int8: input [B, D], weights [O, D], output [B, O]. */
typedef struct {
    int32_t batches, accum_depth, output_depth;
    mtl_requantization requantization;
} mtl_fully_connected_s8_params;

/* AVERAGE_POOL_2D and MAX_POOL_2D, int8 (input and output share one quantization; the geometry's
 * input_channels = output_channels). */
typedef struct {
    mtl_conv_geometry geometry;
    int32_t activation_min, activation_max;
} mtl_pool_s8_params;

/* SOFTMAX, int8 in, int8 out (scale 1/256, zero point -128): the fixed-point input scaling TFLite's
 * PreprocessSoftmaxScaling derives from beta and the input scale (C#: SoftmaxInt8.ComputeParams). */
typedef struct {
    int32_t rows, depth;
    int32_t input_multiplier, input_left_shift, diff_min;
} mtl_softmax_s8_params;

/* ADD, int8 (C#: AddInt8Params): inputs rescaled to a common scale with left_shift = 20. */
typedef struct {
    int32_t input1_offset, input2_offset, output_offset, left_shift;
    int32_t input1_multiplier, input1_shift, input2_multiplier, input2_shift;
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
} mtl_add_s8_params;

/* Most dimensions a broadcast ADD supports. */
#define MTL_BROADCAST_MAX_RANK 6

/* Two inputs broadcast onto the output (C#: BroadcastShape): extents of the output padded to 6-D
 * with leading 1s, and each input's element stride per dimension (0 where it is broadcast). */
typedef struct {
    int32_t extent[MTL_BROADCAST_MAX_RANK];
    int32_t stride1[MTL_BROADCAST_MAX_RANK];
    int32_t stride2[MTL_BROADCAST_MAX_RANK];
} mtl_broadcast_shape;

/* QUANTIZE float32 -> int8 and DEQUANTIZE int8 -> float32: `size` elements, one scale and zero point. */
typedef struct {
    int32_t size;
    float scale;
    int32_t zero_point;
} mtl_affine_params;

/* QUANTIZE int8 -> int8: (multiplier, shift) = QuantizeMultiplier(input scale / output scale). */
typedef struct {
    int32_t size;
    int32_t multiplier, shift;
    int32_t input_zero_point, output_zero_point;
} mtl_requantize_s8_params;

/* FULLY_CONNECTED, float32: input [B, D], weights [O, D], output [B, O], clamped to [min, max]. */
typedef struct {
    int32_t batches, accum_depth, output_depth;
    float activation_min, activation_max;
} mtl_fully_connected_f32_params;

/* SOFTMAX, float32 over the last axis of [R, D], with inverse temperature beta. */
typedef struct {
    int32_t rows, depth;
    float beta;
} mtl_softmax_f32_params;

#endif /* MTL_TYPES_H */
