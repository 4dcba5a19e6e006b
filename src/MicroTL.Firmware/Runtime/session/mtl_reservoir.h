/* A feature store's replacement policy and all of its state; mirrors src/MicroTL/Store/ClassBalancedReservoir.cs.
 *
 * When full (class-balanced reservoir): let L be the class with the most records (lowest label on ties). If the new
 * sample's class c has fewer records than L, it replaces a uniformly random record of L. Otherwise it is reservoir
 * sampling within c: with n_c the samples of c offered so far (this one included) and k_c its records, draw j uniform
 * in [0, n_c) (n_c beyond 2^32 - 1 draws as 2^32 - 1); keep the sample when j < k_c by overwriting the j-th record of
 * c, else discard it. Draws are PCG32's on MTL_STREAM_RESERVOIR of the store's seed. Finding the j-th record of a
 * class scans the slot labels (O(R), no index memory).
 *
 * Memory (the caller's, from the session arena): labels uint16[R] (0xFFFF marks an empty slot), records per class
 * int32[C], samples offered per class int64[C]: R * 2 + C * 12 bytes. */
#ifndef MTL_RESERVOIR_H
#define MTL_RESERVOIR_H

#include <stdint.h>

#include "mtl_pcg32.h"

/* The label of a slot that holds no record (ClassBalancedReservoir.EmptySlot). */
#define MTL_EMPTY_SLOT 0xFFFFu

/* What adding a sample did (AddOutcome). */
typedef enum {
    MTL_ADD_STORED = 0,     /* the store had room: a new slot */
    MTL_ADD_REPLACED = 1,   /* the store was full: the sample overwrote the record in `slot` */
    MTL_ADD_DISCARDED = 2   /* the store was full and the policy did not keep the sample */
} mtl_add_outcome;

/* The outcome and the slot that now holds the sample (-1 when discarded) (AddResult). */
typedef struct {
    mtl_add_outcome outcome;
    int32_t slot;
} mtl_add_result;

typedef struct {
    uint16_t *label_of_slot;    /* [R] */
    int32_t *count_of_class;    /* [C] */
    int64_t *seen_of_class;     /* [C] */
    int32_t capacity_records;   /* R */
    int32_t max_classes;        /* C */
    int32_t count;              /* records held; they occupy slots [0, count) */
    int32_t class_count;        /* classes with at least one record */
    int32_t slots_in_use;       /* one past the highest filled slot: count, except while a replay has left gaps */
    mtl_pcg32 random;
} mtl_reservoir;

/* The policy's state saved before an offer, to undo it (Save/Restore). */
typedef struct {
    int64_t seen;
    uint64_t random_state;
} mtl_reservoir_saved;

/* Bytes of the policy's buffers: R * 2 + C * (4 + 8). */
int64_t mtl_reservoir_required_bytes(int32_t capacity_records, int32_t max_classes);

/* An empty policy over the caller's buffers (every slot empty, every count 0), its PRNG seeded with `seed`. */
void mtl_reservoir_init(mtl_reservoir *self, uint16_t *labels, int32_t *counts, int64_t *seen,
    int32_t capacity_records, int32_t max_classes, uint64_t seed);

/* Counts a sample of class `label` as offered and decides where it goes (nothing is placed yet). */
mtl_add_result mtl_reservoir_offer(mtl_reservoir *self, int32_t label);

/* The state an offer of `label` changes, and its undo. */
mtl_reservoir_saved mtl_reservoir_save(const mtl_reservoir *self, int32_t label);
void mtl_reservoir_restore(mtl_reservoir *self, int32_t label, mtl_reservoir_saved saved);

/* Slot `slot` now holds a record of class `label` (filling an empty slot, or replacing). */
void mtl_reservoir_place(mtl_reservoir *self, int32_t slot, int32_t label);

/* Replays a logged record: places it and restores the policy state it carries; 0 when its kind disagrees with the
 * slot (a store into a filled slot, a replace of an empty one), which only a lost record causes. */
int mtl_reservoir_place_logged(mtl_reservoir *self, int32_t slot, int32_t label, int stored, int64_t seen, uint64_t random_state);

/* After a replay, when a lost record left empty slots below filled ones: moves the later records down in order, so
 * records occupy [0, count) again, calling move(context, from, to) for each; returns 1 when any moved. */
int mtl_reservoir_close_gaps(mtl_reservoir *self, void (*move)(void *context, int32_t from, int32_t to), void *context);

#endif /* MTL_RESERVOIR_H */
