/* CRC-32 of zlib, PNG and Ethernet (Crc32.cs): the checksum of the feature log's headers and records. */
#ifndef MTL_CRC32_H
#define MTL_CRC32_H

#include <stdint.h>

/* The CRC-32 of `length` bytes. */
uint32_t mtl_crc32(const uint8_t *data, int32_t length);

/* Continues `crc` (a previous result, or 0 to start) over more bytes. */
uint32_t mtl_crc32_append(uint32_t crc, const uint8_t *data, int32_t length);

#endif /* MTL_CRC32_H */
