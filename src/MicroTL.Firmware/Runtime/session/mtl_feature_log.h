/* A feature store's record log on a flash medium, in two banks; mirrors src/MicroTL/Storage/FeatureLog.cs,
 * FeatureLog.Open.cs and FeatureLogFormat.cs (format version 3, or 4 for two feature parts, byte for byte: a log written here opens in the C#
 * and the other way round). Records are appended to the active bank, each programmed and synced before the append
 * returns; when the bank is full the live records are compacted into the other bank, whose header (the next
 * generation) is programmed last: the commit point. Opening takes the valid header of the newest generation.
 *
 *   medium: bank 0 at 0, bank 1 at B = floor(size / 2 / erase block) erase blocks
 *   header (48 bytes, padded with 0xFF to the program unit), little-endian:
 *     0 "MTLFS"   5 version 3 (uint8)   6 program unit (uint16)   8 generation (uint32)   12 bank bytes B (int32)
 *    16 F (int32) 20 scale (float32)   24 zero point (int32)      28 capacity bytes (int32)
 *    32 max classes (int32)   36 seed (uint64)   44 CRC-32 of bytes 0..43
 *   version 4 (two feature parts): a 64-byte header, bytes 0..43 as version 3 (scale and zero point part 0's), then
 *    44 part 0 length (int32)   48 part 1 scale (float32)   52 part 1 zero point (int32)   56 reserved 0   60 CRC-32 of 0..59
 *   record slot i at H + i S, H = RoundUp(48 or 64, unit), S = RoundUp(28 + F, unit), the rest of the slot 0xFF:
 *     0 kind (1 store, 2 replace)  1 reserved 0  2 label (uint16)  4 slot (int32)  8 samples of the class offered (int64)
 *    16 PCG32 state after the sample (uint64)  24 features (F x int8)  24+F CRC-32 of [generation, i, bytes 0..23+F]
 *
 * RAM: the slot buffer of S bytes (the caller's, from the session arena) and this struct; the stack holds a header. */
#ifndef MTL_FEATURE_LOG_H
#define MTL_FEATURE_LOG_H

#include <stdint.h>

#include "mtl_flash.h"

#define MTL_LOG_VERSION 3
#define MTL_LOG_TWO_PART_VERSION 4
#define MTL_LOG_HEADER_BYTES 48
#define MTL_LOG_TWO_PART_HEADER_BYTES 64
#define MTL_LOG_RECORD_OVERHEAD_BYTES 28
#define MTL_LOG_RECORD_FEATURES_OFFSET 24
/* The largest header (48 bytes rounded up to the program unit) the stack buffer takes: program units up to 256 bytes. */
#define MTL_LOG_MAX_HEADER_BYTES 256

/* The kinds of record: both say "slot i now holds this sample" (FeatureLogRecordKind). */
typedef enum {
    MTL_LOG_STORE = 1,   /* the sample went into a new slot */
    MTL_LOG_REPLACE = 2  /* the sample overwrote the record in an occupied slot */
} mtl_log_record_kind;

/* What a log's header fixes (FeatureLogLayout): the record layout and the store's seed. */
typedef struct {
    int32_t feature_length;     /* F */
    float scale;                /* real = scale * (q - zero_point) */
    int32_t zero_point;
    int32_t capacity_bytes;     /* R = capacity_bytes / (2 + F) records */
    int32_t max_classes;        /* labels in [0, max_classes) */
    uint64_t seed;
    /* Two feature parts (the cut's, then the model's head features): part 0 is the first `first_length` values with
     * scale / zero_point above, part 1 the rest with its own; first_length 0 is one part. Two parts log as version 4. */
    int32_t first_length;
    float second_scale;
    int32_t second_zero_point;
} mtl_store_layout;

/* destination[f] = scale_k * (float)(q[f] - zero_point_k), f in part k (FeatureSegments.Dequantize). */
void mtl_store_layout_dequantize(const mtl_store_layout *layout, const int8_t *q, float *destination);

/* 1 when the layout's records have two feature parts. */
int mtl_store_layout_two_parts(const mtl_store_layout *layout);

/* The header's bytes: 48 (version 3, one part) or 64 (version 4, two parts). */
int32_t mtl_store_layout_header_bytes(const mtl_store_layout *layout);

typedef struct {
    mtl_flash *medium;
    mtl_store_layout layout;
    int32_t bank_bytes;         /* each bank: whole erase blocks */
    int32_t records_offset;     /* H */
    int32_t record_bytes;       /* S */
    int32_t slots_per_bank;
    uint32_t generation;        /* of the active bank */
    int32_t active_bank;        /* 0 or 1 */
    int32_t used_slots;         /* of the active bank: good records, and a torn one after a failed append */
    int32_t compacted;          /* records an unfinished compaction has programmed; -1 when none runs */
    int needs_compaction;       /* after a failed append or during a compaction */
    uint8_t *slot;              /* [S] */
} mtl_feature_log;

/* What opening found (FeatureLog.Opening). */
typedef struct {
    int formatted;              /* the medium held no store and an empty one was written */
    int older_bank_found;       /* the other bank held an older valid log */
} mtl_feature_log_opening;

/* What replaying a log found (FeatureLogScan). */
typedef struct {
    int32_t records_replayed;
    int32_t corrupt_records;    /* bad or erased slots followed by a good record */
    int32_t torn_records;       /* bad slots after the last good record */
    int32_t torn_bytes;
} mtl_feature_log_scan;

