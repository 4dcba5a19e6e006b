/* The bytes of the feature log (FeatureLogFormat.cs, version 3, or 4 for two feature parts): headers, records, their CRCs and checks. */
#include <string.h>

#include "mtl_crc32.h"
#include "mtl_feature_log.h"
#include "mtl_little_endian.h"

#define HEADER_CRC_OFFSET 44
#define TWO_PART_CRC_OFFSET 60

static const uint8_t magic[5] = { 'M', 'T', 'L', 'F', 'S' };

int32_t mtl_store_layout_records(const mtl_store_layout *layout)
{
    return layout->capacity_bytes / (2 + layout->feature_length);
}

int mtl_store_layout_two_parts(const mtl_store_layout *layout)
{
    return layout->first_length != 0;
}

int32_t mtl_store_layout_header_bytes(const mtl_store_layout *layout)
{
    return mtl_store_layout_two_parts(layout) ? MTL_LOG_TWO_PART_HEADER_BYTES : MTL_LOG_HEADER_BYTES;
}

static void dequantize_part(float scale, int32_t zero_point, const int8_t *q, float *destination, int32_t start, int32_t end)
{
    for (int32_t f = start; f < end; f++) destination[f] = scale * (float)(q[f] - zero_point);
}

void mtl_store_layout_dequantize(const mtl_store_layout *layout, const int8_t *q, float *destination)
{
    const int32_t first = mtl_store_layout_two_parts(layout) ? layout->first_length : layout->feature_length;
    dequantize_part(layout->scale, layout->zero_point, q, destination, 0, first);
    dequantize_part(layout->second_scale, layout->second_zero_point, q, destination, first, layout->feature_length);
}

static int quantization_ok(float scale, int32_t zero_point)
{
    return scale > 0.0f && scale - scale == 0.0f && zero_point >= -128 && zero_point <= 127; /* scale positive and finite */
}

mtl_status mtl_store_layout_validate(const mtl_store_layout *layout)
{
    if (layout->feature_length <= 0 || layout->max_classes <= 0 || layout->max_classes > 65535
        || !quantization_ok(layout->scale, layout->zero_point) || layout->capacity_bytes < 2 + layout->feature_length)
        return MTL_STATUS_ARGUMENT_ERROR;
    if (mtl_store_layout_two_parts(layout) && (layout->first_length < 0 || layout->first_length >= layout->feature_length
        || !quantization_ok(layout->second_scale, layout->second_zero_point)))
        return MTL_STATUS_ARGUMENT_ERROR;
    return MTL_STATUS_OK;
}

void mtl_log_write_header(uint8_t *header, int32_t header_bytes, const mtl_store_layout *layout, uint32_t generation,
    int32_t bank_bytes, int32_t program_unit_bytes)
{
    memset(header, 0xFF, (size_t)header_bytes); /* the padding to the program unit stays erased */
    const int two_parts = mtl_store_layout_two_parts(layout);
    memset(header, 0, (size_t)mtl_store_layout_header_bytes(layout));
    memcpy(header, magic, sizeof magic);
    header[5] = two_parts ? MTL_LOG_TWO_PART_VERSION : MTL_LOG_VERSION;
    mtl_write_u16(header + 6, (uint16_t)program_unit_bytes);
    mtl_write_u32(header + 8, generation);
    mtl_write_u32(header + 12, (uint32_t)bank_bytes);
    mtl_write_u32(header + 16, (uint32_t)layout->feature_length);
    mtl_write_f32(header + 20, layout->scale);
    mtl_write_u32(header + 24, (uint32_t)layout->zero_point);
    mtl_write_u32(header + 28, (uint32_t)layout->capacity_bytes);
    mtl_write_u32(header + 32, (uint32_t)layout->max_classes);
    mtl_write_u64(header + 36, layout->seed);
    if (!two_parts) {
        mtl_write_u32(header + HEADER_CRC_OFFSET, mtl_crc32(header, HEADER_CRC_OFFSET));
        return;
    }
    mtl_write_u32(header + 44, (uint32_t)layout->first_length);
    mtl_write_f32(header + 48, layout->second_scale);
    mtl_write_u32(header + 52, (uint32_t)layout->second_zero_point);
    mtl_write_u32(header + TWO_PART_CRC_OFFSET, mtl_crc32(header, TWO_PART_CRC_OFFSET));
}

static uint32_t record_crc(const uint8_t *record, int32_t length, uint32_t generation, int32_t index)
{
    uint8_t key[8];
    mtl_write_u32(key, generation);
    mtl_write_u32(key + 4, (uint32_t)index);
    return mtl_crc32_append(mtl_crc32(key, 8), record, length);
}

void mtl_log_write_record(uint8_t *slot_bytes, int32_t slot_length, uint32_t generation, int32_t index, mtl_log_record_kind kind,
    int32_t slot, int32_t label, int64_t seen, uint64_t random_state, const int8_t *features, int32_t feature_length)
{
    slot_bytes[0] = (uint8_t)kind;
    slot_bytes[1] = 0;
    mtl_write_u16(slot_bytes + 2, (uint16_t)label);
    mtl_write_u32(slot_bytes + 4, (uint32_t)slot);
    mtl_write_u64(slot_bytes + 8, (uint64_t)seen);
    mtl_write_u64(slot_bytes + 16, random_state);
    /* In a compaction of records in flash the features are a view of this very buffer: memmove is then a no-op. */
    memmove(slot_bytes + MTL_LOG_RECORD_FEATURES_OFFSET, features, (size_t)feature_length);
    const int32_t crc_at = MTL_LOG_RECORD_FEATURES_OFFSET + feature_length;
    mtl_write_u32(slot_bytes + crc_at, record_crc(slot_bytes, crc_at, generation, index));
    memset(slot_bytes + crc_at + 4, 0xFF, (size_t)(slot_length - crc_at - 4));
}

int32_t mtl_log_record_label(const uint8_t *record)
{
    return mtl_read_u16(record + 2);
}

int32_t mtl_log_record_slot(const uint8_t *record)
{
    return (int32_t)mtl_read_u32(record + 4);
}

int mtl_log_is_valid_record(const uint8_t *slot_bytes, uint32_t generation, int32_t index, const mtl_store_layout *layout)
{
    const int32_t crc_at = MTL_LOG_RECORD_FEATURES_OFFSET + layout->feature_length;
    if (mtl_read_u32(slot_bytes + crc_at) != record_crc(slot_bytes, crc_at, generation, index)) return 0;
    const uint8_t kind = slot_bytes[0];
    const int32_t slot = mtl_log_record_slot(slot_bytes);
    return (kind == MTL_LOG_STORE || kind == MTL_LOG_REPLACE)
        && mtl_log_record_label(slot_bytes) < layout->max_classes
        && slot >= 0 && slot < mtl_store_layout_records(layout)
        && (int64_t)mtl_read_u64(slot_bytes + 8) > 0;
}
