/* The four packed 16-bit operations the int8 dot products are built from: the Cortex-M4's DSP extension where the
 * compiler targets it (__ARM_FEATURE_DSP: SXTB16, SADD16, SMLAD, one instruction each), and the same operations in
 * portable C elsewhere (the host build), so one loop structure runs and is tested on both.
 *
 * Also the lane-wise int8 maximum and minimum of MAX_POOL_2D (SSUB8 + SEL).
 * A word holds four int8 b0..b3 (memory order). sxtb16 widens b0 and b2 into two int16 halves, sxtb16_ror8 b1 and b3;
 * smlad adds both halves' products to an accumulator modulo 2^32. An integer sum is the same whatever its order
 * (wrapping addition is associative and commutative), so pairing the terms this way gives the reference loop's bits. */
#ifndef MTL_INT8_SIMD_H
#define MTL_INT8_SIMD_H

#include <stdint.h>
#include <string.h>

/* Four int8 from any address (the Cortex-M4's LDR takes unaligned addresses; memcpy compiles to one). */
static inline uint32_t mtl_load_s8x4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* A signed 16-bit value in both halves: the pair the packed additions add. */
static inline uint32_t mtl_pack_s16x2(int32_t value)
{
    return ((uint32_t)value & 0xFFFFu) * 0x00010001u;
}

/* An int8 in all four bytes. */
static inline uint32_t mtl_pack_s8x4(int32_t value)
{
    return ((uint32_t)value & 0xFFu) * 0x01010101u;
}

#if defined(__ARM_FEATURE_DSP)

#include <arm_acle.h>

/* The larger and the smaller int8 of each byte lane: SSUB8 sets a GE flag per lane, SEL picks by them (one asm block,
 * so nothing can come between the flags and their use). */
static inline uint32_t mtl_max_s8x4(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b) : "cc");
    return r;
}

static inline uint32_t mtl_min_s8x4(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__("ssub8 %0, %1, %2\n\tsel %0, %2, %1" : "=&r"(r) : "r"(a), "r"(b) : "cc");
    return r;
}

static inline uint32_t mtl_sxtb16(uint32_t v) { return (uint32_t)__sxtb16((int8x4_t)v); }

/* SXTB16 with its rotation (GCC's ACLE has no __ror to fold into it). */
static inline uint32_t mtl_sxtb16_ror8(uint32_t v)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
    return r;
}

static inline uint32_t mtl_sadd16(uint32_t a, uint32_t b) { return (uint32_t)__sadd16((int16x2_t)a, (int16x2_t)b); }

static inline int32_t mtl_smlad(uint32_t a, uint32_t b, int32_t accumulator)
{
    return __smlad((int16x2_t)a, (int16x2_t)b, accumulator);
}

/* One 16 x 16 product of chosen halves (b: bottom, t: top) added modulo 2^32: SMLABB, SMLATT, SMLATB. */
static inline int32_t mtl_smlabb(uint32_t a, uint32_t b, int32_t accumulator) { return __smlabb((int32_t)a, (int32_t)b, accumulator); }
static inline int32_t mtl_smlatt(uint32_t a, uint32_t b, int32_t accumulator) { return __smlatt((int32_t)a, (int32_t)b, accumulator); }
static inline int32_t mtl_smlatb(uint32_t a, uint32_t b, int32_t accumulator) { return __smlatb((int32_t)a, (int32_t)b, accumulator); }

#else

static inline uint32_t mtl_max_s8x4(uint32_t a, uint32_t b)
{
    uint32_t r = 0;
    for (int lane = 0; lane < 32; lane += 8) {
        const int8_t x = (int8_t)(a >> lane), y = (int8_t)(b >> lane);
        r |= (uint32_t)(uint8_t)(x >= y ? x : y) << lane;
    }
    return r;
}

static inline uint32_t mtl_min_s8x4(uint32_t a, uint32_t b)
{
    uint32_t r = 0;
    for (int lane = 0; lane < 32; lane += 8) {
        const int8_t x = (int8_t)(a >> lane), y = (int8_t)(b >> lane);
        r |= (uint32_t)(uint8_t)(x >= y ? y : x) << lane;
    }
    return r;
}

static inline uint32_t mtl_sxtb16(uint32_t v)
{
    return ((uint32_t)(uint16_t)(int16_t)(int8_t)(v & 0xFFu)) | ((uint32_t)(uint16_t)(int16_t)(int8_t)((v >> 16) & 0xFFu) << 16);
}

static inline uint32_t mtl_sxtb16_ror8(uint32_t v) { return mtl_sxtb16((v >> 8) | (v << 24)); }

static inline uint32_t mtl_sadd16(uint32_t a, uint32_t b)
{
    return ((a + b) & 0xFFFFu) | (((a >> 16) + (b >> 16)) << 16);
}

static inline int32_t mtl_smlad(uint32_t a, uint32_t b, int32_t accumulator)
{
    const int32_t low = (int32_t)(int16_t)(a & 0xFFFFu) * (int32_t)(int16_t)(b & 0xFFFFu);
    const int32_t high = (int32_t)(int16_t)(a >> 16) * (int32_t)(int16_t)(b >> 16);
    return (int32_t)((uint32_t)accumulator + (uint32_t)low + (uint32_t)high);
}

static inline int32_t mtl_half_product(uint32_t a, int a_top, uint32_t b, int b_top)
{
    return (int32_t)(int16_t)((a_top ? a >> 16 : a) & 0xFFFFu) * (int32_t)(int16_t)((b_top ? b >> 16 : b) & 0xFFFFu);
}

static inline int32_t mtl_smlabb(uint32_t a, uint32_t b, int32_t accumulator)
{
    return (int32_t)((uint32_t)accumulator + (uint32_t)mtl_half_product(a, 0, b, 0));
}

static inline int32_t mtl_smlatt(uint32_t a, uint32_t b, int32_t accumulator)
{
    return (int32_t)((uint32_t)accumulator + (uint32_t)mtl_half_product(a, 1, b, 1));
}

static inline int32_t mtl_smlatb(uint32_t a, uint32_t b, int32_t accumulator)
{
    return (int32_t)((uint32_t)accumulator + (uint32_t)mtl_half_product(a, 1, b, 0));
}

#endif

#endif /* MTL_INT8_SIMD_H */
