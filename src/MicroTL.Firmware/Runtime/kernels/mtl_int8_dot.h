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

#if defined(__ARM_FEATURE_DSP) && defined(__thumb2__) && !defined(__ARM_BIG_ENDIAN)
#define MTL_DOT_S8_ASM 1
/* mtl_dot_s8_x4 for length >= 4. The word loop by hand: the compiler's own allocation spills pointers and
 * accumulators out of the 14 registers this loop needs (4 accumulators, 5 pointers, the end, 4 temporaries), so the
 * packed offsets are read from memory each step instead of holding a register. 28 instructions per 16 MACs. Never
 * inlined: a caller's own live registers would leave the asm too few (GCC: "impossible constraints"). The last 1-3
 * terms as one more word that ends at the run's end: it overlaps the loop's last word by `back` bytes, whose weights
 * are masked to 0 (little-endian: the first bytes in memory are the low ones), so each term counts once. */
static __attribute__((noinline)) void mtl_dot_s8_x4_asm(const int8_t *x, const int8_t *w0, const int8_t *w1, const int8_t *w2,
    const int8_t *w3, int32_t length, uint32_t offsets, int32_t acc[4])
{
    const int32_t words = length >> 2, back = (4 - (length & 3)) & 3;
    const int8_t *const x_end = x + 4 * words;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    uint32_t even, odd, wv, t;
    __asm__ volatile(
        "1:\n\t"
        "ldr %[even], [%[x]], #4\n\t"
        "ldr %[wv], %[offsets]\n\t"
        "sxtb16 %[odd], %[even], ror #8\n\t"
        "sxtb16 %[even], %[even]\n\t"
        "sadd16 %[odd], %[odd], %[wv]\n\t"
        "sadd16 %[even], %[even], %[wv]\n\t"
        "ldr %[wv], [%[w0]], #4\n\t"
        "sxtb16 %[t], %[wv]\n\t"
        "smlad %[a0], %[t], %[even], %[a0]\n\t"
        "sxtb16 %[t], %[wv], ror #8\n\t"
        "smlad %[a0], %[t], %[odd], %[a0]\n\t"
        "ldr %[wv], [%[w1]], #4\n\t"
        "sxtb16 %[t], %[wv]\n\t"
        "smlad %[a1], %[t], %[even], %[a1]\n\t"
        "sxtb16 %[t], %[wv], ror #8\n\t"
        "smlad %[a1], %[t], %[odd], %[a1]\n\t"
        "ldr %[wv], [%[w2]], #4\n\t"
        "sxtb16 %[t], %[wv]\n\t"
        "smlad %[a2], %[t], %[even], %[a2]\n\t"
        "sxtb16 %[t], %[wv], ror #8\n\t"
        "smlad %[a2], %[t], %[odd], %[a2]\n\t"
        "ldr %[wv], [%[w3]], #4\n\t"
        "sxtb16 %[t], %[wv]\n\t"
        "smlad %[a3], %[t], %[even], %[a3]\n\t"
        "sxtb16 %[t], %[wv], ror #8\n\t"
        "smlad %[a3], %[t], %[odd], %[a3]\n\t"
        "cmp %[x], %[x_end]\n\t"
        "bne 1b\n\t"
        : [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3), [a0] "+r"(a0), [a1] "+r"(a1),
          [a2] "+r"(a2), [a3] "+r"(a3), [even] "=&r"(even), [odd] "=&r"(odd), [wv] "=&r"(wv), [t] "=&r"(t)
        : [x_end] "r"(x_end), [offsets] "m"(offsets)
        : "cc", "memory");
    if (back != 0) {
        const uint32_t mask = 0xFFFFFFFFu << (8 * back), xv = mtl_load_s8x4(x - back);
        const uint32_t even = mtl_sadd16(mtl_sxtb16(xv), offsets), odd = mtl_sadd16(mtl_sxtb16_ror8(xv), offsets);
        uint32_t wv = mtl_load_s8x4(w0 - back) & mask;
        a0 = mtl_smlad(mtl_sxtb16(wv), even, a0);
        a0 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a0);
        wv = mtl_load_s8x4(w1 - back) & mask;
        a1 = mtl_smlad(mtl_sxtb16(wv), even, a1);
        a1 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a1);
        wv = mtl_load_s8x4(w2 - back) & mask;
        a2 = mtl_smlad(mtl_sxtb16(wv), even, a2);
        a2 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a2);
        wv = mtl_load_s8x4(w3 - back) & mask;
        a3 = mtl_smlad(mtl_sxtb16(wv), even, a3);
        a3 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a3);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}
#endif

static inline void mtl_dot_s8_x4(const int8_t *x, const int8_t *w, int32_t w_stride, int32_t length, int32_t x_offset,
    int32_t acc[4])
{
    const uint32_t offsets = mtl_pack_s16x2(x_offset);
    const int8_t *w0 = w, *w1 = w + w_stride, *w2 = w1 + w_stride, *w3 = w2 + w_stride;
#if defined(MTL_DOT_S8_ASM)
    if (length >= 4) {
        mtl_dot_s8_x4_asm(x, w0, w1, w2, w3, length, offsets, acc);
        return;
    }
#endif
    int32_t k = length & ~3;
#if defined(MTL_DOT_S8_ASM)
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
#else
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    for (int32_t j = 0; j < k; j += 4) {
        const uint32_t xv = mtl_load_s8x4(x + j);
        const uint32_t even = mtl_sadd16(mtl_sxtb16(xv), offsets), odd = mtl_sadd16(mtl_sxtb16_ror8(xv), offsets);
        uint32_t wv = mtl_load_s8x4(w0 + j);
        a0 = mtl_smlad(mtl_sxtb16(wv), even, a0);
        a0 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a0);
        wv = mtl_load_s8x4(w1 + j);
        a1 = mtl_smlad(mtl_sxtb16(wv), even, a1);
        a1 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a1);
        wv = mtl_load_s8x4(w2 + j);
        a2 = mtl_smlad(mtl_sxtb16(wv), even, a2);
        a2 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a2);
        wv = mtl_load_s8x4(w3 + j);
        a3 = mtl_smlad(mtl_sxtb16(wv), even, a3);
        a3 = mtl_smlad(mtl_sxtb16_ror8(wv), odd, a3);
    }
#endif
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
