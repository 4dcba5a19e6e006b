/* Maps each operator to its prepare and eval by builtin code (src/MicroTL/Runtime/Ops/OperatorResolver.cs
 * and OperatorNames.cs). */
#include "mtl_ops.h"

mtl_status mtl_operator_prepare(mtl_prepare_context *ctx)
{
    switch (ctx->op->code) {
    case MTL_OP_ADD: return mtl_add_prepare(ctx);
    case MTL_OP_AVERAGE_POOL_2D: return mtl_average_pool2d_prepare(ctx);
    case MTL_OP_CONV_2D: return mtl_conv2d_prepare(ctx);
    case MTL_OP_DEPTHWISE_CONV_2D: return mtl_depthwise_conv2d_prepare(ctx);
    case MTL_OP_DEQUANTIZE: return mtl_dequantize_prepare(ctx);
    case MTL_OP_FULLY_CONNECTED: return mtl_fully_connected_prepare(ctx);
    case MTL_OP_MAX_POOL_2D: return mtl_max_pool2d_prepare(ctx);
    case MTL_OP_RESHAPE: return mtl_reshape_prepare(ctx);
    case MTL_OP_SOFTMAX: return mtl_softmax_prepare(ctx);
    case MTL_OP_QUANTIZE: return mtl_quantize_prepare(ctx);
    case MTL_OP_CUSTOM: return mtl_window_statistics_prepare(ctx);
    default: return MTL_STATUS_UNSUPPORTED;
    }
}

mtl_status mtl_operator_eval(const mtl_interpreter *self, const mtl_operator *op)
{
    switch (op->code) {
    case MTL_OP_ADD: return mtl_add_eval(self, op);
    case MTL_OP_AVERAGE_POOL_2D: return mtl_average_pool2d_eval(self, op);
    case MTL_OP_CONV_2D: return mtl_conv2d_eval(self, op);
    case MTL_OP_DEPTHWISE_CONV_2D: return mtl_depthwise_conv2d_eval(self, op);
    case MTL_OP_DEQUANTIZE: return mtl_dequantize_eval(self, op);
    case MTL_OP_FULLY_CONNECTED: return mtl_fully_connected_eval(self, op);
    case MTL_OP_MAX_POOL_2D: return mtl_max_pool2d_eval(self, op);
    case MTL_OP_RESHAPE: return mtl_reshape_eval(self, op);
    case MTL_OP_SOFTMAX: return mtl_softmax_eval(self, op);
    case MTL_OP_QUANTIZE: return mtl_quantize_eval(self, op);
    case MTL_OP_CUSTOM: return mtl_window_statistics_eval(self, op);
    default: return MTL_STATUS_UNSUPPORTED;
    }
}

const char *mtl_operator_name(int32_t code)
{
    switch (code) {
    case MTL_OP_ADD: return "ADD";
    case MTL_OP_AVERAGE_POOL_2D: return "AVERAGE_POOL_2D";
    case MTL_OP_CONV_2D: return "CONV_2D";
    case MTL_OP_DEPTHWISE_CONV_2D: return "DEPTHWISE_CONV_2D";
    case MTL_OP_DEQUANTIZE: return "DEQUANTIZE";
    case MTL_OP_FULLY_CONNECTED: return "FULLY_CONNECTED";
    case MTL_OP_MAX_POOL_2D: return "MAX_POOL_2D";
    case MTL_OP_RESHAPE: return "RESHAPE";
    case MTL_OP_SOFTMAX: return "SOFTMAX";
    case MTL_OP_QUANTIZE: return "QUANTIZE";
    case MTL_OP_CUSTOM: return "MICROTL_WINDOW_STATISTICS";
    default: return "UNKNOWN";
    }
}
