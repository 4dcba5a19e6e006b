/* Little-endian fields of the feature log's bytes (BinaryPrimitives' LittleEndian reads and writes), portable to
 * any host byte order and to unaligned addresses. */
#ifndef MTL_LITTLE_ENDIAN_H
#define MTL_LITTLE_ENDIAN_H

#include <stdint.h>
#include <string.h>

static inline void mtl_write_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void mtl_write_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static inline void mtl_write_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t mtl_read_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t mtl_read_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t mtl_read_u64(const uint8_t *p)
{
    return (uint64_t)mtl_read_u32(p) | (uint64_t)mtl_read_u32(p + 4) << 32;
}

static inline void mtl_write_f32(uint8_t *p, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    mtl_write_u32(p, bits);
}

static inline float mtl_read_f32(const uint8_t *p)
{
    const uint32_t bits = mtl_read_u32(p);
    float v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

#endif /* MTL_LITTLE_ENDIAN_H */
