/* Trains the head on the device, as src/MicroTL/Training/HeadTrainer.cs (and HeadTrainer.Steps.cs) does: shuffled
 * mini-batches of dequantized features, forward, the backward pass fused with the optimizer step; after each epoch a
 * validation pass, the divergence checks, the stopping rule and (when the rule keeps the best epoch) the copy of good
 * weights. Every buffer is the caller's (the session arena); nothing is allocated.
 *
 * Divergence (a non-finite loss, a gradient norm above the cap or NaN, non-finite parameters at the end of an epoch)
 * discards the epoch. With keep_snapshot the head goes back to its last good state with the optimizer state zeroed (t = 0):
 * to the good weights when the rule keeps the best epoch (training goes on from the diverged epoch), else to its start
 * through `restart` (the run starts over from epoch 1). With retry_with_half_learning_rate that happens once at half the
 * rate; then, or without it, training stops (MTL_STOP_DIVERGED). A rule that restores the best puts it back at the end. */
#ifndef MTL_TRAINER_H
#define MTL_TRAINER_H

#include <stdint.h>

#include "mtl_feature_store.h"
#include "mtl_head.h"
#include "mtl_pcg32.h"
#include "mtl_stopping.h"

/* Records of a store by index (a FeatureStoreView): the training or the validation part of the split; indices NULL: records
 * 0 .. count - 1 in store order (FeatureStoreView.All). */
typedef struct {
    mtl_feature_store *store;
    const int32_t *indices;
    int32_t count;
} mtl_records;

/* What training did (TrainingResult, without the epoch list: the observer sees each epoch). */
typedef struct {
    int32_t epochs_run;
    mtl_stop_reason reason;
    double best_validation;         /* NaN without validation records */
    int32_t best_epoch;             /* 0 when none was marked best */
    int restored_best;
    int retried;
    float learning_rate;            /* at the end (halved by a retry) */
} mtl_training_result;

/* Called after every kept epoch, and when a rollback starts the run over (restarted = 1, record NULL). */
typedef void (*mtl_epoch_observer)(void *context, const mtl_epoch_record *record, int restarted);

/* Puts the head back at the start the run began from (He from the same seed, or the same loaded weights). */
typedef mtl_status (*mtl_head_restart)(void *context, float *parameters);

typedef struct {
    mtl_head head;
    mtl_head_optimizer optimizer;
    mtl_stopping_rule stopping;
    int32_t batch_size, max_epochs, max_training_records;
    float max_gradient_norm;
    int keep_snapshot, retry_with_half_learning_rate;
    float learning_rate;            /* the full rate each run starts from */
    uint64_t shuffle_seed;
    float *good_weights;            /* [P] when the rule restores the best, else NULL */
    float *batch_inputs;            /* [B I] */
    int32_t *batch_labels;          /* [B] */
    int32_t *order;                 /* [N] */
    mtl_pcg32 shuffle;
} mtl_trainer;

/* Trains until the stopping rule, the epoch cap or a divergence ends it, from the head's current parameters with zeroed
 * optimizer state and the full learning rate. MTL_STATUS_ARGUMENT_ERROR for records the trainer cannot take (none, more than
 * N, a label outside the head), a store's status when a record cannot be read. */
mtl_status mtl_trainer_train(mtl_trainer *self, const mtl_records *training, const mtl_records *validation,
    mtl_head_restart restart, void *restart_context, mtl_epoch_observer observer, void *observer_context, mtl_training_result *result);

/* Mean loss and accuracy of the head on `data`, in chunks of the batch size (HeadTrainer.Evaluate). */
mtl_status mtl_trainer_evaluate(mtl_trainer *self, const mtl_records *data, double *loss, double *accuracy);

#endif /* MTL_TRAINER_H */
