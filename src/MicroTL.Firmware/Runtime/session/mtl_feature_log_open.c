/* Formatting a medium, finding the log on one (the newest valid bank) and replaying it (FeatureLog.Open.cs), and
 * reading a bank's header (FeatureLogFormat.ReadHeader). The C# names every problem in its exception; here a
 * refusal is MTL_STATUS_STORE_ERROR, the C# tells the user why. */
#include <string.h>

#include "mtl_crc32.h"
#include "mtl_feature_log.h"
#include "mtl_little_endian.h"

/* What a bank's header says (BankHeaderState). */
typedef enum { BANK_VALID, BANK_ERASED, BANK_NOT_A_STORE, BANK_OTHER_VERSION, BANK_CORRUPT, BANK_UNUSABLE } bank_state;

typedef struct {
    bank_state state;
    mtl_store_layout layout;
    uint32_t generation;
    int32_t bank_bytes, program_unit_bytes;
} bank_header;

static int32_t bank_bytes_of(const mtl_flash *medium)
{
    return medium->size_bytes / 2 / medium->erase_block_bytes * medium->erase_block_bytes;
}

static int has_crc(const uint8_t *header, int32_t length)
{
    return length >= MTL_LOG_HEADER_BYTES && mtl_read_u32(header + 44) == mtl_crc32(header, 44);
}

static int has_two_part_crc(const uint8_t *header, int32_t length)
{
    return length >= MTL_LOG_TWO_PART_HEADER_BYTES && mtl_read_u32(header + 60) == mtl_crc32(header, 60);
}

/* Version 1 had a 40-byte header with its CRC-32 at offset 36. */
static int has_version1_crc(const uint8_t *header, int32_t length)
{
    return length >= 40 && mtl_read_u32(header + 36) == mtl_crc32(header, 36);
}

static bank_header parse_header(const uint8_t *header, int32_t length)
{
    bank_header parsed;
    memset(&parsed, 0, sizeof parsed);
    int erased = length > 0;
    for (int32_t i = 0; i < length; i++) erased &= header[i] == 0xFFu;
    if (erased) {
        parsed.state = BANK_ERASED;
        return parsed;
    }
    if (length < 6 || memcmp(header, "MTLFS", 5) != 0) {
        parsed.state = BANK_NOT_A_STORE;
        return parsed;
    }
    /* A version byte that no CRC confirms is a header torn while it was programmed, not a store of another version. */
    const int two_parts = header[5] == MTL_LOG_TWO_PART_VERSION;
    if (header[5] != MTL_LOG_VERSION && !two_parts) {
        const int confirmed = header[5] == 1 ? has_version1_crc(header, length) : has_crc(header, length);
        parsed.state = confirmed ? BANK_OTHER_VERSION : BANK_CORRUPT;
        return parsed;
    }
    if (two_parts ? !has_two_part_crc(header, length) : !has_crc(header, length)) {
        parsed.state = BANK_CORRUPT;
        return parsed;
    }
    if (two_parts) {
        parsed.layout.first_length = (int32_t)mtl_read_u32(header + 44);
        parsed.layout.second_scale = mtl_read_f32(header + 48);
        parsed.layout.second_zero_point = (int32_t)mtl_read_u32(header + 52);
        if (parsed.layout.first_length <= 0) {
            parsed.state = BANK_UNUSABLE;
            return parsed;
        }
    }
    parsed.layout.feature_length = (int32_t)mtl_read_u32(header + 16);
    parsed.layout.scale = mtl_read_f32(header + 20);
    parsed.layout.zero_point = (int32_t)mtl_read_u32(header + 24);
    parsed.layout.capacity_bytes = (int32_t)mtl_read_u32(header + 28);
    parsed.layout.max_classes = (int32_t)mtl_read_u32(header + 32);
    parsed.layout.seed = mtl_read_u64(header + 36);
    parsed.generation = mtl_read_u32(header + 8);
    parsed.bank_bytes = (int32_t)mtl_read_u32(header + 12);
    parsed.program_unit_bytes = mtl_read_u16(header + 6);
    parsed.state = mtl_store_layout_validate(&parsed.layout) == MTL_STATUS_OK ? BANK_VALID : BANK_UNUSABLE;
    return parsed;
}