/* Where replay applies each good record, in log order (IFeatureLogSink). */
typedef void (*mtl_feature_log_sink)(void *context, mtl_log_record_kind kind, int32_t slot, int32_t label, int64_t seen,
    uint64_t random_state, const int8_t *features, int32_t address);

/* R of a layout: capacity_bytes / (2 + F). */
int32_t mtl_store_layout_records(const mtl_store_layout *layout);

/* MTL_STATUS_OK when the layout is valid (F > 0, classes in [1, 65535], a record fits, scale positive and finite,
 * zero point an int8), else MTL_STATUS_ARGUMENT_ERROR (FeatureLogLayout.Validate). */
mtl_status mtl_store_layout_validate(const mtl_store_layout *layout);

/* S = 28 + F rounded up to the program unit. */
int32_t mtl_feature_log_slot_bytes(int32_t feature_length, int32_t program_unit_bytes);

/* The flash a log of this layout is given: two banks of the header and 2 R slots, rounded up to erase blocks;
 * -1 for an invalid layout or geometry or more than 2 GiB (FeatureLog.RequiredMediumBytes). */
int64_t mtl_feature_log_required_medium_bytes(const mtl_store_layout *layout, int32_t erase_block_bytes, int32_t program_unit_bytes);

/* Writes an empty log of `layout` (erases what is not erased, programs bank 0's header, generation 1, and syncs);
 * `slot_buffer` holds S bytes. MTL_STATUS_STORE_ERROR when the medium is too small for two banks of it. */
mtl_status mtl_feature_log_format(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *layout, uint8_t *slot_buffer);

/* Finds the log on `medium` (the valid bank of the newest generation); with `format_when_empty`, a medium that holds
 * no store and nothing beyond its header areas is formatted with `requested`. MTL_STATUS_STORE_ERROR when it holds no
 * usable store or one whose layout differs from `requested` (the seed is not compared: the log's wins). */
mtl_status mtl_feature_log_open(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *requested, int format_when_empty,
    uint8_t *slot_buffer, mtl_feature_log_opening *opening);

/* Reads every slot of the active bank and applies the good records to `sink` in order; sets used_slots past the last
 * slot that is not erased. */
mtl_status mtl_feature_log_replay(mtl_feature_log *self, mtl_feature_log_sink sink, void *context, mtl_feature_log_scan *scan);

/* Appends one record to the active bank and syncs it; *address gets its address. A failed program or sync sets
 * needs_compaction and returns MTL_STATUS_FLASH_ERROR; MTL_STATUS_ARGUMENT_ERROR when the bank is full or torn. */
mtl_status mtl_feature_log_append(mtl_feature_log *self, mtl_log_record_kind kind, int32_t slot, int32_t label, int64_t seen,
    uint64_t random_state, const int8_t *features, int32_t *address);

/* Reads the record at `address` of the active bank into the slot buffer and checks it; *record points at it (valid
 * until the log's next read or write). MTL_STATUS_STORE_ERROR when its CRC-32 or fields no longer match. */
mtl_status mtl_feature_log_read(mtl_feature_log *self, int32_t address, const uint8_t **record);

/* Compaction (see the file's comment): erase the other bank, program the live records slot by slot from 0, commit. */
mtl_status mtl_feature_log_begin_compaction(mtl_feature_log *self);
mtl_status mtl_feature_log_write_compacted(mtl_feature_log *self, int32_t slot, int32_t label, int64_t seen, uint64_t random_state,
    const int8_t *features);
mtl_status mtl_feature_log_commit_compaction(mtl_feature_log *self);

/* The address of record `slot` after a compaction: slot i of the active bank. */
int32_t mtl_feature_log_compacted_address(const mtl_feature_log *self, int32_t slot);

/* Erases the first block of the bank that is not the log (its header), unless it is erased already. */
mtl_status mtl_feature_log_retire_other_bank(mtl_feature_log *self);

/* Fields of a record's bytes (FeatureLogFormat). */
int32_t mtl_log_record_label(const uint8_t *record);
int32_t mtl_log_record_slot(const uint8_t *record);

/* Bytes of the active bank in use: header and used slots. */
int32_t mtl_feature_log_bytes_in_use(const mtl_feature_log *self);

/* Internal to the log's files: bank and slot addresses, blank checks, the byte format. */
int32_t mtl_feature_log_slot_address(const mtl_feature_log *self, int32_t bank, int32_t index);
mtl_status mtl_feature_log_erase_unless_blank(mtl_flash *medium, int32_t address, int32_t length);
mtl_status mtl_feature_log_is_blank(mtl_flash *medium, int32_t address, int32_t length, int *blank);
void mtl_log_write_header(uint8_t *header, int32_t header_bytes, const mtl_store_layout *layout, uint32_t generation,
    int32_t bank_bytes, int32_t program_unit_bytes);
void mtl_log_write_record(uint8_t *slot_bytes, int32_t slot_length, uint32_t generation, int32_t index, mtl_log_record_kind kind,
    int32_t slot, int32_t label, int64_t seen, uint64_t random_state, const int8_t *features, int32_t feature_length);
int mtl_log_is_valid_record(const uint8_t *slot_bytes, uint32_t generation, int32_t index, const mtl_store_layout *layout);
void mtl_log_init(mtl_feature_log *self, mtl_flash *medium, const mtl_store_layout *layout, int32_t bank_bytes, uint32_t generation,
    int32_t active_bank, uint8_t *slot_buffer);

#endif /* MTL_FEATURE_LOG_H */
