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
 *         split.bin   int32 train count, int32 validation count, the training then validation record indices (int32)
 *         flash.bin   with a log: the store's flash region after collection (read back by the next run)
 * Prints  mtl-session: init status=S arena_bytes=N feature_length=F store_records=R reopened=K
 *         mtl-collect: sample=I label=L outcome=O slot=S instructions=N     one line a training sample
 *         mtl-split: status=S train=T validation=V instructions=N
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
    const int ok = write_bytes(f, &session.train_count, 4) && write_bytes(f, &session.validation_count, 4)
        && write_bytes(f, session.train, 4u * (size_t)(session.train_count + session.validation_count));
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

    mtl_samples_close();
    printf("mtl-session: status=0\n");
    return 0;
}
