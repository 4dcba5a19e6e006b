/* HeadTrainer in C (see mtl_trainer.h): Train, TryRunEpoch, TrainBatch, Evaluate and the rollback, in the C#'s order. */
#include <math.h>
#include <string.h>

#include "mtl_trainer.h"

static int32_t parameter_count(const mtl_trainer *self)
{
    return mtl_head_parameter_count(self->head.inputs, self->head.hidden, self->head.classes);
}

static mtl_status load_batch(mtl_trainer *self, const mtl_records *data, const int32_t *view_indices, int32_t first, int32_t batch)
{
    for (int32_t n = 0; n < batch; n++) {
        const int32_t k = view_indices != 0 ? view_indices[n] : first + n;
        const int32_t record = data->indices != 0 ? data->indices[k] : k;
        const mtl_status status = mtl_feature_store_dequantize(data->store, record, self->batch_inputs + n * self->head.inputs);
        if (status != MTL_STATUS_OK) return status;
        self->batch_labels[n] = mtl_feature_store_label(data->store, record);
    }
    return MTL_STATUS_OK;
}

/* TrainBatch: 0 on divergence (a non-finite loss: no update; a norm above the cap or NaN: the update is applied). */
static mtl_status train_batch(mtl_trainer *self, const mtl_records *data, const int32_t *indices, int32_t batch, float *loss,
    int32_t *correct, float *norm, int *ok)
{
    const mtl_status status = load_batch(self, data, indices, 0, batch);
    if (status != MTL_STATUS_OK) return status;
    *loss = mtl_head_forward(&self->head, self->batch_inputs, self->batch_labels, batch);
    *correct = mtl_head_count_correct(&self->head, self->batch_labels, batch);
    *norm = 0.0f;
    if (!(*loss - *loss == 0.0f)) { /* not finite */
        *ok = 0;
        return MTL_STATUS_OK;
    }
    *norm = mtl_head_train_step(&self->head, self->batch_inputs, self->batch_labels, batch, &self->optimizer);
    /* Written so that NaN fails it too: a NaN norm compares false with everything. */
    *ok = *norm <= self->max_gradient_norm;
    return MTL_STATUS_OK;
}

mtl_status mtl_trainer_evaluate(mtl_trainer *self, const mtl_records *data, double *loss, double *accuracy)
{
    double loss_sum = 0.0;
    int32_t correct_sum = 0;
    for (int32_t start = 0; start < data->count; start += self->batch_size) {
        const int32_t batch = data->count - start < self->batch_size ? data->count - start : self->batch_size;
        const mtl_status status = load_batch(self, data, 0, start, batch);
        if (status != MTL_STATUS_OK) return status;
        loss_sum += (double)mtl_head_forward(&self->head, self->batch_inputs, self->batch_labels, batch) * batch;
        correct_sum += mtl_head_count_correct(&self->head, self->batch_labels, batch);
    }
    *loss = loss_sum / data->count;
    *accuracy = (double)correct_sum / data->count;
    return MTL_STATUS_OK;
}

/* TryRunEpoch: the shuffle, a step per mini-batch (the last may be smaller), the finite check, the validation pass. */
static mtl_status run_epoch(mtl_trainer *self, int32_t epoch, const mtl_records *training, const mtl_records *validation,
    mtl_epoch_record *record, int *ok)
{
    const int32_t count = training->count;
    for (int32_t k = 0; k < count; k++) self->order[k] = k;
    mtl_pcg32_shuffle(&self->shuffle, self->order, count);
    double loss_sum = 0.0;
    int32_t correct_sum = 0;
    *ok = 1;
    for (int32_t start = 0; start < count; start += self->batch_size) {
        const int32_t batch = count - start < self->batch_size ? count - start : self->batch_size;
        float loss, norm;
        int32_t correct;
        const mtl_status status = train_batch(self, training, self->order + start, batch, &loss, &correct, &norm, ok);
        if (status != MTL_STATUS_OK || !*ok) return status;
        loss_sum += (double)loss * batch;
        correct_sum += correct;
    }
    /* A step can leave NaN or infinity behind that no loss has seen yet (the last step of the epoch). */
    if (!mtl_head_parameters_finite(&self->head)) {
        *ok = 0;
        return MTL_STATUS_OK;
    }
    record->epoch = epoch;
    record->train_loss = loss_sum / count;
    record->train_accuracy = (double)correct_sum / count;
    record->validation_loss = NAN;
    record->validation_accuracy = NAN;
    return validation != 0 ? mtl_trainer_evaluate(self, validation, &record->validation_loss, &record->validation_accuracy) : MTL_STATUS_OK;
}

