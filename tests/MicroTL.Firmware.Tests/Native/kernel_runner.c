/* Test program: runs the C kernels on the cases a test wrote and writes their outputs, so the test
 * can compare them with the C# kernels byte for byte. Built for the host (gcc) and for the target
 * (arm-none-eabi-gcc, run under QEMU, files through semihosting); the test's CaseFile writes the
 * format below and KernelRunner reads the results.
 *
 * cases.bin, little-endian, a sequence of cases until the end of the file:
 *   int32 op; int32 n; int32 params[n]; int32 m; m × (int32 length; bytes[length]); int32 output_bytes
 * results.bin: per case, int32 length; bytes[length].
 * An empty blob is passed as NULL (an absent bias). Exit 0, or 1 with a message on stderr. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtl_fixed_point_math.h"
#include "mtl_kernels.h"
#include "mtl_quantization_math.h"

enum {
    OP_CONV2D_S8 = 1, OP_DEPTHWISE_CONV2D_S8 = 2, OP_FULLY_CONNECTED_S8 = 3, OP_AVERAGE_POOL2D_S8 = 4,
    OP_MAX_POOL2D_S8 = 5, OP_SOFTMAX_S8 = 6, OP_ADD_S8 = 7, OP_ADD_S8_BROADCAST = 8, OP_QUANTIZE_F32_S8 = 9,
    OP_REQUANTIZE_S8 = 10, OP_DEQUANTIZE_S8_F32 = 11, OP_RESHAPE = 12, OP_FULLY_CONNECTED_F32 = 13,
    OP_SOFTMAX_F32 = 14, OP_QUANTIZE_MULTIPLIER = 15, OP_FIXED_POINT = 16
};

enum { MAX_PARAMS = 64, MAX_BLOBS = 8, ARENA_BYTES = 1 << 20 };

typedef struct {
    int32_t op, param_count, blob_count, output_bytes;
    int32_t params[MAX_PARAMS];
    void *blobs[MAX_BLOBS];
    int32_t blob_bytes[MAX_BLOBS];
} test_case;

static uint8_t arena[ARENA_BYTES] __attribute__((aligned(16)));
static int32_t arena_used;

static void fail(const char *message, int32_t value)
{
    fprintf(stderr, "kernel_runner: %s (%ld)\n", message, (long)value);
    exit(1);
}

static void *take(int32_t bytes)
{
    if (bytes < 0 || bytes > ARENA_BYTES - arena_used) fail("arena too small for a tensor of bytes", bytes);
    void *p = arena + arena_used;
    arena_used += (bytes + 15) & ~15;
    return p;
}

/* Reads one int32; returns 0 at a clean end of file. */
static int read_int(FILE *f, int32_t *value)
{
    uint8_t b[4];
    size_t n = fread(b, 1, 4, f);
    if (n == 0) return 0;
    if (n != 4) fail("truncated int32, bytes read", (int32_t)n);
    *value = (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
    return 1;
}

static int32_t need_int(FILE *f)
{
    int32_t v;
    if (!read_int(f, &v)) fail("file ends inside a case", 0);
    return v;
}

static int read_case(FILE *f, test_case *c)
{
    if (!read_int(f, &c->op)) return 0;
    c->param_count = need_int(f);
    if (c->param_count < 0 || c->param_count > MAX_PARAMS) fail("bad parameter count", c->param_count);
    for (int32_t i = 0; i < c->param_count; i++) c->params[i] = need_int(f);
    c->blob_count = need_int(f);
    if (c->blob_count < 0 || c->blob_count > MAX_BLOBS) fail("bad blob count", c->blob_count);
    for (int32_t i = 0; i < c->blob_count; i++) {
        c->blob_bytes[i] = need_int(f);
        c->blobs[i] = c->blob_bytes[i] == 0 ? NULL : take(c->blob_bytes[i]);
        if (c->blob_bytes[i] > 0 && fread(c->blobs[i], 1, (size_t)c->blob_bytes[i], f) != (size_t)c->blob_bytes[i])
            fail("truncated blob of bytes", c->blob_bytes[i]);
    }
    c->output_bytes = need_int(f);
    return 1;
}

static float float_param(const test_case *c, int i)
{
    float v;
    memcpy(&v, &c->params[i], sizeof v);
    return v;
}

static mtl_conv_geometry geometry_at(const int32_t *p)
{
    mtl_conv_geometry g = { p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
        p[10], p[11], p[12], p[13], p[14], p[15], p[16] };
    return g;
}

/* Six requantization ints at p, multipliers and shifts in the blobs. */
static mtl_requantization requantization_at(const int32_t *p, const void *multipliers, const void *shifts)
{
    mtl_requantization q = { (const int32_t *)multipliers, (const int32_t *)shifts, p[0], p[1], p[2], p[3], p[4], p[5] };
    return q;
}

static int32_t fixed_point(int32_t function, const int32_t *a)
{
    switch (function) {
    case 0: return mtl_multiply_by_quantized_multiplier(a[0], a[1], a[2]);
    case 1: return mtl_rounding_divide_by_pot(a[0], a[1]);
    case 2: return mtl_saturating_rounding_doubling_high_mul(a[0], a[1]);
    case 3: return mtl_exp_on_negative_values_q5(a[0]);
    case 4: return mtl_one_over_one_plus_x_for_x_in_01(a[0]);
    case 5: return mtl_saturating_rounding_multiply_by_pot(a[0], a[1]);
    default: fail("unknown fixed-point function", function); return 0;
    }
}

static void run_case(const test_case *c, void *out)
{
    const int32_t *p = c->params;
    void *const *b = c->blobs;
    mtl_context context = { NULL, 0 };
    mtl_status status = MTL_STATUS_OK;
    switch (c->op) {
    case OP_CONV2D_S8:
    case OP_DEPTHWISE_CONV2D_S8: {
        mtl_conv_s8_params params = { geometry_at(p), requantization_at(p + 17, b[3], b[4]) };
        int32_t scratch = c->op == OP_CONV2D_S8 ? mtl_conv2d_s8_scratch_bytes(&params.geometry)
                                                : mtl_depthwise_conv2d_s8_scratch_bytes(&params.geometry);
        context.buf = take(scratch);
        context.size = scratch;
        status = c->op == OP_CONV2D_S8 ? mtl_conv2d_s8(&context, &params, b[0], b[1], b[2], out)
                                       : mtl_depthwise_conv2d_s8(&context, &params, b[0], b[1], b[2], out);
        break;
    }
    case OP_FULLY_CONNECTED_S8: {
        mtl_fully_connected_s8_params params = { p[0], p[1], p[2], requantization_at(p + 3, b[3], b[4]) };
        context.size = mtl_fully_connected_s8_scratch_bytes(params.accum_depth);
        context.buf = take(context.size);
        status = mtl_fully_connected_s8(&context, &params, b[0], b[1], b[2], out);
        break;
    }
    case OP_AVERAGE_POOL2D_S8:
    case OP_MAX_POOL2D_S8: {
        mtl_pool_s8_params params = { geometry_at(p), p[17], p[18] };
        if (c->op == OP_AVERAGE_POOL2D_S8) mtl_average_pool2d_s8(&params, b[0], out);
        else mtl_max_pool2d_s8(&params, b[0], out);
        break;
    }
    case OP_SOFTMAX_S8: {
        mtl_softmax_s8_params params = { p[0], p[1], p[2], p[3], p[4] };
        mtl_softmax_s8(&params, b[0], out);
        break;
    }
    case OP_ADD_S8:
    case OP_ADD_S8_BROADCAST: {
        mtl_add_s8_params params = { p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11] };
        if (c->op == OP_ADD_S8) {
            mtl_add_s8(&params, c->output_bytes, b[0], b[1], out);
        } else {
            mtl_broadcast_shape shape;
            memcpy(shape.extent, p + 12, sizeof shape.extent);
            memcpy(shape.stride1, p + 18, sizeof shape.stride1);
            memcpy(shape.stride2, p + 24, sizeof shape.stride2);
            mtl_add_s8_broadcast(&params, &shape, b[0], b[1], out);
        }
        break;
    }
    case OP_QUANTIZE_F32_S8:
    case OP_DEQUANTIZE_S8_F32: {
        mtl_affine_params params = { p[0], float_param(c, 1), p[2] };
        if (c->op == OP_QUANTIZE_F32_S8) mtl_quantize_f32_s8(&params, b[0], out);
        else mtl_dequantize_s8_f32(&params, b[0], out);
        break;
    }
    case OP_REQUANTIZE_S8: {
        mtl_requantize_s8_params params = { p[0], p[1], p[2], p[3], p[4] };
        mtl_requantize_s8(&params, b[0], out);
        break;
    }
    case OP_RESHAPE:
        mtl_reshape(b[0], out, c->blob_bytes[0]);
        break;
    case OP_FULLY_CONNECTED_F32: {
        mtl_fully_connected_f32_params params = { p[0], p[1], p[2], float_param(c, 3), float_param(c, 4) };
        mtl_fully_connected_f32(&params, b[0], b[1], b[2], out);
        break;
    }
    case OP_SOFTMAX_F32: {
        mtl_softmax_f32_params params = { p[0], p[1], float_param(c, 2) };
        mtl_softmax_f32(&params, b[0], out);
        break;
    }
    case OP_QUANTIZE_MULTIPLIER:
        for (int32_t i = 0; i < c->blob_bytes[0] / 8; i++) {
            double real;
            memcpy(&real, (const uint8_t *)b[0] + 8 * i, sizeof real);
            mtl_quantize_multiplier(real, (int32_t *)out + 2 * i, (int32_t *)out + 2 * i + 1);
        }
        break;
    case OP_FIXED_POINT: {
        const int32_t arity = p[1];
        const int32_t *args = (const int32_t *)b[0];
        for (int32_t i = 0; i < c->blob_bytes[0] / (4 * arity); i++) ((int32_t *)out)[i] = fixed_point(p[0], args + arity * i);
        break;
    }
    default:
        fail("unknown op", c->op);
    }
    if (status != MTL_STATUS_OK) fail("kernel refused its arguments, op", c->op);
}

int main(void)
{
    FILE *in = fopen("cases.bin", "rb");
    FILE *results = fopen("results.bin", "wb");
    if (in == NULL || results == NULL) fail("cannot open cases.bin or results.bin in the working directory", 0);
    test_case c;
    int32_t count = 0;
    for (;;) {
        arena_used = 0;
        if (!read_case(in, &c)) break;
        void *out = take(c.output_bytes);
        memset(out, 0x5A, (size_t)c.output_bytes); /* a kernel that skips an element shows */
        run_case(&c, out);
        uint8_t length[4] = { (uint8_t)c.output_bytes, (uint8_t)(c.output_bytes >> 8), (uint8_t)(c.output_bytes >> 16), (uint8_t)(c.output_bytes >> 24) };
        if (fwrite(length, 1, 4, results) != 4 || fwrite(out, 1, (size_t)c.output_bytes, results) != (size_t)c.output_bytes)
            fail("cannot write results.bin, case", count);
        count++;
    }
    fclose(in);
    if (fclose(results) != 0) fail("cannot close results.bin after cases", count);
    printf("kernel_runner: %ld cases\n", (long)count);
    return 0;
}