static mtl_status read_bank_header(mtl_flash *medium, int32_t address, bank_header *header)
{
    uint8_t bytes[MTL_LOG_TWO_PART_HEADER_BYTES];
    int32_t length = medium->size_bytes - address;
    if (length < 0) length = 0;
    if (length > MTL_LOG_TWO_PART_HEADER_BYTES) length = MTL_LOG_TWO_PART_HEADER_BYTES;
    const mtl_status status = medium->read(medium, address, bytes, length);
    if (status != MTL_STATUS_OK) return status;
    *header = parse_header(bytes, length);
    return MTL_STATUS_OK;
}

/* A valid header that does not fit this medium (geometry) or could not work (too few slots) becomes unusable. */
static void check_usable(bank_header *header, const mtl_flash *medium, int32_t bank_bytes)
{
    if (header->state != BANK_VALID) return;
    const int32_t header_bytes = mtl_store_layout_header_bytes(&header->layout);
    const int32_t records_offset = (header_bytes + medium->program_unit_bytes - 1) / medium->program_unit_bytes * medium->program_unit_bytes;
    const int32_t record_bytes = mtl_feature_log_slot_bytes(header->layout.feature_length, medium->program_unit_bytes);
    const int32_t slots = bank_bytes < records_offset ? 0 : (bank_bytes - records_offset) / record_bytes;
    if (header->program_unit_bytes != medium->program_unit_bytes || header->bank_bytes != bank_bytes
        || slots < mtl_store_layout_records(&header->layout) + 1)
        header->state = BANK_UNUSABLE;
}

/* Erased, foreign or torn headers may be formatted; another version or an unusable store never is. */
static int may_format(bank_state state)
{
    return state == BANK_ERASED || state == BANK_NOT_A_STORE || state == BANK_CORRUPT;
}

static int same_layout(const mtl_store_layout *a, const mtl_store_layout *b)
{
    return a->feature_length == b->feature_length && memcmp(&a->scale, &b->scale, sizeof a->scale) == 0
        && a->zero_point == b->zero_point && a->capacity_bytes == b->capacity_bytes && a->max_classes == b->max_classes
        && a->first_length == b->first_length && memcmp(&a->second_scale, &b->second_scale, sizeof a->second_scale) == 0
        && a->second_zero_point == b->second_zero_point;
}

mtl_status mtl_feature_log_format(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *layout, uint8_t *slot_buffer)
{
    if (medium->erase_block_bytes <= 0 || medium->program_unit_bytes <= 0 || medium->erase_block_bytes % medium->program_unit_bytes != 0
        || medium->program_unit_bytes > MTL_LOG_MAX_HEADER_BYTES)
        return MTL_STATUS_ARGUMENT_ERROR;
    if (mtl_store_layout_validate(layout) != MTL_STATUS_OK) return MTL_STATUS_ARGUMENT_ERROR;
    mtl_log_init(self, medium, layout, bank_bytes_of(medium), 1, 0, slot_buffer);
    if (self->slots_per_bank < mtl_store_layout_records(layout) + 1) return MTL_STATUS_STORE_ERROR; /* too small */
    mtl_status status = mtl_feature_log_erase_unless_blank(medium, 0, 2 * self->bank_bytes);
    if (status != MTL_STATUS_OK) return status;
    uint8_t header[MTL_LOG_MAX_HEADER_BYTES];
    mtl_log_write_header(header, self->records_offset, layout, self->generation, self->bank_bytes, medium->program_unit_bytes);
    status = medium->program(medium, 0, header, self->records_offset);
    if (status == MTL_STATUS_OK) status = medium->sync(medium);
    return status;
}

