/* Splits a store's records into training and validation records with each class in the same proportion,
 * deterministically from a seed; mirrors src/MicroTL/Store/StratifiedSplit.cs (Indices).
 *
 * For each class c (label order) with n_c records (in record order): shuffle them (one PCG32 for all classes,
 * MTL_STREAM_SPLIT of the seed) and send the first v_c = round(fraction n_c) (half away from zero), capped at
 * n_c - 1, to validation, the rest to training. Both parts list classes in label order and, within a class, in
 * shuffled order. The C# gathers a class's records in an array of its own; here the caller lends `class_scratch`
 * (room for the largest class: the session lends the trainer's shuffle order, unused until training). */
#ifndef MTL_STRATIFIED_SPLIT_H
#define MTL_STRATIFIED_SPLIT_H

#include <stdint.h>

#include "mtl_feature_store.h"

/* round(fraction n) half away from zero, capped at n - 1; 0 for n = 0 (StratifiedSplit.ValidationCount). */
int32_t mtl_validation_count(int32_t n, double fraction);

/* Fills indices[0, count) with record indices of `store`: the training part first, *train_count of them, then the
 * validation part (StratifiedSplit.Indices' two arrays, back to back). MTL_STATUS_ARGUMENT_ERROR when the fraction is
 * not in [0, 1). */
mtl_status mtl_stratified_split(const mtl_feature_store *store, double validation_fraction, uint64_t seed,
    int32_t *indices, int32_t *train_count, int32_t *class_scratch);

#endif /* MTL_STRATIFIED_SPLIT_H */
