/* The session firmware: runs a generated transfer session (session_config.h) on labelled samples (mtl_samples.h) the
 * way TransferSession.Run does, and reports what it did, so the host can compare it with the C# engine. Built for the
 * device (QEMU mps2-an386; the nRF52840 link proves the fit) and for the host with gcc; files go through the C
 * library (semihosting on the device).
 *
 * Reads   samples.bin  the training samples, then the test samples (mtl_samples_file.c)
 *         flash.bin    with a log: the store's flash region as an earlier run left it; without the file the region
 *                      starts erased, as a new part's flash. (This emulates flash: the QEMU build keeps the region in
 *                      RAM, and a device's application gives its NVMC-backed medium instead.)
 * Writes  store.bin   after collection: int32 count, then per record: uint16 label, F int8 features
 *         split.bin   int32 train count, int32 validation count, the training then validation record indices (int32);
 *                     without a validation split, 0 .. count - 1 (every record trains, in store order)
 *         head.bin    the trained head's parameters, W1 | b1 | W2 | b2 (float32), what the host rebuilds the adapted model from
 *         predictions.bin  the deployed model's class of every test sample (int32)
 *         flash.bin   with a log: the store's flash region after collection (read back by the next run)
 * Prints  mtl-session: init status=S arena_bytes=N feature_length=F store_records=R reopened=K
 *         mtl-collect: sample=I label=L outcome=O slot=S instructions=N     one line a training sample (and its copies)
 *         mtl-split: status=S train=T validation=V instructions=N
 *         mtl-epoch: epoch=E train_loss=X train_accuracy=X validation_loss=X validation_accuracy=X instructions=N
 *                                               one line a kept epoch (doubles to 17 digits); "mtl-epoch: restarted=1" when a
 *                                               rollback starts the run over
 *         mtl-train: status=S epochs=N reason=R best_epoch=N restored_best=B retried=B instructions=N
 *         mtl-decide: status=S old_validation=X new_validation=X decision=D initialisation=I instructions=N
 *         mtl-export: bytes=N instructions=N
 *         mtl-predict: samples=N correct=N instructions=N
 *         mtl-session: status=S                                               at the end (0: every step succeeded)
 * Instructions come from the platform's counter (instructions under QEMU -icount, at a resolution of 40; cycles
 * on hardware); the host build prints 0. Exit 0, or 1 after an error line. */
#include <stdio.h>
#include <string.h>

#include "mtl_samples.h"
#include "mtl_session.h"
#include "session_config.h"

#if defined(__arm__)
#include "mtl_platform.h"
#define APP_INSTRUCTIONS() mtl_instructions()
#else
#define APP_INSTRUCTIONS() ((uint64_t)0)
#endif

static mtl_session session;
static uint64_t epoch_start;

static int fail(const char *what, long value)
{
    printf("mtl-session: error: %s (%ld)\n", what, value);
    printf("mtl-session: status=%ld\n", value);
    return 1;
}

static int write_bytes(FILE *f, const void *bytes, size_t count)
{
    return count == 0 || fwrite(bytes, 1, count, f) == count;
}

static int write_store(void)
{
    FILE *f = fopen("store.bin", "wb");
    if (f == NULL) return 0;
    const int32_t count = mtl_feature_store_count(&session.store);
    int ok = write_bytes(f, &count, 4);
    for (int32_t i = 0; ok && i < count; i++) {
        const uint16_t label = (uint16_t)mtl_feature_store_label(&session.store, i);
        mtl_status status;
        const int8_t *features = mtl_feature_store_features(&session.store, i, &status);
        ok = features != 0 && write_bytes(f, &label, 2) && write_bytes(f, features, (size_t)session.config->feature_length);
    }
    return fclose(f) == 0 && ok;
}

static int write_split(void)
{
    FILE *f = fopen("split.bin", "wb");
    if (f == NULL) return 0;
    int ok = write_bytes(f, &session.train_count, 4) && write_bytes(f, &session.validation_count, 4);
    if (session.train != 0) {
        ok = ok && write_bytes(f, session.train, 4u * (size_t)(session.train_count + session.validation_count));
    } else {
        for (int32_t i = 0; ok && i < session.train_count; i++) ok = write_bytes(f, &i, 4); /* every record trains, in store order */
    }
    return fclose(f) == 0 && ok;
}

static int write_flash(void)
{
    if (mtl_session_flash == 0) return 1;
    FILE *f = fopen("flash.bin", "wb");
    if (f == NULL) return 0;
    const int ok = write_bytes(f, mtl_session_flash, MTL_SESSION_FLASH_BYTES);
    return fclose(f) == 0 && ok;
}

/* The emulated flash region: the image an earlier run left, else erased (0xFF). */
static void load_flash(void)
{
    if (mtl_session_flash == 0) return;
    size_t got = 0;
    FILE *f = fopen("flash.bin", "rb");
    if (f != NULL) {
        got = fread(mtl_session_flash, 1, MTL_SESSION_FLASH_BYTES, f);
        fclose(f);
    }
    memset(mtl_session_flash + got, 0xFF, MTL_SESSION_FLASH_BYTES - got);
}

/* After every kept epoch: its record and the instructions since the previous one (or since training began). */
static void on_epoch(void *context, const mtl_epoch_record *record, int restarted)
{
    (void)context;
    const uint64_t now = APP_INSTRUCTIONS();
    if (restarted) {
        printf("mtl-epoch: restarted=1 instructions=%llu\n", (unsigned long long)(now - epoch_start));
    } else {
        printf("mtl-epoch: epoch=%ld train_loss=%.17g train_accuracy=%.17g validation_loss=%.17g validation_accuracy=%.17g instructions=%llu\n",
            (long)record->epoch, record->train_loss, record->train_accuracy, record->validation_loss, record->validation_accuracy,
            (unsigned long long)(now - epoch_start));
    }
    epoch_start = APP_INSTRUCTIONS();
}

