/* One on-device transfer run, as src/MicroTL/Session/TransferSession.cs runs it: collect int8 features of labelled
 * samples into the store, split them into training and validation records, train the float head, decide, export.
 * Everything lives in the one arena the generated config lays out (mtl_session_config.h); this struct holds only
 * the state of the parts (a few hundred bytes, outside the arena, as the C#'s objects are outside its budget).
 *
 *   mtl_session_init      binds every buffer to its slice, prepares the body, opens the store (RAM, or its log)
 *   mtl_session_input     the model's input tensor: write one sample there, then
 *   mtl_session_collect   runs the body to the cut and offers the features to the store
 *   mtl_session_split     refuses a store that cannot train (TransferDataChecks), then the stratified split
 *   mtl_session_train     initialises the head (the model's own, or He) and trains it
 *   mtl_session_decide    scores the old and the new head on the validation records, and deploys the new head or keeps
 *                         the old one (TransferSession.Decide, HeadDeployment)
 *   mtl_session_predict   the deployed model's class of the input: the new float head, or the model as it was */
#ifndef MTL_SESSION_H
#define MTL_SESSION_H

#include <stdint.h>

#include "mtl_feature_extractor.h"
#include "mtl_feature_store.h"
#include "mtl_flash.h"
#include "mtl_session_config.h"
#include "mtl_trainer.h"
#include "mtl_window_augmentation.h"

/* Whether the new head is deployed (DeploymentDecision's numbering). */
typedef enum {
    MTL_DEPLOY_REJECTED = 0,
    MTL_DEPLOY_ACCEPTED = 1,
    MTL_DEPLOY_ACCEPTED_CLASSES_CHANGED = 2
} mtl_deployment_decision;

/* Where the new head started (TransferOutcome.Initialisation). */
typedef enum {
    MTL_INIT_MODEL = 0,     /* the model's own head, dequantized */
    MTL_INIT_HE = 1         /* He's uniform initialisation */
} mtl_head_initialisation;

typedef struct {
    const mtl_session_config *config;
    uint8_t *arena;
    mtl_feature_extractor extractor;
    mtl_feature_store store;
    mtl_flash flash;                    /* the store's medium, with a log */
    int8_t *features;                   /* [F] */
    int8_t *window;                     /* [3 T] the labelled window being copied (with augmentation) */
    mtl_window_augmentation augmentation;
    mtl_pcg32 augmentation_random;      /* stream MTL_STREAM_AUGMENTATION */
    int32_t copies;                     /* perturbed copies of each labelled window */
    int32_t *train;                     /* the split: training record indices ... */
    int32_t *validation;                /* ... then validation ones, in split_indices */
    int32_t train_count, validation_count;
    int32_t samples_offered, samples_stored, records_reopened;
    int classes_changed;
    mtl_trainer trainer;
    mtl_training_result training;
    mtl_head_initialisation initialisation;
    double old_validation, new_validation;  /* accuracies on the validation records (without any, the training records); NaN when not measured */
    mtl_deployment_decision decision;
} mtl_session;

/* Checks the layout against the arena (every slice inside it and aligned for its type, the inference arena the
 * model's, the store's slices its mode's sizes: MTL_STATUS_PLAN_MISMATCH otherwise), prepares the body and opens the
 * store: in RAM, or on `flash_region` (config->flash_bytes long; its log is reopened, or formatted when it holds none). */
mtl_status mtl_session_init(mtl_session *self, const mtl_session_config *config, uint8_t *arena, int32_t arena_bytes,
    uint8_t *flash_region);

/* The model's input tensor (its bytes: mtl_feature_extractor_input_bytes). */
uint8_t *mtl_session_input(mtl_session *self);

/* Announces the labelled windows the run will collect: with automatic augmentation, the copies of each are
 * min(4, floor(1200 / samples) - 1), at least 0 (TransferSettings.AutoAugmentedCopies); without a call, 4. */
void mtl_session_expect_samples(mtl_session *self, int32_t samples);

/* Runs the body on the input and offers its features with `label` to the store, then (with augmentation) each perturbed
 * copy of the window, one record each (TransferSession.Collect); `result` is the original's. MTL_STATUS_DATA_ERROR for a
 * label outside the head's classes. */
mtl_status mtl_session_collect(mtl_session *self, int32_t label, mtl_add_result *result);

/* Refuses a store that cannot train a classifier (fewer than 2 classes; with validation, a class of one record):
 * MTL_STATUS_DATA_ERROR; else splits it (mtl_stratified_split.h), or without a validation fraction lets every record train
 * in store order (train NULL: no index array). */
mtl_status mtl_session_split(mtl_session *self);

/* Initialises the head (the model's own when it can seed it, else He) and trains it (`observer` sees each epoch). */
mtl_status mtl_session_train(mtl_session *self, mtl_epoch_observer observer, void *observer_context);

/* Measures the old head (when the classes are the model's) and the new one on the validation records, and decides. */
mtl_status mtl_session_decide(mtl_session *self);

/* Runs the deployed model on the input tensor: with the new head, the body to the cut and the head as the exported
 * hybrid model computes it (DEQUANTIZE, float FULLY_CONNECTED with ReLU, float FULLY_CONNECTED; the class of the largest
 * logit); with the old one, the whole model (the class of its largest output). */
mtl_status mtl_session_predict(mtl_session *self, int32_t *prediction);

/* The new head's parameters, W1 | b1 | W2 | b2 (P floats, valid after mtl_session_train). */
const float *mtl_session_head_parameters(const mtl_session *self);

#endif /* MTL_SESSION_H */
