/* The log's appends, reads and compaction (FeatureLog.cs); opening and replay are in mtl_feature_log_open.c. */
#include "mtl_feature_log.h"
#include "mtl_little_endian.h"

/* Blank checks read the medium in chunks this long on the stack (FeatureLog.BlankCheckChunkBytes). */
#define BLANK_CHECK_CHUNK_BYTES 256

static int32_t round_up(int32_t bytes, int32_t unit)
{
    return (bytes + unit - 1) / unit * unit;
}

int32_t mtl_feature_log_slot_bytes(int32_t feature_length, int32_t program_unit_bytes)
{
    return round_up(MTL_LOG_RECORD_OVERHEAD_BYTES + feature_length, program_unit_bytes);
}

int64_t mtl_feature_log_required_medium_bytes(const mtl_store_layout *layout, int32_t erase_block_bytes, int32_t program_unit_bytes)
{
    if (mtl_store_layout_validate(layout) != MTL_STATUS_OK) return -1;
    if (erase_block_bytes <= 0 || program_unit_bytes <= 0 || erase_block_bytes % program_unit_bytes != 0) return -1;
    const int64_t slots = 2 * (int64_t)mtl_store_layout_records(layout);
    const int64_t bank_content = round_up(mtl_store_layout_header_bytes(layout), program_unit_bytes)
        + slots * mtl_feature_log_slot_bytes(layout->feature_length, program_unit_bytes);
    const int64_t bank = (bank_content + erase_block_bytes - 1) / erase_block_bytes * erase_block_bytes;
    return 2 * bank > INT32_MAX ? -1 : 2 * bank;
}

void mtl_log_init(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *layout, int32_t bank_bytes, uint32_t generation,
    int32_t active_bank, uint8_t *slot_buffer)
{
    self->medium = medium;
    self->layout = *layout;
    self->bank_bytes = bank_bytes;
    self->records_offset = round_up(mtl_store_layout_header_bytes(layout), medium->program_unit_bytes);
    self->record_bytes = mtl_feature_log_slot_bytes(layout->feature_length, medium->program_unit_bytes);
    self->slots_per_bank = bank_bytes < self->records_offset ? 0 : (bank_bytes - self->records_offset) / self->record_bytes;
    self->generation = generation;
    self->active_bank = active_bank;
    self->used_slots = 0;
    self->compacted = -1;
    self->needs_compaction = 0;
    self->slot = slot_buffer;
}

int32_t mtl_feature_log_slot_address(const mtl_feature_log *self, int32_t bank, int32_t index)
{
    return bank * self->bank_bytes + self->records_offset + index * self->record_bytes;
}

int32_t mtl_feature_log_bytes_in_use(const mtl_feature_log *self)
{
    return self->records_offset + self->used_slots * self->record_bytes;
}

mtl_status mtl_feature_log_is_blank(mtl_flash *medium, int32_t address, int32_t length, int *blank)
{
    uint8_t chunk[BLANK_CHECK_CHUNK_BYTES];
    *blank = 1;
    for (int32_t offset = 0; offset < length; offset += BLANK_CHECK_CHUNK_BYTES) {
        const int32_t part = length - offset < BLANK_CHECK_CHUNK_BYTES ? length - offset : BLANK_CHECK_CHUNK_BYTES;
        const mtl_status status = medium->read(medium, address + offset, chunk, part);
        if (status != MTL_STATUS_OK) return status;
        for (int32_t i = 0; i < part; i++)
            if (chunk[i] != 0xFFu) {
                *blank = 0;
                return MTL_STATUS_OK;
            }
    }
    return MTL_STATUS_OK;
}

/* Erases each erase block of the range that holds a byte other than 0xFF (an erase costs ~85 ms a page on the
 * nRF52840; a read, microseconds). */
