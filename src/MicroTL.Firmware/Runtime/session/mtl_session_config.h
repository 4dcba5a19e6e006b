/* What a generated transfer session is made of (src/MicroTL.Firmware/Session writes one as session_config.c): the
 * model and its cut, the head, the store, the run's settings, and where every buffer of the run lies in the one
 * static arena. The layout is the C# plan's (TransferBudget, by component): the arena's bytes are the plan's total
 * to the byte, each buffer a slice at the offset the generator computed (larger alignments first, so no padding). */
#ifndef MTL_SESSION_CONFIG_H
#define MTL_SESSION_CONFIG_H

#include <stdint.h>

#include "mtl_model.h"

/* A buffer of the arena: `bytes` at `offset` (bytes 0: the run has no such buffer). */
typedef struct {
    int32_t offset, bytes;
} mtl_arena_slice;

/* Every buffer of a run (TransferBudget's components, the store's and the trainer's split into their arrays). */
typedef struct {
    mtl_arena_slice inference_arena;    /* the body's interpreter arena (16-byte aligned, at offset 0) */
    mtl_arena_slice store_seen;         /* int64[C] samples offered per class */
    mtl_arena_slice store_counts;       /* int32[C] records per class */
    mtl_arena_slice store_addresses;    /* int32[R] record addresses (records in flash) */
    mtl_arena_slice split_indices;      /* int32[R] training then validation record indices; none without a validation split */
    mtl_arena_slice parameters;         /* float[P] W1 | b1 | W2 | b2 */
    mtl_arena_slice optimizer_state;    /* float[S P] SGD velocity, or Adam m then v */
    mtl_arena_slice good_weights;       /* float[P] the best epoch's parameters, which a divergence rolls back to */
    mtl_arena_slice activations;        /* float[B (2H + C)] hidden | probabilities | dHidden */
    mtl_arena_slice batch_inputs;       /* float[B I] */
    mtl_arena_slice batch_labels;       /* int32[B] */
    mtl_arena_slice shuffle_order;      /* int32[N] */
    mtl_arena_slice store_labels;       /* uint16[R] */
    mtl_arena_slice store_features;     /* int8[R F] (records in RAM) */
    mtl_arena_slice store_log_slot;     /* uint8[S] the log's record buffer (with a log) */
    mtl_arena_slice feature_buffer;     /* int8[F] one sample's features */
    mtl_arena_slice augmentation_window; /* int8[3 T] the labelled window kept while its perturbed copies go through the body */
} mtl_session_layout;

/* How training stops (StoppingKind). */
typedef enum {
    MTL_STOPPING_FIXED_EPOCHS = 0,
    MTL_STOPPING_PATIENCE = 1,
    MTL_STOPPING_ENERGY_AWARE = 2
} mtl_stopping_kind;

/* The optimizer (OptimizerKind). */
typedef enum {
    MTL_OPTIMIZER_SGD = 0,
    MTL_OPTIMIZER_ADAM = 1
} mtl_optimizer_kind;

typedef struct {
    const mtl_model *model;
    int32_t cut_tensor;                 /* the cut (CutPoint) */
    int32_t body_operator_count;
    int32_t head_features_tensor;       /* the model's head features beside the cut's (HeadFeatures), -1 without */
    int32_t augmented_copies;           /* perturbed copies of each labelled window through the body (WindowAugmentation); -1: auto
                                         * (TransferSettings.AutoAugmentedCopies of the windows mtl_session_expect_samples announces) */
    float augment_max_angle_radians, augment_gain_spread;
    int32_t augment_max_shift_samples;
    int32_t head_fc1_operator;          /* the model's own head layers after the cut (-1 when it has not two) */
    int32_t head_fc2_operator;
    int32_t model_head_seeds;           /* 1 when the new head starts from the model's own (same shape, same classes, not fresh) */
    int32_t feature_length;             /* I = F: the cut's values and the head features' */
    int32_t hidden;                     /* H */
    int32_t classes;                    /* C of the new head */
    int32_t model_classes;              /* classes of the model's own output */
    int32_t store_mode;                 /* mtl_store_mode */
    int32_t store_capacity_bytes;
    int32_t store_records;              /* R */
    int32_t flash_bytes;                /* the store's flash region (its log's two banks); 0 without a log */
    int32_t flash_erase_block_bytes;
    int32_t flash_program_unit_bytes;
    uint64_t seed;
    double validation_fraction;         /* 0: no split; every record trains, in store order (no index arrays) */
    int32_t optimizer;                  /* mtl_optimizer_kind */
    float learning_rate, momentum, weight_decay, beta1, beta2, epsilon;
    int32_t decoupled_weight_decay;
    int32_t batch_size;                 /* B */
    int32_t max_epochs;
    int32_t step_budget;                /* fixed stopping: optimizer steps turned into epochs from the training records; 0: max_epochs */
    int32_t max_training_records;       /* N */
    float max_gradient_norm;
    int32_t keep_snapshot;
    int32_t retry_with_half_learning_rate;
    int32_t stopping;                   /* mtl_stopping_kind */
    int32_t patience;
    double min_gain_points_per_millijoule;
    double epoch_millijoules;           /* energy-aware stopping: the energy of one epoch */
    int32_t arena_bytes;                /* the C# plan's total RAM of the run */
    mtl_session_layout layout;
} mtl_session_config;

#endif /* MTL_SESSION_CONFIG_H */
