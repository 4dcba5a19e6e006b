/* StratifiedSplit.Indices in C (see mtl_stratified_split.h). */
#include <math.h>
#include <string.h>

#include "mtl_pcg32.h"
#include "mtl_stratified_split.h"

int32_t mtl_validation_count(int32_t n, double fraction)
{
    if (n == 0) return 0;
    const int32_t rounded = (int32_t)round(fraction * (double)n); /* C's round: half away from zero */
    return rounded < n - 1 ? rounded : n - 1;
}

mtl_status mtl_stratified_split(const mtl_feature_store *store, double validation_fraction, uint64_t seed,
    int32_t *indices, int32_t *train_count, int32_t *class_scratch)
{
    if (!(validation_fraction >= 0.0 && validation_fraction < 1.0)) return MTL_STATUS_ARGUMENT_ERROR;
    const mtl_reservoir *policy = &store->policy;
    int32_t validation_total = 0;
    for (int32_t c = 0; c < policy->max_classes; c++) validation_total += mtl_validation_count(policy->count_of_class[c], validation_fraction);
    int32_t *train = indices, *validation = indices + (policy->count - validation_total);

    mtl_pcg32 random;
    mtl_pcg32_seed(&random, seed, MTL_STREAM_SPLIT);
    int32_t t = 0, v = 0;
    for (int32_t c = 0; c < policy->max_classes; c++) {
        if (policy->count_of_class[c] == 0) continue;
        int32_t n = 0;
        for (int32_t i = 0; i < policy->count; i++)
            if (policy->label_of_slot[i] == (uint16_t)c) class_scratch[n++] = i;
        mtl_pcg32_shuffle(&random, class_scratch, n);
        const int32_t to_validation = mtl_validation_count(n, validation_fraction);
        memcpy(validation + v, class_scratch, (size_t)to_validation * sizeof(int32_t));
        memcpy(train + t, class_scratch + to_validation, (size_t)(n - to_validation) * sizeof(int32_t));
        v += to_validation;
        t += n - to_validation;
    }
    *train_count = t;
    return MTL_STATUS_OK;
}
