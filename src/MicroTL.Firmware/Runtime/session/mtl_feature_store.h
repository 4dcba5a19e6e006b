/* The device's bounded store of int8 cut-layer features with their labels; mirrors src/MicroTL/Store/FeatureStore.cs
 * (and FeatureStore.Log.cs, RamFeatureRecords.cs, FlashFeatureRecords.cs): one replacement policy (mtl_reservoir.h)
 * over one record medium, in RAM only, in RAM journaled to a log on flash, or only in that log (mtl_feature_log.h).
 *
 * Capacity: R = capacity_bytes / (2 + F) records, counted as a RAM store holds them whatever the mode, so a seed and
 * a sample stream keep the same records in the same slots in every mode. Records occupy slots [0, count).
 * RAM (the caller's buffers, from the session arena), with C classes and S the log's slot bytes:
 *   MTL_STORE_RAM            features int8[R F], the policy's R * 2 + C * 12           = R (2 + F) + C 12
 *   MTL_STORE_RAM_JOURNALED  that plus the log's slot buffer                           + S
 *   MTL_STORE_FLASH          record addresses int32[R], the policy's, the slot buffer  = R (4 + 2) + C 12 + S
 * With a log, a kept sample's record is programmed and synced before mtl_feature_store_add returns, and only then
 * enters the store; if the write fails the store is as it was before the call (counters and PRNG included) and its
 * next write compacts the log first. */
#ifndef MTL_FEATURE_STORE_H
#define MTL_FEATURE_STORE_H

#include <stdint.h>

#include "mtl_feature_log.h"
#include "mtl_reservoir.h"

/* Where the records are (FeatureStoreMode). */
typedef enum {
    MTL_STORE_RAM = 0,
    MTL_STORE_RAM_JOURNALED = 1,
    MTL_STORE_FLASH = 2
} mtl_store_mode;

/* The caller's memory of a store; unused buffers of the mode may be NULL. */
typedef struct {
    uint16_t *labels;           /* [R] the policy's slot labels */
    int32_t *counts;            /* [C] records per class */
    int64_t *seen;              /* [C] samples offered per class */
    int8_t *features;           /* [R F] RAM modes */
    int32_t *addresses;         /* [R] flash mode */
    uint8_t *log_slot;          /* [S] with a log */
} mtl_store_buffers;

/* What opening a store's log found and repaired (FeatureLogRecovery). */
typedef struct {
    int32_t records_replayed, corrupt_records_skipped, torn_records_dropped, torn_bytes_dropped;
    int compacted, older_bank_retired, formatted;
} mtl_store_recovery;

typedef struct {
    mtl_store_layout layout;
    int32_t capacity_records;   /* R */
    mtl_store_mode mode;
    mtl_reservoir policy;
    int8_t *features;
    int32_t *addresses;
    mtl_feature_log log;        /* used with a log (mode != MTL_STORE_RAM) */
    mtl_store_recovery recovery;
    int replay_kinds_disagree;
} mtl_feature_store;

/* Bytes of the buffers of a store in `mode` (FeatureStore.RequiredBytes); -1 for an invalid layout. */
int64_t mtl_feature_store_required_bytes(const mtl_store_layout *layout, mtl_store_mode mode, int32_t program_unit_bytes);

/* An empty store in RAM only (new FeatureStore(...)); MTL_STATUS_ARGUMENT_ERROR for an invalid layout. */
mtl_status mtl_feature_store_init_ram(mtl_feature_store *self, const mtl_store_layout *layout, const mtl_store_buffers *buffers);

/* Opens the store on `medium` with the requested layout, formatting a medium that holds no store, recovering what a
 * power loss left (FeatureStore.OpenOrCreate); `mode` is MTL_STORE_RAM_JOURNALED or MTL_STORE_FLASH. The policy's
 * seed is the log's. MTL_STATUS_STORE_ERROR when the medium holds another layout or no usable store. */
mtl_status mtl_feature_store_open_or_create(mtl_feature_store *self, mtl_flash *medium, const mtl_store_layout *layout,
    mtl_store_mode mode, const mtl_store_buffers *buffers);

/* Offers one sample of F int8 features (FeatureStore.Add). MTL_STATUS_ARGUMENT_ERROR for a label outside
 * [0, max_classes); with a log, the flash's errors. */
mtl_status mtl_feature_store_add(mtl_feature_store *self, const int8_t *features, int32_t label, mtl_add_result *result);

/* The F features of record `index` in [0, count): a view of RAM, or (records in flash) of the log's slot buffer after
 * reading and checking the record, valid until the next read. NULL with *status MTL_STATUS_STORE_ERROR when the record
 * in flash no longer matches its CRC-32 or the index. */
const int8_t *mtl_feature_store_features(mtl_feature_store *self, int32_t index, mtl_status *status);

/* Records held; the label of record `index`. */
int32_t mtl_feature_store_count(const mtl_feature_store *self);
int32_t mtl_feature_store_label(const mtl_feature_store *self, int32_t index);

/* destination[f] = scale * (float)(q[f] - zero_point) for record `index` (FeatureStore.Dequantize). */
mtl_status mtl_feature_store_dequantize(mtl_feature_store *self, int32_t index, float *destination);

/* Rewrites the log as one record per live slot in the other bank and makes it the log (FeatureStore.Compact). */
mtl_status mtl_feature_store_compact(mtl_feature_store *self);

#endif /* MTL_FEATURE_STORE_H */
