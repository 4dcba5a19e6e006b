/* FeatureStore in C: the policy over RAM records or flash addresses, journaled to the log (see mtl_feature_store.h). */
#include <string.h>

#include "mtl_feature_store.h"

#define LABEL_BYTES 2

int64_t mtl_feature_store_required_bytes(const mtl_store_layout *layout, mtl_store_mode mode, int32_t program_unit_bytes)
{
    if (mtl_store_layout_validate(layout) != MTL_STATUS_OK) return -1;
    const int32_t records = mtl_store_layout_records(layout);
    const int64_t policy = mtl_reservoir_required_bytes(records, layout->max_classes);
    const int64_t ram = (int64_t)records * layout->feature_length + policy;
    if (mode == MTL_STORE_RAM) return ram;
    const int64_t slot = mtl_feature_log_slot_bytes(layout->feature_length, program_unit_bytes);
    return mode == MTL_STORE_RAM_JOURNALED ? ram + slot : (int64_t)records * (int64_t)sizeof(int32_t) + policy + slot;
}

static void bind(mtl_feature_store *self, const mtl_store_layout *layout, mtl_store_mode mode, const mtl_store_buffers *buffers)
{
    self->layout = *layout;
    self->capacity_records = mtl_store_layout_records(layout);
    self->mode = mode;
    self->features = buffers->features;
    self->addresses = buffers->addresses;
    memset(&self->recovery, 0, sizeof self->recovery);
    self->replay_kinds_disagree = 0;
    mtl_reservoir_init(&self->policy, buffers->labels, buffers->counts, buffers->seen, self->capacity_records, layout->max_classes, layout->seed);
}

mtl_status mtl_feature_store_init_ram(mtl_feature_store *self, const mtl_store_layout *layout, const mtl_store_buffers *buffers)
{
    if (mtl_store_layout_validate(layout) != MTL_STATUS_OK) return MTL_STATUS_ARGUMENT_ERROR;
    bind(self, layout, MTL_STORE_RAM, buffers);
    return MTL_STATUS_OK;
}

int32_t mtl_feature_store_count(const mtl_feature_store *self)
{
    return self->policy.count;
}

int32_t mtl_feature_store_label(const mtl_feature_store *self, int32_t index)
{
    return self->policy.label_of_slot[index];
}

/* IFeatureRecordMedium.Put: a copy in RAM, or the record's address in flash. */
static void put(mtl_feature_store *self, int32_t slot, const int8_t *features, int32_t address)
{
    if (self->mode == MTL_STORE_FLASH) {
        self->addresses[slot] = address;
    } else {
        memcpy(self->features + (int64_t)slot * self->layout.feature_length, features, (size_t)self->layout.feature_length);
    }
}

/* IFeatureRecordMedium.Read: the RAM copy, or the record read from flash and checked against the index's label. */
static const int8_t *read_record(mtl_feature_store *self, int32_t slot, int32_t label, mtl_status *status)
{
    *status = MTL_STATUS_OK;
    if (self->mode != MTL_STORE_FLASH) return self->features + (int64_t)slot * self->layout.feature_length;
    const uint8_t *record;
    *status = mtl_feature_log_read(&self->log, self->addresses[slot], &record);
    if (*status != MTL_STATUS_OK) return 0;
    if (mtl_log_record_label(record) != label) {
        *status = MTL_STATUS_STORE_ERROR;
        return 0;
    }
    return (const int8_t *)(record + MTL_LOG_RECORD_FEATURES_OFFSET);
}

static void move_record(void *context, int32_t from, int32_t to)
{
    mtl_feature_store *self = (mtl_feature_store *)context;
    if (self->mode == MTL_STORE_FLASH) {
        self->addresses[to] = self->addresses[from];
    } else {
        const int32_t f = self->layout.feature_length;
        memcpy(self->features + (int64_t)to * f, self->features + (int64_t)from * f, (size_t)f);
    }
}

const int8_t *mtl_feature_store_features(mtl_feature_store *self, int32_t index, mtl_status *status)
{
    if (index < 0 || index >= self->policy.count) {
        *status = MTL_STATUS_ARGUMENT_ERROR;
        return 0;
    }
    return read_record(self, index, self->policy.label_of_slot[index], status);
}

mtl_status mtl_feature_store_dequantize(mtl_feature_store *self, int32_t index, float *destination)
{
    mtl_status status;
    const int8_t *q = mtl_feature_store_features(self, index, &status);
    if (q == 0) return status;
    mtl_store_layout_dequantize(&self->layout, q, destination);
    return MTL_STATUS_OK;
}

