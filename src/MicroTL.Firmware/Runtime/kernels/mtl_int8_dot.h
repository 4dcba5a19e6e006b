/* The inner loops of CONV_2D and FULLY_CONNECTED: int8 dot products of one input run against one to four weight runs
 * (register blocking: each input word is loaded and widened once for four output channels), four terms per step with
 * the packed operations of mtl_int8_simd.h (SMLAD on the Cortex-M4), the last 0-3 terms one by one.
 *   acc[j] += Σ_{k < length} w[j·w_stride + k] · (x[k] + x_offset)   modulo 2^32, as the reference loops' wrapping sums.
 * The input plus its offset is formed in 16-bit halves, so the caller checks mtl_s8_offset_fits_s16(x_offset) first. */
#ifndef MTL_INT8_DOT_H
#define MTL_INT8_DOT_H

#include "mtl_int8_simd.h"
#include "mtl_quantization_math.h"

/* Whether every int8 plus `offset` fits an int16 half (always, for a zero point of int8 range). */
static inline int mtl_s8_offset_fits_s16(int32_t offset)
{
    return offset >= INT16_MIN + 128 && offset <= INT16_MAX - 127;
}

static inline void mtl_dot_s8_x4(const int8_t *x, const int8_t *w, int32_t w_stride, int32_t length, int32_t x_offset,
    int32_t acc[4])
{
    const uint32_t offsets = mtl_pack_s16x2(x_offset);
    const int8_t *w0 = w, *w1 = w + w_stride, *w2 = w1 + w_stride, *w3 = w2 + w_stride;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int32_t k = 0;
    for (; k + 4 <= length; k += 4) {
        const uint32_t xv = mtl_load_s8x4(x + k);
        const uint32_t even = mtl_sadd16(mtl_sxtb16(xv), offsets), odd = mtl_sadd16(mtl_sxtb16_ror8(xv), offsets);
        uint32_t wv = mtl_load_s8x4(w0 + k);
        a0 = mtl_smlad(mtl_sxtb16(wv), even, a0);
        a0 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a0);
        wv = mtl_load_s8x4(w1 + k);
        a1 = mtl_smlad(mtl_sxtb16(wv), even, a1);
        a1 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a1);
        wv = mtl_load_s8x4(w2 + k);
        a2 = mtl_smlad(mtl_sxtb16(wv), even, a2);
        a2 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a2);
        wv = mtl_load_s8x4(w3 + k);
        a3 = mtl_smlad(mtl_sxtb16(wv), even, a3);
        a3 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a3);
    }
    for (; k < length; k++) {
        const int32_t xk = x[k] + x_offset;
        a0 = mtl_wrapping_add(a0, mtl_wrapping_mul(w0[k], xk));
        a1 = mtl_wrapping_add(a1, mtl_wrapping_mul(w1[k], xk));
        a2 = mtl_wrapping_add(a2, mtl_wrapping_mul(w2[k], xk));
        a3 = mtl_wrapping_add(a3, mtl_wrapping_mul(w3[k], xk));
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

static inline int32_t mtl_dot_s8_x1(const int8_t *x, const int8_t *w, int32_t length, int32_t x_offset, int32_t acc)
{
    const uint32_t offsets = mtl_pack_s16x2(x_offset);
    int32_t k = 0;
    for (; k + 4 <= length; k += 4) {
        const uint32_t xv = mtl_load_s8x4(x + k), wv = mtl_load_s8x4(w + k);
        acc = mtl_smlad(mtl_sxtb16(wv), mtl_sadd16(mtl_sxtb16(xv), offsets), acc);
        acc = mtl_smlad(mtl_sxtb16_ror8(wv), mtl_sadd16(mtl_sxtb16_ror8(xv), offsets), acc);
    }
    for (; k < length; k++) acc = mtl_wrapping_add(acc, mtl_wrapping_mul(w[k], x[k] + x_offset));
    return acc;
}

/* Runs of 1-4 weight rows: four at once, the rest one by one. */
static inline void mtl_dot_s8_rows(const int8_t *x, const int8_t *w, int32_t w_stride, int32_t rows, int32_t length,
    int32_t x_offset, int32_t acc[4])
{
    if (rows == 4) {
        mtl_dot_s8_x4(x, w, w_stride, length, x_offset, acc);
        return;
    }
    for (int32_t j = 0; j < rows; j++) acc[j] = mtl_dot_s8_x1(x, w + j * w_stride, length, x_offset, acc[j]);
}

#endif /* MTL_INT8_DOT_H */
