/* The session's training, decision and prediction (TransferSession.Run after the split, Decide, InitialiseHead,
 * OldHeadAccuracy, HeadAccuracy); see mtl_session.h. */
#include <math.h>
#include <string.h>

#include "mtl_head_init.h"
#include "mtl_kernels.h"
#include "mtl_quantization_math.h"
#include "mtl_session.h"
#include "mtl_softmax_ce.h"

static void *slice(const mtl_session *self, mtl_arena_slice s)
{
    return s.bytes > 0 ? self->arena + s.offset : 0;
}

/* InitialiseHead: the model's own head when the generator found it can seed the new one, else He from the seed. */
static mtl_status initialise_head(void *context, float *parameters)
{
    mtl_session *self = (mtl_session *)context;
    const mtl_session_config *c = self->config;
    if (c->model_head_seeds) {
        self->initialisation = MTL_INIT_MODEL;
        return mtl_head_init_from_model(parameters, c->model, c->head_fc1_operator, c->head_fc2_operator, c->feature_length, c->hidden, c->classes);
    }
    self->initialisation = MTL_INIT_HE;
    mtl_head_init_he(parameters, c->feature_length, c->hidden, c->classes, c->seed);
    return MTL_STATUS_OK;
}

/* TransferSettings.EpochsFor: a step budget turned into epochs of the training records, clamp(ceil(steps B / N), 1, max). */
static int32_t fixed_epochs(const mtl_session_config *c, int32_t train_records)
{
    if (c->step_budget <= 0 || train_records <= 0) return c->max_epochs;
    const int64_t epochs = ((int64_t)c->step_budget * c->batch_size + train_records - 1) / train_records;
    return epochs < 1 ? 1 : epochs > c->max_epochs ? c->max_epochs : (int32_t)epochs;
}

static int32_t record_at(const mtl_records *records, int32_t i)
{
    return records->indices != 0 ? records->indices[i] : i;
}

static void bind_trainer(mtl_session *self)
{
    const mtl_session_config *c = self->config;
    const mtl_session_layout *l = &c->layout;
    mtl_trainer *t = &self->trainer;
    const int32_t slots = c->optimizer == MTL_OPTIMIZER_ADAM ? 2 : 1;
    mtl_head_bind(&t->head, c->feature_length, c->hidden, c->classes, c->batch_size, (float *)slice(self, l->parameters),
        (float *)slice(self, l->optimizer_state), slots, (float *)slice(self, l->activations));
    mtl_head_optimizer_init(&t->optimizer, c);
    if (c->stopping == MTL_STOPPING_FIXED_EPOCHS) mtl_stopping_fixed(&t->stopping, fixed_epochs(c, self->train_count));
    else if (c->stopping == MTL_STOPPING_ENERGY_AWARE) mtl_stopping_energy_aware(&t->stopping, c->min_gain_points_per_millijoule, c->epoch_millijoules, 0.5, 3, 1);
    else mtl_stopping_patience(&t->stopping, c->patience, 0, 0.0, 1); /* validation loss: accuracy moves in coarse steps on few records */
    t->batch_size = c->batch_size;
    t->max_epochs = c->max_epochs;
    t->max_training_records = c->max_training_records;
    t->max_gradient_norm = c->max_gradient_norm;
    t->keep_snapshot = c->keep_snapshot;
    t->retry_with_half_learning_rate = c->retry_with_half_learning_rate;
    t->learning_rate = c->learning_rate;
    t->shuffle_seed = c->seed;
    t->good_weights = t->stopping.restores_best ? (float *)slice(self, l->good_weights) : 0;
    t->batch_inputs = (float *)slice(self, l->batch_inputs);
    t->batch_labels = (int32_t *)slice(self, l->batch_labels);
    t->order = (int32_t *)slice(self, l->shuffle_order);
}

/* OldHeadAccuracy: the model's own int8 head on the stored features of the judged records. */
static mtl_status old_head_accuracy(mtl_session *self, const mtl_records *validation, double *accuracy)
{
    int32_t correct = 0;
    for (int32_t i = 0; i < validation->count; i++) {
        mtl_status status;
        const int8_t *features = mtl_feature_store_features(&self->store, record_at(validation, i), &status);
        if (features == 0) return status;
        int32_t prediction;
        status = mtl_feature_extractor_predict_with_model_head(&self->extractor, features, &prediction);
        if (status != MTL_STATUS_OK) return status;
        if (prediction == mtl_feature_store_label(&self->store, record_at(validation, i))) correct++;
    }
    *accuracy = (double)correct / validation->count;
    return MTL_STATUS_OK;
}

/* HeadAccuracy: the trained head's predictions on the validation records, one at a time through the batch buffer. */
static mtl_status new_head_accuracy(mtl_session *self, const mtl_records *validation, double *accuracy)
{
    float *input = self->trainer.batch_inputs;
    int32_t correct = 0;
    for (int32_t i = 0; i < validation->count; i++) {
        const mtl_status status = mtl_feature_store_dequantize(&self->store, record_at(validation, i), input);
        if (status != MTL_STATUS_OK) return status;
        if (mtl_head_predict(&self->trainer.head, input) == mtl_feature_store_label(&self->store, record_at(validation, i))) correct++;
    }
    *accuracy = (double)correct / validation->count;
    return MTL_STATUS_OK;
}