/* The last good state back (good weights, or the start through restart), optimizer state zeroed; 0 when there is none. */
static mtl_status roll_back(mtl_trainer *self, mtl_head_restart restart, void *context, int *rolled_back)
{
    *rolled_back = 0;
    if (!self->keep_snapshot) return MTL_STATUS_OK;
    if (self->good_weights != 0) {
        memcpy(self->head.parameters, self->good_weights, (size_t)parameter_count(self) * sizeof(float));
    } else if (restart != 0) {
        const mtl_status status = restart(context, self->head.parameters);
        if (status != MTL_STATUS_OK) return status;
    } else {
        return MTL_STATUS_OK;
    }
    mtl_head_reset_state(&self->head);
    mtl_head_optimizer_reset(&self->optimizer);
    *rolled_back = 1;
    return MTL_STATUS_OK;
}

static mtl_status check_records(const mtl_trainer *self, const mtl_records *data, int32_t max_count)
{
    if (data->count <= 0 || data->count > max_count) return MTL_STATUS_ARGUMENT_ERROR;
    for (int32_t k = 0; k < data->count; k++) {
        const int32_t label = mtl_feature_store_label(data->store, data->indices != 0 ? data->indices[k] : k);
        if (label < 0 || label >= self->head.classes) return MTL_STATUS_ARGUMENT_ERROR;
    }
    return MTL_STATUS_OK;
}

mtl_status mtl_trainer_train(mtl_trainer *self, const mtl_records *training, const mtl_records *validation,
    mtl_head_restart restart, void *restart_context, mtl_epoch_observer observer, void *observer_context, mtl_training_result *result)
{
    mtl_status status = check_records(self, training, self->max_training_records);
    if (status == MTL_STATUS_OK && validation != 0) status = check_records(self, validation, INT32_MAX);
    if (status != MTL_STATUS_OK) return status;

    const size_t parameter_bytes = (size_t)parameter_count(self) * sizeof(float);
    mtl_head_reset_state(&self->head);
    mtl_head_optimizer_reset(&self->optimizer);
    self->optimizer.learning_rate = self->learning_rate;
    mtl_stopping_reset(&self->stopping);
    mtl_pcg32_seed(&self->shuffle, self->shuffle_seed, MTL_STREAM_SHUFFLE);
    if (self->good_weights != 0) memcpy(self->good_weights, self->head.parameters, parameter_bytes);

    int32_t records = 0, best_epoch = 0, epoch = 1;
    double best_validation = NAN;
    int retried = 0;
    mtl_stop_reason reason = MTL_STOP_MAX_EPOCHS;
    while (epoch <= self->max_epochs) {
        mtl_epoch_record record;
        int ok;
        status = run_epoch(self, epoch, training, validation, &record, &ok);
        if (status != MTL_STATUS_OK) return status;
        if (!ok) {
            int rolled_back;
            status = roll_back(self, restart, restart_context, &rolled_back);
            if (status != MTL_STATUS_OK) return status;
            if (!rolled_back) {
                reason = MTL_STOP_DIVERGED;
                break;
            }
            if (self->good_weights == 0) {
                /* Back at the start: the run begins again. */
                records = 0;
                mtl_stopping_reset(&self->stopping);
                best_validation = NAN;
                best_epoch = 0;
                epoch = 1;
                if (observer != 0) observer(observer_context, 0, 1);
            }
            if (self->retry_with_half_learning_rate && !retried) {
                retried = 1;
                self->optimizer.learning_rate *= 0.5f;
                continue;
            }
            reason = MTL_STOP_DIVERGED;
            break;
        }

        records++;
        if (!isnan(record.validation_accuracy) && !(record.validation_accuracy <= best_validation)) best_validation = record.validation_accuracy;
        const mtl_stopping_decision decision = mtl_stopping_observe(&self->stopping, &record);
        if (decision.is_best) {
            best_epoch = epoch;
            if (self->good_weights != 0) memcpy(self->good_weights, self->head.parameters, parameter_bytes);
        }
        if (observer != 0) observer(observer_context, &record, 0);
        if (decision.stop) {
            reason = decision.reason;
            break;
        }
        epoch++;
    }

    result->restored_best = 0;
    if (self->good_weights != 0 && best_epoch > 0) {
        memcpy(self->head.parameters, self->good_weights, parameter_bytes);
        result->restored_best = 1;
    }
    result->epochs_run = records;
    result->reason = reason;
    result->best_validation = best_validation;
    result->best_epoch = best_epoch;
    result->retried = retried;
    result->learning_rate = self->optimizer.learning_rate;
    return MTL_STATUS_OK;
}