mtl_status mtl_feature_log_erase_unless_blank(mtl_flash *medium, int32_t address, int32_t length)
{
    const int32_t block = medium->erase_block_bytes;
    for (int32_t start = address; start < address + length; start += block) {
        int blank;
        mtl_status status = mtl_feature_log_is_blank(medium, start, block, &blank);
        if (status == MTL_STATUS_OK && !blank) status = medium->erase(medium, start, block);
        if (status != MTL_STATUS_OK) return status;
    }
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_log_append(mtl_feature_log *self, mtl_log_record_kind kind, int32_t slot, int32_t label, int64_t seen,
    uint64_t random_state, const int8_t *features, int32_t *address)
{
    if (self->needs_compaction || self->used_slots >= self->slots_per_bank) return MTL_STATUS_ARGUMENT_ERROR;
    const int32_t index = self->used_slots;
    const int32_t at = mtl_feature_log_slot_address(self, self->active_bank, index);
    mtl_log_write_record(self->slot, self->record_bytes, self->generation, index, kind, slot, label, seen, random_state,
        features, self->layout.feature_length);
    self->used_slots++; /* from here the slot is used, whole or torn */
    mtl_status status = self->medium->program(self->medium, at, self->slot, self->record_bytes);
    if (status == MTL_STATUS_OK) status = self->medium->sync(self->medium);
    if (status != MTL_STATUS_OK) {
        self->needs_compaction = 1;
        return MTL_STATUS_FLASH_ERROR;
    }
    *address = at;
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_log_read(mtl_feature_log *self, int32_t address, const uint8_t **record)
{
    const int32_t index = (address - mtl_feature_log_slot_address(self, self->active_bank, 0)) / self->record_bytes;
    const mtl_status status = self->medium->read(self->medium, address, self->slot, self->record_bytes);
    if (status != MTL_STATUS_OK) return status;
    if (!mtl_log_is_valid_record(self->slot, self->generation, index, &self->layout)) return MTL_STATUS_STORE_ERROR;
    *record = self->slot;
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_log_begin_compaction(mtl_feature_log *self)
{
    self->needs_compaction = 1;
    self->compacted = 0;
    return mtl_feature_log_erase_unless_blank(self->medium, (1 - self->active_bank) * self->bank_bytes, self->bank_bytes);
}

mtl_status mtl_feature_log_write_compacted(mtl_feature_log *self, int32_t slot, int32_t label, int64_t seen, uint64_t random_state,
    const int8_t *features)
{
    if (self->compacted != slot) return MTL_STATUS_ARGUMENT_ERROR;
    mtl_log_write_record(self->slot, self->record_bytes, self->generation + 1, slot, MTL_LOG_STORE, slot, label, seen, random_state,
        features, self->layout.feature_length);
    const mtl_status status = self->medium->program(self->medium, mtl_feature_log_slot_address(self, 1 - self->active_bank, slot),
        self->slot, self->record_bytes);
    if (status != MTL_STATUS_OK) return status;
    self->compacted++;
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_log_commit_compaction(mtl_feature_log *self)
{
    if (self->compacted < 0) return MTL_STATUS_ARGUMENT_ERROR;
    const int32_t target = 1 - self->active_bank;
    mtl_status status = self->medium->sync(self->medium); /* the records are durable before the header that makes them the log */
    if (status != MTL_STATUS_OK) return status;
    uint8_t header[MTL_LOG_MAX_HEADER_BYTES];
    mtl_log_write_header(header, self->records_offset, &self->layout, self->generation + 1, self->bank_bytes,
        self->medium->program_unit_bytes);
    status = self->medium->program(self->medium, target * self->bank_bytes, header, self->records_offset);
    if (status == MTL_STATUS_OK) status = self->medium->sync(self->medium);
    if (status != MTL_STATUS_OK) return status;

    self->active_bank = target;
    self->generation++;
    self->used_slots = self->compacted;
    self->needs_compaction = 0;
    self->compacted = -1;
    return MTL_STATUS_OK;
}

int32_t mtl_feature_log_compacted_address(const mtl_feature_log *self, int32_t slot)
{
    return mtl_feature_log_slot_address(self, self->active_bank, slot);
}

mtl_status mtl_feature_log_retire_other_bank(mtl_feature_log *self)
{
    const int32_t block = self->medium->erase_block_bytes;
    const int32_t header_blocks = (self->records_offset + block - 1) / block * block;
    return mtl_feature_log_erase_unless_blank(self->medium, (1 - self->active_bank) * self->bank_bytes, header_blocks);
}