mtl_status mtl_feature_log_open(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *requested, int format_when_empty,
    uint8_t *slot_buffer, mtl_feature_log_opening *opening)
{
    if (medium->erase_block_bytes <= 0 || medium->program_unit_bytes <= 0 || medium->erase_block_bytes % medium->program_unit_bytes != 0
        || medium->program_unit_bytes > MTL_LOG_MAX_HEADER_BYTES)
        return MTL_STATUS_ARGUMENT_ERROR;
    const int32_t bank_bytes = bank_bytes_of(medium);
    const int32_t header_bytes = requested == 0 ? MTL_LOG_HEADER_BYTES : mtl_store_layout_header_bytes(requested);
    const int32_t records_offset = (header_bytes + medium->program_unit_bytes - 1) / medium->program_unit_bytes * medium->program_unit_bytes;
    bank_header first, second;
    mtl_status status = read_bank_header(medium, 0, &first);
    if (status != MTL_STATUS_OK) return status;
    check_usable(&first, medium, bank_bytes);
    if (bank_bytes >= records_offset) {
        status = read_bank_header(medium, bank_bytes, &second);
        if (status != MTL_STATUS_OK) return status;
        check_usable(&second, medium, bank_bytes);
    } else {
        second = first;
    }
    opening->formatted = 0;
    opening->older_bank_found = 0;

    if (first.state == BANK_VALID || second.state == BANK_VALID) {
        const int second_is_newer = second.state == BANK_VALID
            && (first.state != BANK_VALID || (int32_t)(second.generation - first.generation) > 0);
        const bank_header *active = second_is_newer ? &second : &first;
        if (requested != 0 && !same_layout(&active->layout, requested)) return MTL_STATUS_STORE_ERROR;
        mtl_log_init(self, medium, &active->layout, bank_bytes, active->generation, second_is_newer ? 1 : 0, slot_buffer);
        opening->older_bank_found = first.state == BANK_VALID && second.state == BANK_VALID && bank_bytes >= records_offset;
        return MTL_STATUS_OK;
    }

    if (format_when_empty && requested != 0 && may_format(first.state) && may_format(second.state)) {
        int blank = 0;
        status = mtl_feature_log_is_blank(medium, 0, medium->size_bytes, &blank);
        if (status == MTL_STATUS_OK && !blank && bank_bytes >= records_offset) {
            /* Nothing beyond the two header areas was ever written: nothing there was acknowledged. */
            int first_rest, second_rest;
            status = mtl_feature_log_is_blank(medium, records_offset, bank_bytes - records_offset, &first_rest);
            if (status == MTL_STATUS_OK)
                status = mtl_feature_log_is_blank(medium, bank_bytes + records_offset, medium->size_bytes - bank_bytes - records_offset, &second_rest);
            blank = status == MTL_STATUS_OK && first_rest && second_rest;
        }
        if (status != MTL_STATUS_OK) return status;
        if (blank) {
            opening->formatted = 1;
            return mtl_feature_log_format(self, medium, requested, slot_buffer);
        }
    }
    return MTL_STATUS_STORE_ERROR;
}

mtl_status mtl_feature_log_replay(mtl_feature_log *self, mtl_feature_log_sink sink, void *context, mtl_feature_log_scan *scan)
{
    int32_t replayed = 0, corrupt = 0, bad_since_good = 0, torn_since_good = 0, last_written = -1;
    for (int32_t index = 0; index < self->slots_per_bank; index++) {
        const int32_t address = mtl_feature_log_slot_address(self, self->active_bank, index);
        const mtl_status status = self->medium->read(self->medium, address, self->slot, self->record_bytes);
        if (status != MTL_STATUS_OK) return status;
        int erased = 1;
        for (int32_t i = 0; i < self->record_bytes && erased; i++) erased = self->slot[i] == 0xFFu;
        if (erased) {
            bad_since_good++; /* free, unless a good record follows: then a record was lost here */
            continue;
        }
        last_written = index;
        if (!mtl_log_is_valid_record(self->slot, self->generation, index, &self->layout)) {
            bad_since_good++;
            torn_since_good++;
            continue;
        }
        corrupt += bad_since_good;
        bad_since_good = torn_since_good = 0;
        sink(context, (mtl_log_record_kind)self->slot[0], mtl_log_record_slot(self->slot), mtl_log_record_label(self->slot),
            (int64_t)mtl_read_u64(self->slot + 8), mtl_read_u64(self->slot + 16), (const int8_t *)(self->slot + MTL_LOG_RECORD_FEATURES_OFFSET),
            address);
        replayed++;
    }
    self->used_slots = last_written + 1;
    scan->records_replayed = replayed;
    scan->corrupt_records = corrupt;
    scan->torn_records = torn_since_good;
    scan->torn_bytes = torn_since_good * self->record_bytes;
    return MTL_STATUS_OK;
}
