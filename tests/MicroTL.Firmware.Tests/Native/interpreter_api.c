/* Test program of the C interpreter's API on a generated model (model.h, hello_world_int8 in the test):
 * the error codes of init and invoke, and the transfer learning session's use of it: run the body up to the
 * cut tensor, read the cut, write stored features into it and run the head. Prints one "key=value" line per
 * check for the C# test to compare with the C# interpreter. Reads feature.bin (the bytes to write into the
 * cut tensor). Exit 0, or 1 with a message. */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "mtl_interpreter.h"

#define CUT_OPERATOR 1 /* the head starts at this operator; its input 0 is the cut tensor */

static uint8_t arena[MTL_MODEL_ARENA_BYTES + 64 + 16] MTL_ALIGNED(16);
static mtl_operator operators[64];

static void print_hex(const char *key, const void *bytes, int32_t count)
{
    printf("%s=", key);
    for (int32_t i = 0; i < count; i++) printf("%02x", ((const uint8_t *)bytes)[i]);
    printf("\n");
}

/* init on a copy of the model whose operator `op` is changed by `edit` (a code or a data block place). */
static int init_edited(int32_t op, int32_t code, int32_t data_from_end)
{
    const mtl_model *original = MTL_MODEL;
    mtl_model model = *original;
    memcpy(operators, original->operators, (size_t)original->operator_count * sizeof operators[0]);
    if (code >= 0) operators[op].code = code;
    if (data_from_end >= 0) operators[op].data_from_end = data_from_end;
    model.operators = operators;
    mtl_interpreter interpreter;
    return mtl_interpreter_init(&interpreter, &model, arena, MTL_MODEL_ARENA_BYTES);
}

int main(void)
{
    const mtl_model *model = MTL_MODEL;
    mtl_interpreter interpreter;
    if (model->operator_count <= CUT_OPERATOR || (int32_t)(sizeof operators / sizeof operators[0]) < model->operator_count) {
        printf("error=the test needs a model of 2 to 64 operators\n");
        return 1;
    }

    printf("short_arena=%d\n", mtl_interpreter_init(&interpreter, model, arena, MTL_MODEL_ARENA_BYTES - 16));
    printf("invoke_unprepared=%d\n", mtl_interpreter_invoke(&interpreter));
    printf("misaligned_arena=%d\n", mtl_interpreter_init(&interpreter, model, arena + 4, MTL_MODEL_ARENA_BYTES));
    printf("null_arena=%d\n", mtl_interpreter_init(&interpreter, model, NULL, MTL_MODEL_ARENA_BYTES));
    printf("moved_data_block=%d\n", init_edited(CUT_OPERATOR, -1, model->operators[CUT_OPERATOR].data_from_end + 16));
    printf("unknown_operator=%d\n", init_edited(CUT_OPERATOR, 2, -1));

    /* A longer arena than needed: the tail moves to its top, the head stays, the bytes between are untouched. */
    memset(arena, 0xA5, sizeof arena);
    printf("init=%d\n", mtl_interpreter_init(&interpreter, model, arena, (int32_t)sizeof arena));
    printf("arena_used_bytes=%ld\n", (long)mtl_interpreter_arena_used_bytes(&interpreter));
    printf("gap_untouched=%d\n", arena[model->head_bytes] == 0xA5 && arena[sizeof arena - 16 - model->persistent_bytes - 1] == 0xA5);
    printf("range_reversed=%d\n", mtl_interpreter_invoke_range(&interpreter, 1, 0));
    printf("range_negative=%d\n", mtl_interpreter_invoke_range(&interpreter, -1, 1));
    printf("range_past_end=%d\n", mtl_interpreter_invoke_range(&interpreter, 0, model->operator_count + 1));
    printf("constant_writable=%d\n", mtl_interpreter_writable_tensor(&interpreter, model->operators[0].inputs[1]) != NULL);
    printf("tensor_out_of_range=%d\n", mtl_interpreter_tensor(&interpreter, model->tensor_count) != NULL);

    /* The session: body up to the cut, read it; then stored features into the cut, and the head. */
    const int32_t input = model->inputs[0], output = model->outputs[0];
    const int32_t cut = model->operators[CUT_OPERATOR].inputs[0];
    memset(mtl_interpreter_writable_tensor(&interpreter, input), 0x11, (size_t)mtl_interpreter_tensor_bytes(&interpreter, input));
    printf("body=%d\n", mtl_interpreter_invoke_range(&interpreter, 0, CUT_OPERATOR));
    print_hex("cut", mtl_interpreter_tensor(&interpreter, cut), mtl_interpreter_tensor_bytes(&interpreter, cut));

    uint8_t feature[4096];
    FILE *f = fopen("feature.bin", "rb");
    const size_t got = f != NULL ? fread(feature, 1, sizeof feature, f) : 0;
    if (f != NULL) fclose(f);
    if ((int32_t)got != mtl_interpreter_tensor_bytes(&interpreter, cut)) {
        printf("error=feature.bin has %ld bytes\n", (long)got);
        return 1;
    }
    memcpy(mtl_interpreter_writable_tensor(&interpreter, cut), feature, got);
    printf("head=%d\n", mtl_interpreter_invoke_range(&interpreter, CUT_OPERATOR, model->operator_count));
    print_hex("head_output", mtl_interpreter_tensor(&interpreter, output), mtl_interpreter_tensor_bytes(&interpreter, output));
    return 0;
}
