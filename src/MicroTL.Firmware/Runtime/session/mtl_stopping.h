/* When training stops: the three rules of src/MicroTL/Training (FixedEpochs.cs, PatienceStopping.cs,
 * EnergyAwareStopping.cs), their bookkeeping in double as the C#'s. Each sees an epoch's record after the epoch and
 * says whether to stop and whether this epoch is the best so far (the trainer keeps its weights when the rule
 * restores the best).
 *
 *   fixed epochs:  stop at epoch >= E; best = the highest monitored accuracy (strictly higher), never restored
 *   patience:      improved = loss < best - min_delta (accuracy > best + min_delta with the accuracy metric); stop after
 *                  `patience` epochs without improvement; restores the best
 *   energy-aware:  points = 100 acc; from the second epoch gain g = points - previous, G = g (second) or
 *                  α g + (1 - α) G; stop when at least min_epochs ran and max(G, 0) / E < threshold (E the energy of one
 *                  epoch in mJ, fixed by the generator); best = the highest points; restores the best */
#ifndef MTL_STOPPING_H
#define MTL_STOPPING_H

#include <stdint.h>

/* What one epoch did (EpochRecord); validation fields are NaN without validation records. */
typedef struct {
    int32_t epoch;
    double train_loss, train_accuracy, validation_loss, validation_accuracy;
} mtl_epoch_record;

/* Why training stopped (StopReason's numbering). */
typedef enum {
    MTL_STOP_MAX_EPOCHS = 0,
    MTL_STOP_PATIENCE = 1,
    MTL_STOP_ENERGY_AWARE = 2,
    MTL_STOP_DIVERGED = 3
} mtl_stop_reason;

typedef enum {
    MTL_RULE_FIXED_EPOCHS = 0,
    MTL_RULE_PATIENCE = 1,
    MTL_RULE_ENERGY_AWARE = 2
} mtl_stopping_rule_kind;

typedef struct {
    mtl_stopping_rule_kind kind;
    int32_t epochs;                 /* fixed: E */
    int32_t patience;               /* patience */
    int monitor_accuracy;           /* patience: 1 for accuracy, 0 for loss */
    double min_delta;               /* patience */
    double threshold;               /* energy-aware: points per mJ */
    double epoch_millijoules;       /* energy-aware: E */
    double smoothing;               /* energy-aware: α */
    int32_t min_epochs;             /* energy-aware */
    int restores_best;
    /* state */
    double best, previous_points, smoothed_gain;
    int32_t without_improvement, observed;
} mtl_stopping_rule;

/* What a rule says after an epoch (StoppingDecision). */
typedef struct {
    int stop;
    mtl_stop_reason reason;
    int is_best;
} mtl_stopping_decision;

void mtl_stopping_fixed(mtl_stopping_rule *rule, int32_t epochs);
void mtl_stopping_patience(mtl_stopping_rule *rule, int32_t patience, int monitor_accuracy, double min_delta, int restore_best);
void mtl_stopping_energy_aware(mtl_stopping_rule *rule, double threshold, double epoch_millijoules, double smoothing, int32_t min_epochs,
    int restore_best);

/* Forgets all history (called at the start of every training run). */
void mtl_stopping_reset(mtl_stopping_rule *rule);

/* Looks at a finished epoch. */
mtl_stopping_decision mtl_stopping_observe(mtl_stopping_rule *rule, const mtl_epoch_record *epoch);

/* The validation value when present, else the training one (EpochRecord.Monitored*). */
double mtl_monitored_accuracy(const mtl_epoch_record *epoch);
double mtl_monitored_loss(const mtl_epoch_record *epoch);

#endif /* MTL_STOPPING_H */
