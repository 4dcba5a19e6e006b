/* The session's collection and split (TransferSession.Run up to the trainer); see mtl_session.h. */
#include <string.h>

#include "mtl_ram_flash.h"
#include "mtl_session.h"
#include "mtl_stratified_split.h"

/* TransferSettings.MaxAutoAugmentedCopies and AugmentationRecordBudget. */
#define MTL_AUTO_MAX_COPIES 4
#define MTL_AUTO_RECORD_BUDGET 1200

/* A slice inside the arena, its offset a multiple of `alignment`. */
static int slice_ok(const mtl_arena_slice *slice, int32_t arena_bytes, int32_t alignment)
{
    return slice->bytes >= 0 && slice->offset >= 0 && (int64_t)slice->offset + slice->bytes <= arena_bytes
        && slice->offset % alignment == 0;
}

static void *at(const mtl_session *self, mtl_arena_slice slice)
{
    return slice.bytes > 0 ? self->arena + slice.offset : 0;
}

static mtl_status check_layout(const mtl_session_config *config, int32_t arena_bytes)
{
    const mtl_session_layout *l = &config->layout;
    const mtl_arena_slice *four[] = { &l->store_counts, &l->store_addresses, &l->split_indices, &l->parameters,
        &l->optimizer_state, &l->good_weights, &l->activations, &l->batch_inputs, &l->batch_labels, &l->shuffle_order };
    if (arena_bytes < config->arena_bytes || !slice_ok(&l->inference_arena, config->arena_bytes, 16)
        || !slice_ok(&l->store_seen, config->arena_bytes, 8) || !slice_ok(&l->store_labels, config->arena_bytes, 2)
        || !slice_ok(&l->store_features, config->arena_bytes, 1) || !slice_ok(&l->store_log_slot, config->arena_bytes, 1)
        || !slice_ok(&l->feature_buffer, config->arena_bytes, 1) || !slice_ok(&l->augmentation_window, config->arena_bytes, 1))
        return MTL_STATUS_PLAN_MISMATCH;
    for (uint32_t i = 0; i < sizeof four / sizeof four[0]; i++)
        if (!slice_ok(four[i], config->arena_bytes, 4)) return MTL_STATUS_PLAN_MISMATCH;
    const int32_t r = config->store_records, c = config->classes, f = config->feature_length;
    const int logged = config->store_mode != MTL_STORE_RAM;
    const int32_t slot = logged ? mtl_feature_log_slot_bytes(f, config->flash_program_unit_bytes) : 0;
    if (l->inference_arena.bytes != config->model->arena_bytes || l->store_seen.bytes != 8 * c || l->store_counts.bytes != 4 * c
        || l->store_labels.bytes != 2 * r || l->feature_buffer.bytes != f
        || l->split_indices.bytes != (config->validation_fraction > 0 ? 4 * r : 0)
        || l->store_features.bytes != (config->store_mode == MTL_STORE_FLASH ? 0 : r * f)
        || l->store_addresses.bytes != (config->store_mode == MTL_STORE_FLASH ? 4 * r : 0) || l->store_log_slot.bytes != slot
        || l->shuffle_order.bytes < 4 * r)
        return MTL_STATUS_PLAN_MISMATCH;
    return MTL_STATUS_OK;
}

/* The perturbation of the model's input window (WindowAugmentation.For): T x 3 int8 values, per-tensor quantized. */
static mtl_status init_augmentation(mtl_session *self)
{
    const mtl_session_config *c = self->config;
    self->window = (int8_t *)at(self, c->layout.augmentation_window);
    self->copies = 0;
    mtl_pcg32_seed(&self->augmentation_random, c->seed, MTL_STREAM_AUGMENTATION);
    if (c->augmented_copies == 0) return c->layout.augmentation_window.bytes == 0 ? MTL_STATUS_OK : MTL_STATUS_PLAN_MISMATCH;
    const mtl_tensor *input = &c->model->tensors[c->model->inputs[0]];
    if (input->type != MTL_TYPE_INT8 || input->quantization_count != 1 || input->bytes < 6 || input->bytes % 3 != 0)
        return MTL_STATUS_ARGUMENT_ERROR;
    if (c->layout.augmentation_window.bytes != input->bytes) return MTL_STATUS_PLAN_MISMATCH;
    self->augmentation.steps = input->bytes / 3;
    self->augmentation.scale = input->scales[0];
    self->augmentation.zero_point = input->zero_points[0];
    self->augmentation.max_angle_radians = c->augment_max_angle_radians;
    self->augmentation.gain_spread = c->augment_gain_spread;
    self->augmentation.max_shift_samples = c->augment_max_shift_samples;
    self->copies = c->augmented_copies < 0 ? MTL_AUTO_MAX_COPIES : c->augmented_copies;
    return MTL_STATUS_OK;
}

void mtl_session_expect_samples(mtl_session *self, int32_t samples)
{
    if (self->config->augmented_copies >= 0 || samples <= 0) return;
    const int32_t copies = MTL_AUTO_RECORD_BUDGET / samples - 1;
    self->copies = copies < 0 ? 0 : copies > MTL_AUTO_MAX_COPIES ? MTL_AUTO_MAX_COPIES : copies;
}

