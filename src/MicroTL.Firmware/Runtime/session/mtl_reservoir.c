/* The class-balanced reservoir; mirrors src/MicroTL/Store/ClassBalancedReservoir.cs (see mtl_reservoir.h). */
#include "mtl_reservoir.h"

int64_t mtl_reservoir_required_bytes(int32_t capacity_records, int32_t max_classes)
{
    return (int64_t)capacity_records * (int64_t)sizeof(uint16_t) + (int64_t)max_classes * (int64_t)(sizeof(int32_t) + sizeof(int64_t));
}

void mtl_reservoir_init(mtl_reservoir *self, uint16_t *labels, int32_t *counts, int64_t *seen,
    int32_t capacity_records, int32_t max_classes, uint64_t seed)
{
    self->label_of_slot = labels;
    self->count_of_class = counts;
    self->seen_of_class = seen;
    self->capacity_records = capacity_records;
    self->max_classes = max_classes;
    self->count = 0;
    self->class_count = 0;
    self->slots_in_use = 0;
    for (int32_t slot = 0; slot < capacity_records; slot++) labels[slot] = MTL_EMPTY_SLOT;
    for (int32_t c = 0; c < max_classes; c++) {
        counts[c] = 0;
        seen[c] = 0;
    }
    mtl_pcg32_seed(&self->random, seed, MTL_STREAM_RESERVOIR);
}

static int32_t largest_class(const mtl_reservoir *self)
{
    int32_t best = 0;
    for (int32_t c = 1; c < self->max_classes; c++)
        if (self->count_of_class[c] > self->count_of_class[best]) best = c;
    return best;
}

/* The slot of the n-th record (from 0) of class `label`; the counts guarantee it exists. */
static int32_t nth_slot_of(const mtl_reservoir *self, int32_t label, int32_t n)
{
    for (int32_t slot = 0; slot < self->count; slot++)
        if (self->label_of_slot[slot] == (uint16_t)label && n-- == 0) return slot;
    return -1;
}

mtl_add_result mtl_reservoir_offer(mtl_reservoir *self, int32_t label)
{
    mtl_add_result result;
    const int64_t seen = ++self->seen_of_class[label];
    if (self->count < self->capacity_records) {
        result.outcome = MTL_ADD_STORED;
        result.slot = self->count;
        return result;
    }

    const int32_t largest = largest_class(self);
    if (self->count_of_class[label] < self->count_of_class[largest]) {
        result.outcome = MTL_ADD_REPLACED;
        result.slot = nth_slot_of(self, largest, (int32_t)mtl_pcg32_bounded(&self->random, (uint32_t)self->count_of_class[largest]));
        return result;
    }

    const uint32_t bound = seen < (int64_t)UINT32_MAX ? (uint32_t)seen : UINT32_MAX;
    const int64_t j = (int64_t)mtl_pcg32_bounded(&self->random, bound);
    if (j < self->count_of_class[label]) {
        result.outcome = MTL_ADD_REPLACED;
        result.slot = nth_slot_of(self, label, (int32_t)j);
    } else {
        result.outcome = MTL_ADD_DISCARDED;
        result.slot = -1;
    }
    return result;
}

mtl_reservoir_saved mtl_reservoir_save(const mtl_reservoir *self, int32_t label)
{
    mtl_reservoir_saved saved;
    saved.seen = self->seen_of_class[label];
    saved.random_state = self->random.state;
    return saved;
}

void mtl_reservoir_restore(mtl_reservoir *self, int32_t label, mtl_reservoir_saved saved)
{
    self->seen_of_class[label] = saved.seen;
    mtl_pcg32_from_state(&self->random, saved.random_state, MTL_STREAM_RESERVOIR);
}

void mtl_reservoir_place(mtl_reservoir *self, int32_t slot, int32_t label)
{
    const uint16_t old = self->label_of_slot[slot];
    if (old == MTL_EMPTY_SLOT) {
        self->count++;
        if (slot + 1 > self->slots_in_use) self->slots_in_use = slot + 1;
    } else if (--self->count_of_class[old] == 0) {
        self->class_count--;
    }
    self->label_of_slot[slot] = (uint16_t)label;
    if (self->count_of_class[label]++ == 0) self->class_count++;
}

int mtl_reservoir_place_logged(mtl_reservoir *self, int32_t slot, int32_t label, int stored, int64_t seen, uint64_t random_state)
{
    const int was_empty = self->label_of_slot[slot] == MTL_EMPTY_SLOT;
    mtl_reservoir_place(self, slot, label);
    self->seen_of_class[label] = seen;
    mtl_pcg32_from_state(&self->random, random_state, MTL_STREAM_RESERVOIR);
    return was_empty == (stored != 0);
}

int mtl_reservoir_close_gaps(mtl_reservoir *self, void (*move)(void *context, int32_t from, int32_t to), void *context)
{
    if (self->slots_in_use == self->count) return 0;
    int32_t to = 0;
    for (int32_t from = 0; from < self->slots_in_use; from++) {
        if (self->label_of_slot[from] == MTL_EMPTY_SLOT) continue;
        if (from != to) {
            self->label_of_slot[to] = self->label_of_slot[from];
            self->label_of_slot[from] = MTL_EMPTY_SLOT;
            move(context, from, to);
        }
        to++;
    }
    self->slots_in_use = self->count;
    return 1;
}