mtl_status mtl_session_train(mtl_session *self, mtl_epoch_observer observer, void *observer_context)
{
    bind_trainer(self);
    self->old_validation = NAN;
    self->new_validation = NAN;
    self->decision = MTL_DEPLOY_REJECTED;
    const mtl_status status = initialise_head(self, self->trainer.head.parameters);
    if (status != MTL_STATUS_OK) return status;
    const mtl_records training = { &self->store, self->train, self->train_count };
    const mtl_records validation = { &self->store, self->validation, self->validation_count };
    return mtl_trainer_train(&self->trainer, &training, validation.count > 0 ? &validation : 0, initialise_head, self, observer,
        observer_context, &self->training);
}

mtl_status mtl_session_decide(mtl_session *self)
{
    /* Without validation records both heads are judged on the training records (TransferSession.Decide says why). */
    const mtl_records judged = self->validation_count > 0 ? (mtl_records){ &self->store, self->validation, self->validation_count }
                                                          : (mtl_records){ &self->store, self->train, self->train_count };
    if (!self->classes_changed && judged.count > 0) {
        const mtl_status status = old_head_accuracy(self, &judged, &self->old_validation);
        if (status != MTL_STATUS_OK) return status;
    }
    if (judged.count > 0) {
        const mtl_status status = new_head_accuracy(self, &judged, &self->new_validation);
        if (status != MTL_STATUS_OK) return status;
    }
    const mtl_training_result *r = &self->training;
    if ((r->reason == MTL_STOP_DIVERGED && !self->config->keep_snapshot) || r->epochs_run == 0 || !mtl_head_parameters_finite(&self->trainer.head)) {
        self->decision = MTL_DEPLOY_REJECTED;
        return MTL_STATUS_OK;
    }
    /* HeadDeployment.Decide: a new set of classes the old head cannot serve; no judgement without records; else not worse. */
    if (self->classes_changed) self->decision = MTL_DEPLOY_ACCEPTED_CLASSES_CHANGED;
    else if (isnan(self->new_validation)) self->decision = MTL_DEPLOY_REJECTED;
    else self->decision = self->new_validation >= self->old_validation || isnan(self->old_validation) ? MTL_DEPLOY_ACCEPTED : MTL_DEPLOY_REJECTED;
    return MTL_STATUS_OK;
}

const float *mtl_session_head_parameters(const mtl_session *self)
{
    return self->trainer.head.parameters;
}

/* The exported hybrid model's head: DEQUANTIZE (each part), FULLY_CONNECTED float (ReLU), FULLY_CONNECTED float, with the interpreter's
 * float kernels (TFLite's summation order); the class of the largest logit. */
static int32_t hybrid_head_class(mtl_session *self, const int8_t *features)
{
    const mtl_session_config *c = self->config;
    const float *w1 = self->trainer.head.parameters, *b1 = w1 + c->hidden * c->feature_length, *w2 = b1 + c->hidden, *b2 = w2 + c->classes * c->hidden;
    float *real = self->trainer.batch_inputs;           /* [I]: the batch buffer, free after training */
    float *hidden = self->trainer.head.workspace;       /* [H] */
    float *logits = hidden + c->hidden;                 /* [C] */
    /* DEQUANTIZE of each part (with head features, their own DEQUANTIZE and a CONCATENATION, which copies): the store's segments. */
    mtl_store_layout_dequantize(&self->store.layout, features, real);
    mtl_fully_connected_f32_params fc = { 1, c->feature_length, c->hidden, 0.0f, 0.0f };
    mtl_float_activation_range(MTL_ACTIVATION_RELU, &fc.activation_min, &fc.activation_max);
    mtl_fully_connected_f32(&fc, real, w1, b1, hidden);
    fc.accum_depth = c->hidden;
    fc.output_depth = c->classes;
    mtl_float_activation_range(MTL_ACTIVATION_NONE, &fc.activation_min, &fc.activation_max);
    mtl_fully_connected_f32(&fc, hidden, w2, b2, logits);
    return mtl_argmax(logits, c->classes);
}

mtl_status mtl_session_predict(mtl_session *self, int32_t *prediction)
{
    if (self->decision == MTL_DEPLOY_REJECTED) {
        const mtl_status status = mtl_interpreter_invoke(&self->extractor.interpreter);
        if (status == MTL_STATUS_OK) *prediction = mtl_output_argmax(&self->extractor.interpreter);
        return status;
    }
    const mtl_status status = mtl_feature_extractor_extract(&self->extractor, self->features);
    if (status == MTL_STATUS_OK) *prediction = hybrid_head_class(self, self->features);
    return status;
}