mtl_status mtl_session_init(mtl_session *self, const mtl_session_config *config, uint8_t *arena, int32_t arena_bytes,
    uint8_t *flash_region)
{
    self->config = config;
    self->arena = arena;
    self->train_count = self->validation_count = 0;
    self->samples_offered = self->samples_stored = self->records_reopened = 0;
    if (arena == 0 || (uintptr_t)arena % 16 != 0) return MTL_STATUS_ARGUMENT_ERROR;
    mtl_status status = check_layout(config, arena_bytes);
    if (status != MTL_STATUS_OK) return status;
    const mtl_session_layout *l = &config->layout;
    status = mtl_feature_extractor_init(&self->extractor, config->model, at(self, l->inference_arena), l->inference_arena.bytes,
        config->cut_tensor, config->body_operator_count, config->head_features_tensor);
    if (status != MTL_STATUS_OK) return status;
    if (self->extractor.feature_length != config->feature_length) return MTL_STATUS_PLAN_MISMATCH;
    self->classes_changed = config->classes != mtl_feature_extractor_model_classes(&self->extractor);
    self->features = (int8_t *)at(self, l->feature_buffer);
    status = init_augmentation(self);
    if (status != MTL_STATUS_OK) return status;
    self->train = (int32_t *)at(self, l->split_indices);
    self->validation = self->train;

    const int two_parts = self->extractor.head_tensor >= 0;
    const mtl_store_layout store_layout = { config->feature_length, self->extractor.scale, self->extractor.zero_point,
        config->store_capacity_bytes, config->classes, config->seed, two_parts ? self->extractor.cut_length : 0,
        self->extractor.head_scale, self->extractor.head_zero_point };
    const mtl_store_buffers buffers = { (uint16_t *)at(self, l->store_labels), (int32_t *)at(self, l->store_counts),
        (int64_t *)at(self, l->store_seen), (int8_t *)at(self, l->store_features), (int32_t *)at(self, l->store_addresses),
        (uint8_t *)at(self, l->store_log_slot) };
    if (config->store_mode == MTL_STORE_RAM) return mtl_feature_store_init_ram(&self->store, &store_layout, &buffers);
    if (flash_region == 0) return MTL_STATUS_ARGUMENT_ERROR;
    status = mtl_ram_flash_init(&self->flash, "the store's flash region", flash_region, config->flash_bytes,
        config->flash_erase_block_bytes, config->flash_program_unit_bytes);
    if (status == MTL_STATUS_OK)
        status = mtl_feature_store_open_or_create(&self->store, &self->flash, &store_layout, (mtl_store_mode)config->store_mode, &buffers);
    self->records_reopened = mtl_feature_store_count(&self->store);
    return status;
}

uint8_t *mtl_session_input(mtl_session *self)
{
    return mtl_feature_extractor_input(&self->extractor);
}

/* The body on the input, its features to the store. */
static mtl_status offer(mtl_session *self, int32_t label, mtl_add_result *result)
{
    mtl_status status = mtl_feature_extractor_extract(&self->extractor, self->features);
    if (status == MTL_STATUS_OK) status = mtl_feature_store_add(&self->store, self->features, label, result);
    if (status != MTL_STATUS_OK) return status;
    self->samples_offered++;
    if (result->outcome != MTL_ADD_DISCARDED) self->samples_stored++;
    return MTL_STATUS_OK;
}

mtl_status mtl_session_collect(mtl_session *self, int32_t label, mtl_add_result *result)
{
    if (label < 0 || label >= self->config->classes) return MTL_STATUS_DATA_ERROR;
    uint8_t *input = mtl_session_input(self);
    /* The body may reuse the input's bytes for its activations: the window is kept before the first pass. */
    if (self->copies > 0) memcpy(self->window, input, (size_t)(3 * self->augmentation.steps));
    mtl_status status = offer(self, label, result);
    mtl_add_result copy;
    for (int32_t c = 0; c < self->copies && status == MTL_STATUS_OK; c++) {
        mtl_window_augmentation_write_copy(&self->augmentation, self->window, (int8_t *)input, &self->augmentation_random);
        status = offer(self, label, &copy);
    }
    return status;
}

/* TransferDataChecks.EnsureClassesTrainable: a classifier trained on one class answers it always, and a class of one
 * record cannot be trained on and validated both. */
static mtl_status ensure_classes_trainable(const mtl_session *self)
{
    if (self->config->classes < 2) return MTL_STATUS_OK;
    int32_t present = 0, too_few = 0;
    for (int32_t c = 0; c < self->store.policy.max_classes; c++) {
        const int32_t n = self->store.policy.count_of_class[c];
        if (n == 0) continue;
        present++;
        if (n < 2 && self->config->validation_fraction > 0) too_few = 1;
    }
    return present < 2 || too_few ? MTL_STATUS_DATA_ERROR : MTL_STATUS_OK;
}

mtl_status mtl_session_split(mtl_session *self)
{
    mtl_status status = ensure_classes_trainable(self);
    if (status != MTL_STATUS_OK) return status;
    if (!(self->config->validation_fraction > 0)) {
        /* FeatureStoreView.All: every record trains, in store order, through no index array (train stays NULL). */
        self->train = self->validation = 0;
        self->train_count = mtl_feature_store_count(&self->store);
        self->validation_count = 0;
        return MTL_STATUS_OK;
    }
    status = mtl_stratified_split(&self->store, self->config->validation_fraction, self->config->seed, self->train, &self->train_count,
        (int32_t *)at(self, self->config->layout.shuffle_order));
    if (status != MTL_STATUS_OK) return status;
    self->validation = self->train + self->train_count;
    self->validation_count = mtl_feature_store_count(&self->store) - self->train_count;
    return MTL_STATUS_OK;
}
