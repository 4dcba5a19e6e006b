/* The stopping rules (see mtl_stopping.h); each branch is its C# class's Observe. */
#include <math.h>
#include <string.h>

#include "mtl_stopping.h"

double mtl_monitored_accuracy(const mtl_epoch_record *epoch)
{
    return isnan(epoch->validation_accuracy) ? epoch->train_accuracy : epoch->validation_accuracy;
}

double mtl_monitored_loss(const mtl_epoch_record *epoch)
{
    return isnan(epoch->validation_accuracy) ? epoch->train_loss : epoch->validation_loss;
}

static void init(mtl_stopping_rule *rule, mtl_stopping_rule_kind kind)
{
    memset(rule, 0, sizeof *rule);
    rule->kind = kind;
}

void mtl_stopping_fixed(mtl_stopping_rule *rule, int32_t epochs)
{
    init(rule, MTL_RULE_FIXED_EPOCHS);
    rule->epochs = epochs;
    mtl_stopping_reset(rule);
}

void mtl_stopping_patience(mtl_stopping_rule *rule, int32_t patience, int monitor_accuracy, double min_delta, int restore_best)
{
    init(rule, MTL_RULE_PATIENCE);
    rule->patience = patience;
    rule->monitor_accuracy = monitor_accuracy;
    rule->min_delta = min_delta;
    rule->restores_best = restore_best;
    mtl_stopping_reset(rule);
}

void mtl_stopping_energy_aware(mtl_stopping_rule *rule, double threshold, double epoch_millijoules, double smoothing, int32_t min_epochs,
    int restore_best)
{
    init(rule, MTL_RULE_ENERGY_AWARE);
    rule->threshold = threshold;
    rule->epoch_millijoules = epoch_millijoules;
    rule->smoothing = smoothing;
    rule->min_epochs = min_epochs;
    rule->restores_best = restore_best;
    mtl_stopping_reset(rule);
}

void mtl_stopping_reset(mtl_stopping_rule *rule)
{
    rule->best = rule->kind == MTL_RULE_PATIENCE && !rule->monitor_accuracy ? INFINITY : -INFINITY;
    rule->without_improvement = 0;
    rule->observed = 0;
    rule->previous_points = NAN;
    rule->smoothed_gain = NAN;
}

static mtl_stopping_decision decision(int stop, mtl_stop_reason reason, int is_best)
{
    mtl_stopping_decision d;
    d.stop = stop;
    d.reason = stop ? reason : MTL_STOP_MAX_EPOCHS;
    d.is_best = is_best;
    return d;
}

mtl_stopping_decision mtl_stopping_observe(mtl_stopping_rule *rule, const mtl_epoch_record *epoch)
{
    if (rule->kind == MTL_RULE_FIXED_EPOCHS) {
        const double accuracy = mtl_monitored_accuracy(epoch);
        const int is_best = accuracy > rule->best;
        if (is_best) rule->best = accuracy;
        return decision(epoch->epoch >= rule->epochs, MTL_STOP_MAX_EPOCHS, is_best);
    }

    if (rule->kind == MTL_RULE_PATIENCE) {
        const double value = rule->monitor_accuracy ? mtl_monitored_accuracy(epoch) : mtl_monitored_loss(epoch);
        const int improved = rule->monitor_accuracy ? value > rule->best + rule->min_delta : value < rule->best - rule->min_delta;
        if (improved) {
            rule->best = value;
            rule->without_improvement = 0;
            return decision(0, MTL_STOP_PATIENCE, 1);
        }
        rule->without_improvement++;
        return decision(rule->without_improvement >= rule->patience, MTL_STOP_PATIENCE, 0);
    }

    rule->observed++;
    const double points = 100 * mtl_monitored_accuracy(epoch);
    const int is_best = points > rule->best;
    if (is_best) rule->best = points;
    if (rule->observed == 1) {
        rule->previous_points = points;
        return decision(0, MTL_STOP_ENERGY_AWARE, is_best);
    }
    const double gain = points - rule->previous_points;
    rule->previous_points = points;
    rule->smoothed_gain = rule->observed == 2 ? gain : rule->smoothing * gain + (1 - rule->smoothing) * rule->smoothed_gain;
    const double expected_gain = isnan(rule->smoothed_gain) || rule->smoothed_gain > 0 ? rule->smoothed_gain : 0; /* Math.Max keeps NaN */
    const double per_millijoule = expected_gain / rule->epoch_millijoules;
    return decision(rule->observed >= rule->min_epochs && per_millijoule < rule->threshold, MTL_STOP_ENERGY_AWARE, is_best);
}