static int write_head(int32_t *bytes)
{
    FILE *f = fopen("head.bin", "wb");
    if (f == NULL) return 0;
    const mtl_session_config *c = session.config;
    *bytes = 4 * mtl_head_parameter_count(c->feature_length, c->hidden, c->classes);
    const int ok = write_bytes(f, mtl_session_head_parameters(&session), (size_t)*bytes);
    return fclose(f) == 0 && ok;
}

/* The deployed model on every test sample; their classes to predictions.bin. */
static int predict(int32_t test_count)
{
    FILE *f = fopen("predictions.bin", "wb");
    if (f == NULL) return fail("cannot write predictions.bin; samples", test_count);
    int32_t correct = 0;
    uint64_t instructions = 0;
    for (int32_t i = 0; i < test_count; i++) {
        int32_t label, prediction;
        if (mtl_samples_next(mtl_session_input(&session), &label) != 0) return fail("the samples end at test sample", i);
        const uint64_t start = APP_INSTRUCTIONS();
        const mtl_status status = mtl_session_predict(&session, &prediction);
        instructions += APP_INSTRUCTIONS() - start;
        if (status != MTL_STATUS_OK) return fail("predicting failed with status", status);
        if (prediction == label) correct++;
        if (!write_bytes(f, &prediction, 4)) return fail("cannot write predictions.bin at sample", i);
    }
    if (fclose(f) != 0) return fail("cannot close predictions.bin; samples", test_count);
    printf("mtl-predict: samples=%ld correct=%ld instructions=%llu\n", (long)test_count, (long)correct, (unsigned long long)instructions);
    return 0;
}

int main(void)
{
    load_flash();
    mtl_status status = mtl_session_init(&session, &mtl_session_generated, mtl_session_arena, MTL_SESSION_ARENA_BYTES, mtl_session_flash);
    printf("mtl-session: init status=%d arena_bytes=%ld feature_length=%ld store_records=%ld reopened=%ld\n", (int)status,
        (long)MTL_SESSION_ARENA_BYTES, (long)mtl_session_generated.feature_length, (long)mtl_session_generated.store_records,
        (long)session.records_reopened);
    if (status != MTL_STATUS_OK) return fail("init failed with status", status);

    int32_t train_count, test_count;
    const int opened = mtl_samples_open(mtl_feature_extractor_input_bytes(&session.extractor), &train_count, &test_count);
    if (opened != 0) return fail("cannot read the samples; code", opened);
    mtl_session_expect_samples(&session, train_count);
    for (int32_t i = 0; i < train_count; i++) {
        int32_t label;
        if (mtl_samples_next(mtl_session_input(&session), &label) != 0) return fail("the samples end at training sample", i);
        mtl_add_result added;
        const uint64_t start = APP_INSTRUCTIONS();
        status = mtl_session_collect(&session, label, &added);
        const uint64_t instructions = APP_INSTRUCTIONS() - start;
        if (status != MTL_STATUS_OK) return fail("collecting failed with status", status);
        printf("mtl-collect: sample=%ld label=%ld outcome=%d slot=%ld instructions=%llu\n", (long)i, (long)label, (int)added.outcome,
            (long)added.slot, (unsigned long long)instructions);
    }
    if (!write_store() || !write_flash()) return fail("cannot write store.bin or flash.bin; records", mtl_feature_store_count(&session.store));

    uint64_t start = APP_INSTRUCTIONS();
    status = mtl_session_split(&session);
    uint64_t instructions = APP_INSTRUCTIONS() - start;
    printf("mtl-split: status=%d train=%ld validation=%ld instructions=%llu\n", (int)status, (long)session.train_count,
        (long)session.validation_count, (unsigned long long)instructions);
    if (status != MTL_STATUS_OK) return fail("the split failed with status", status);
    if (!write_split()) return fail("cannot write split.bin; indices", session.train_count + session.validation_count);

    epoch_start = APP_INSTRUCTIONS();
    start = epoch_start;
    status = mtl_session_train(&session, on_epoch, 0);
    instructions = APP_INSTRUCTIONS() - start;
    const mtl_training_result *t = &session.training;
    printf("mtl-train: status=%d epochs=%ld reason=%d best_epoch=%ld restored_best=%d retried=%d instructions=%llu\n", (int)status,
        (long)t->epochs_run, (int)t->reason, (long)t->best_epoch, t->restored_best, t->retried, (unsigned long long)instructions);
    if (status != MTL_STATUS_OK) return fail("training failed with status", status);

    start = APP_INSTRUCTIONS();
    status = mtl_session_decide(&session);
    instructions = APP_INSTRUCTIONS() - start;
    printf("mtl-decide: status=%d old_validation=%.17g new_validation=%.17g decision=%d initialisation=%d instructions=%llu\n", (int)status,
        session.old_validation, session.new_validation, (int)session.decision, (int)session.initialisation, (unsigned long long)instructions);
    if (status != MTL_STATUS_OK) return fail("the deployment check failed with status", status);

    int32_t head_bytes = 0;
    start = APP_INSTRUCTIONS();
    if (!write_head(&head_bytes)) return fail("cannot write head.bin; bytes", head_bytes);
    printf("mtl-export: bytes=%ld instructions=%llu\n", (long)head_bytes, (unsigned long long)(APP_INSTRUCTIONS() - start));

    if (predict(test_count) != 0) return 1;
    mtl_samples_close();
    printf("mtl-session: status=0\n");
    return 0;
}
