/* The tables a generated model consists of (src/MicroTL.Firmware/Generation writes them as const data,
 * so they sit in flash): every tensor of subgraph 0 with its type, shape, quantization and either its
 * constant data or its planned arena offset; every operator with its builtin code, tensors and options;
 * the scratch buffers the C# plan placed; and the arena's size. Codes are the TFLite schema's.
 *
 * The interpreter (mtl_interpreter.h) reads these and nothing else: what the C# engine's Prepare checked
 * (shapes, types, options) is not checked again; the generator refuses a model the C# engine refuses. */
#ifndef MTL_MODEL_H
#define MTL_MODEL_H

#include <stdint.h>

/* How the generator aligns constant tensors in flash: 16 bytes, as TFLM wants model data. */
#define MTL_ALIGNED(bytes) __attribute__((aligned(bytes)))

/* Element types (schema TensorType). */
typedef enum {
    MTL_TYPE_FLOAT32 = 0,
    MTL_TYPE_FLOAT16 = 1,
    MTL_TYPE_INT32 = 2,
    MTL_TYPE_UINT8 = 3,
    MTL_TYPE_INT64 = 4,
    MTL_TYPE_BOOL = 6,
    MTL_TYPE_INT16 = 7,
    MTL_TYPE_INT8 = 9
} mtl_tensor_type;

/* Builtin operators the interpreter runs (schema BuiltinOperator). */
typedef enum {
    MTL_OP_ADD = 0,
    MTL_OP_AVERAGE_POOL_2D = 1,
    MTL_OP_CONV_2D = 3,
    MTL_OP_DEPTHWISE_CONV_2D = 4,
    MTL_OP_DEQUANTIZE = 6,
    MTL_OP_FULLY_CONNECTED = 9,
    MTL_OP_MAX_POOL_2D = 17,
    MTL_OP_RESHAPE = 22,
    MTL_OP_SOFTMAX = 25,
    MTL_OP_CUSTOM = 32,           /* MICROTL_WINDOW_STATISTICS: the one custom operator the generator emits */
    MTL_OP_QUANTIZE = 114
} mtl_builtin_operator;

/* One tensor. Exactly one of data (a constant, in flash) and arena_offset >= 0 (planned in the arena's
 * head) holds; a tensor nothing reads or writes has neither. Quantization: quantization_count scales and
 * zero points, 1 per tensor or one per channel along quantized_dimension; 0 when unquantized. */
typedef struct {
    int32_t type;                 /* mtl_tensor_type */
    int32_t rank;
    const int32_t *shape;         /* rank dimensions */
    int32_t bytes;                /* elements × element size */
    int32_t arena_offset;         /* byte offset in the arena, or -1 */
    const void *data;             /* constant data (16-byte aligned), or NULL */
    int32_t quantization_count;
    const float *scales;
    const int32_t *zero_points;
    int32_t quantized_dimension;
} mtl_tensor;

/* The builtin options an operator reads (the union of the schema's Conv2DOptions, DepthwiseConv2DOptions,
 * Pool2DOptions, FullyConnectedOptions, SoftmaxOptions, AddOptions); fields an operator has not are 0. */
typedef struct {
    int32_t padding;              /* mtl_padding */
    int32_t activation;           /* mtl_activation */
    int32_t stride_width, stride_height;
    int32_t dilation_width, dilation_height;
    int32_t filter_width, filter_height;
    int32_t depth_multiplier;
    float beta;
} mtl_builtin_options;

/* One operator, in execution order. Absent optional inputs are -1. data_from_end is where the C# plan
 * put the operator's data block: that many bytes below the top of the arena's tail. */
typedef struct {
    int32_t code;                 /* mtl_builtin_operator */
    int32_t input_count;
    const int32_t *inputs;
    int32_t output_count;
    const int32_t *outputs;
    mtl_builtin_options options;
    int32_t data_from_end;
} mtl_operator;

/* A scratch buffer of the C# plan: its offset in the arena's head and its bytes, valid while its
 * operator runs. Indexed in the order the operators requested them at prepare. */
typedef struct {
    int32_t offset, bytes;
} mtl_scratch_plan;

/* A whole model. arena_bytes = head_bytes + persistent_bytes, the C# plan's TotalBytes (TFLM's
 * arena_used_bytes). */
typedef struct {
    const char *name;
    int32_t tensor_count;
    const mtl_tensor *tensors;
    int32_t operator_count;
    const mtl_operator *operators;
    int32_t input_count;
    const int32_t *inputs;
    int32_t output_count;
    const int32_t *outputs;
    int32_t scratch_count;
    const mtl_scratch_plan *scratch;
    int32_t head_bytes;           /* tensors and scratch, from offset 0 */
    int32_t persistent_bytes;     /* the tail: every operator's persistent data */
    int32_t arena_bytes;
} mtl_model;

#endif /* MTL_MODEL_H */