mtl_status mtl_feature_store_compact(mtl_feature_store *self)
{
    if (self->mode == MTL_STORE_RAM) return MTL_STATUS_ARGUMENT_ERROR; /* a store in RAM only keeps no log */
    mtl_status status = mtl_feature_log_begin_compaction(&self->log);
    for (int32_t slot = 0; status == MTL_STATUS_OK && slot < self->policy.count; slot++) {
        const int32_t label = self->policy.label_of_slot[slot];
        const int8_t *features = read_record(self, slot, label, &status);
        if (status == MTL_STATUS_OK)
            status = mtl_feature_log_write_compacted(&self->log, slot, label, self->policy.seen_of_class[label], self->policy.random.state, features);
    }
    if (status == MTL_STATUS_OK) status = mtl_feature_log_commit_compaction(&self->log);
    if (status != MTL_STATUS_OK) return status;
    if (self->mode == MTL_STORE_FLASH) /* before anything can fail again: the new bank is the log now */
        for (int32_t slot = 0; slot < self->policy.count; slot++) self->addresses[slot] = mtl_feature_log_compacted_address(&self->log, slot);
    return mtl_feature_log_retire_other_bank(&self->log);
}

mtl_status mtl_feature_store_add(mtl_feature_store *self, const int8_t *features, int32_t label, mtl_add_result *result)
{
    if (label < 0 || label >= self->layout.max_classes) return MTL_STATUS_ARGUMENT_ERROR;
    const int logged = self->mode != MTL_STORE_RAM;
    mtl_status status;
    if (logged && (self->log.needs_compaction || self->log.used_slots >= self->log.slots_per_bank)) {
        status = mtl_feature_store_compact(self); /* a failed write tore the bank's end, or one failed before */
        if (status != MTL_STATUS_OK) return status;
    }

    const mtl_reservoir_saved saved = mtl_reservoir_save(&self->policy, label);
    *result = mtl_reservoir_offer(&self->policy, label);
    if (result->outcome == MTL_ADD_DISCARDED) return MTL_STATUS_OK;

    int32_t address = -1;
    if (logged) {
        const mtl_log_record_kind kind = result->outcome == MTL_ADD_STORED ? MTL_LOG_STORE : MTL_LOG_REPLACE;
        status = mtl_feature_log_append(&self->log, kind, result->slot, label, self->policy.seen_of_class[label],
            self->policy.random.state, features, &address);
        if (status != MTL_STATUS_OK) {
            mtl_reservoir_restore(&self->policy, label, saved); /* as if the sample had never been offered */
            return status;
        }
    }
    put(self, result->slot, features, address);
    mtl_reservoir_place(&self->policy, result->slot, label);
    if (logged && self->log.used_slots >= self->log.slots_per_bank) return mtl_feature_store_compact(self);
    return MTL_STATUS_OK;
}

static void apply_logged(void *context, mtl_log_record_kind kind, int32_t slot, int32_t label, int64_t seen, uint64_t random_state,
    const int8_t *features, int32_t address)
{
    mtl_feature_store *self = (mtl_feature_store *)context;
    if (!mtl_reservoir_place_logged(&self->policy, slot, label, kind == MTL_LOG_STORE, seen, random_state)) self->replay_kinds_disagree = 1;
    put(self, slot, features, address);
}

mtl_status mtl_feature_store_open_or_create(mtl_feature_store *self, mtl_flash *medium, const mtl_store_layout *layout,
    mtl_store_mode mode, const mtl_store_buffers *buffers)
{
    if (mode == MTL_STORE_RAM || mtl_store_layout_validate(layout) != MTL_STATUS_OK) return MTL_STATUS_ARGUMENT_ERROR;
    mtl_feature_log_opening opening;
    mtl_status status = mtl_feature_log_open(&self->log, medium, layout, 1, buffers->log_slot, &opening);
    if (status != MTL_STATUS_OK) return status;
    const mtl_feature_log log = self->log;
    bind(self, &log.layout, mode, buffers); /* the log's layout: its seed wins */
    self->log = log;

    mtl_feature_log_scan scan;
    status = mtl_feature_log_replay(&self->log, apply_logged, self, &scan);
    if (status != MTL_STATUS_OK) return status;
    const int gaps_closed = mtl_reservoir_close_gaps(&self->policy, move_record, self);

    /* Flash cannot cut a torn tail off or overwrite it: rewriting the live records into the other bank is the repair. */
    const int compact = scan.corrupt_records > 0 || scan.torn_records > 0 || gaps_closed || self->replay_kinds_disagree;
    if (compact) status = mtl_feature_store_compact(self);
    else if (opening.older_bank_found) status = mtl_feature_log_retire_other_bank(&self->log);
    self->recovery.records_replayed = scan.records_replayed;
    self->recovery.corrupt_records_skipped = scan.corrupt_records;
    self->recovery.torn_records_dropped = scan.torn_records;
    self->recovery.torn_bytes_dropped = scan.torn_bytes;
    self->recovery.compacted = compact;
    self->recovery.older_bank_retired = opening.older_bank_found;
    self->recovery.formatted = opening.formatted;
    return status;
}
