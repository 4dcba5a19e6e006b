/* The operators of the C interpreter: one file each, named like the C# operator it mirrors
 * (op_conv2d.c = src/MicroTL/Runtime/Ops/Conv2DOperator.cs). Each has a prepare, which computes its data
 * block (mtl_op_data.h) into the arena's tail as the C# Prepare does (without the checks, which the C#
 * made), and an eval, which reads the block and runs the plain C kernel. */
#ifndef MTL_OPS_H
#define MTL_OPS_H

#include <stdint.h>

#include "mtl_interpreter.h"
#include "mtl_op_data.h"
#include "mtl_prepare_context.h"

/* The bytes of a tensor while an operator runs: its arena slice or its constant data. */
static inline const void *mtl_read(const mtl_interpreter *self, int32_t tensor)
{
    const mtl_tensor *t = &self->model->tensors[tensor];
    return t->arena_offset >= 0 ? (const void *)(self->arena.memory + t->arena_offset) : t->data;
}

/* The writable bytes of an operator's output (always an arena tensor). */
static inline void *mtl_write(const mtl_interpreter *self, int32_t tensor)
{
    return self->arena.memory + self->model->tensors[tensor].arena_offset;
}

/* An operator's data block in the tail. */
static inline const void *mtl_operator_data(const mtl_interpreter *self, const mtl_operator *op)
{
    return self->arena.memory + self->arena.tail_top - op->data_from_end;
}

mtl_status mtl_conv2d_prepare(mtl_prepare_context *ctx);
mtl_status mtl_conv2d_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_depthwise_conv2d_prepare(mtl_prepare_context *ctx);
mtl_status mtl_depthwise_conv2d_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_fully_connected_prepare(mtl_prepare_context *ctx);
mtl_status mtl_fully_connected_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_average_pool2d_prepare(mtl_prepare_context *ctx);
mtl_status mtl_average_pool2d_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_max_pool2d_prepare(mtl_prepare_context *ctx);
mtl_status mtl_max_pool2d_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_softmax_prepare(mtl_prepare_context *ctx);
mtl_status mtl_softmax_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_reshape_prepare(mtl_prepare_context *ctx);
mtl_status mtl_reshape_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_quantize_prepare(mtl_prepare_context *ctx);
mtl_status mtl_quantize_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_window_statistics_prepare(mtl_prepare_context *ctx);
mtl_status mtl_window_statistics_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_dequantize_prepare(mtl_prepare_context *ctx);
mtl_status mtl_dequantize_eval(const mtl_interpreter *self, const mtl_operator *op);
mtl_status mtl_add_prepare(mtl_prepare_context *ctx);
mtl_status mtl_add_eval(const mtl_interpreter *self, const mtl_operator *op);

/* Shared by CONV_2D and DEPTHWISE_CONV_2D (op_convolution_prepare.c, C#: ConvolutionPrepare). The
 * window's geometry over input [B, H, W, C] with TFLite's padding. */
mtl_conv_geometry mtl_convolution_window(const mtl_prepare_context *ctx, int32_t input, mtl_padding padding,
    int32_t stride_height, int32_t stride_width, int32_t dilation_height, int32_t dilation_width,
    int32_t filter_height, int32_t filter_width, int32_t filter_input_channels, int32_t output_channels,
    int32_t depth_multiplier);

/* The int8 requantization of a convolution: QuantizeMultiplier(s_in · s_w[c] / s_out) in double per
 * output channel into two tail blocks (multipliers, then shifts), zero points and the activation clamp. */
mtl_status mtl_convolution_prepare_int8(mtl_prepare_context *ctx, int32_t input, int32_t filter, int32_t output,
    int32_t channels, mtl_activation activation, mtl_convolution_data *data);

/* The kernels' view of a convolution's requantization, pointing into the tail. */
mtl_requantization mtl_convolution_requantization(const mtl_interpreter *self, const mtl_convolution_data *data);

/* Shared by the pools (op_pool2d_prepare.c, C#: Pool2DPrepare). */
mtl_status mtl_pool2d_prepare(mtl_prepare_context *ctx, mtl_pool2d_data *data);

/* Dispatch on the builtin code (mtl_operator_resolver.c, C#: OperatorResolver). */
mtl_status mtl_operator_prepare(mtl_prepare_context *ctx);
mtl_status mtl_operator_eval(const mtl_interpreter *self, const mtl_operator *op);

#endif /* MTL_OPS_H */
