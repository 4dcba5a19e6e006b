/* The model runner: a firmware (or host program) that runs a generated model (model.h) layer by layer on
 * inputs from a file and writes every operator's output, like `microtl infer --activations DIR`, so the
 * host can compare each layer with the C# engine and the TFLM goldens byte for byte. Files go through the
 * C library: semihosting on the device under QEMU (newlib's rdimon), the file system on the host.
 *
 * Reads   inputs.bin     cases one after another; a case is the bytes of every graph input in order
 *                        (MTL_MODEL_INPUT_BYTES). Without the file: one case of zeros.
 * Writes  tail.bin       the arena's tail right after init (every operator's persistent data)
 *         c<K>_t<N>.bin  case K's output tensor N of every operator, after that operator ran
 * Prints  mtl-model: name=S operators=N tensors=N arena_bytes=N head_bytes=N persistent_bytes=N
 *         mtl-inference: case=K instructions=N        one whole invoke(), timed alone
 *         mtl-op: case=K op=I name=S instructions=N   each operator, timed alone (file writes excluded)
 *         mtl-runner: cases=N status=S                at the end (0 when every call succeeded)
 * Instructions come from the platform's counter (mtl_platform.h: instructions under QEMU -icount, at a
 * resolution of 40; cycles on hardware); the host build prints 0. Exit 0, or 1 with an error line. */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "mtl_interpreter.h"

#if defined(__arm__)
#include "mtl_platform.h"
#define RUNNER_INSTRUCTIONS() mtl_instructions()
#else
#define RUNNER_INSTRUCTIONS() ((uint64_t)0)
#endif

static uint8_t arena[MTL_MODEL_ARENA_BYTES] MTL_ALIGNED(16);
static uint8_t case_inputs[MTL_MODEL_INPUT_BYTES];
static mtl_interpreter interpreter;

static int fail(const char *what, long value)
{
    printf("mtl-runner: error: %s (%ld)\n", what, value);
    return 1;
}

static int write_file(const char *name, const void *bytes, int32_t count)
{
    FILE *f = fopen(name, "wb");
    if (f == NULL) return 0;
    const size_t written = count > 0 ? fwrite(bytes, 1, (size_t)count, f) : 0;
    return fclose(f) == 0 && written == (size_t)(count > 0 ? count : 0);
}

/* Copies the case's bytes into the graph inputs (they may have been overwritten by the last run). */
static void load_inputs(void)
{
    const mtl_model *model = MTL_MODEL;
    int32_t offset = 0;
    for (int32_t i = 0; i < model->input_count; i++) {
        const int32_t bytes = mtl_interpreter_tensor_bytes(&interpreter, model->inputs[i]);
        memcpy(mtl_interpreter_writable_tensor(&interpreter, model->inputs[i]), case_inputs + offset, (size_t)bytes);
        offset += bytes;
    }
}

static int run_case(int32_t k)
{
    const mtl_model *model = MTL_MODEL;
    load_inputs();
    uint64_t start = RUNNER_INSTRUCTIONS();
    mtl_status status = mtl_interpreter_invoke(&interpreter);
    uint64_t instructions = RUNNER_INSTRUCTIONS() - start;
    if (status != MTL_STATUS_OK) return fail("invoke failed with status", status);
    printf("mtl-inference: case=%ld instructions=%llu\n", (long)k, (unsigned long long)instructions);

    load_inputs();
    for (int32_t i = 0; i < model->operator_count; i++) {
        start = RUNNER_INSTRUCTIONS();
        status = mtl_interpreter_invoke_range(&interpreter, i, i + 1);
        instructions = RUNNER_INSTRUCTIONS() - start;
        if (status != MTL_STATUS_OK) return fail("operator failed with status", status);
        printf("mtl-op: case=%ld op=%ld name=%s instructions=%llu\n", (long)k, (long)i,
            mtl_operator_name(model->operators[i].code), (unsigned long long)instructions);
        for (int32_t o = 0; o < model->operators[i].output_count; o++) {
            const int32_t tensor = model->operators[i].outputs[o];
            char name[48];
            snprintf(name, sizeof name, "c%ld_t%ld.bin", (long)k, (long)tensor);
            if (!write_file(name, mtl_interpreter_tensor(&interpreter, tensor), mtl_interpreter_tensor_bytes(&interpreter, tensor)))
                return fail("cannot write an output file of tensor", tensor);
        }
    }
    return 0;
}

int main(void)
{
    const mtl_model *model = MTL_MODEL;
    const mtl_status status = mtl_interpreter_init(&interpreter, model, arena, (int32_t)sizeof arena);
    printf("mtl-model: name=%s operators=%ld tensors=%ld arena_bytes=%ld head_bytes=%ld persistent_bytes=%ld status=%d\n",
        model->name, (long)model->operator_count, (long)model->tensor_count, (long)mtl_interpreter_arena_used_bytes(&interpreter),
        (long)model->head_bytes, (long)interpreter.arena.persistent_bytes, (int)status);
    if (status != MTL_STATUS_OK) return fail("init failed with status", status);
    int32_t tail_bytes;
    const uint8_t *tail = mtl_interpreter_tail(&interpreter, &tail_bytes);
    if (!write_file("tail.bin", tail, tail_bytes)) return fail("cannot write tail.bin of bytes", tail_bytes);

    FILE *inputs = fopen("inputs.bin", "rb");
    int32_t cases = 0;
    for (;;) {
        if (inputs != NULL) {
            const size_t got = fread(case_inputs, 1, sizeof case_inputs, inputs);
            if (got == 0) break;
            if (got != sizeof case_inputs) return fail("inputs.bin ends inside a case; bytes read", (long)got);
        } else if (cases > 0) {
            break;
        }
        if (run_case(cases) != 0) return 1;
        cases++;
    }
    if (inputs != NULL) fclose(inputs);
    printf("mtl-runner: cases=%ld status=0\n", (long)cases);
    return 0;
}
