/* Test program: the session's C primitives on inputs drawn from PCG32 with fixed seeds, every result written as a line
 * "name hex-bytes" to units.txt, so the test can compute the same in C# and compare bit for bit (SessionUnitTests).
 * Built for the host (gcc) and for the target (arm-none-eabi-gcc, run under QEMU, the file through semihosting). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtl_crc32.h"
#include "mtl_device_math.h"
#include "mtl_fixed_order_sum.h"
#include "mtl_head_init.h"
#include "mtl_pcg32.h"
#include "mtl_softmax_ce.h"
#include "mtl_stopping.h"
#include "mtl_update_rules.h"
#include "mtl_window_augmentation.h"

static FILE *out;

static void line(const char *name, const void *bytes, size_t count)
{
    fprintf(out, "%s ", name);
    for (size_t i = 0; i < count; i++) fprintf(out, "%02x", ((const unsigned char *)bytes)[i]);
    fprintf(out, "\n");
}

static void pcg32_units(void)
{
    const uint64_t seeds[] = { 0u, 1u, 42u, 0xFFFFFFFFFFFFFFFFull };
    const uint64_t streams[] = { 1u, 2u, 3u, 4u, MTL_PCG32_DEFAULT_STREAM };
    char name[64];
    for (int s = 0; s < 4; s++)
        for (int t = 0; t < 5; t++) {
            mtl_pcg32 random;
            mtl_pcg32_seed(&random, seeds[s], streams[t]);
            uint32_t values[8];
            for (int i = 0; i < 8; i++) values[i] = mtl_pcg32_next(&random);
            snprintf(name, sizeof name, "pcg32.%d.%d", s, t);
            line(name, values, sizeof values);
        }
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 7, 1);
    const uint32_t bounds[] = { 0u, 1u, 2u, 3u, 7u, 1000u, 0x80000001u, 0xFFFFFFFFu };
    uint32_t bounded[8 * 5];
    for (int b = 0; b < 8; b++)
        for (int i = 0; i < 5; i++) bounded[b * 5 + i] = mtl_pcg32_bounded(&random, bounds[b]);
    line("pcg32.bounded", bounded, sizeof bounded);
    float floats[32];
    for (int i = 0; i < 16; i++) floats[i] = mtl_pcg32_next_float(&random);
    for (int i = 16; i < 32; i++) floats[i] = mtl_pcg32_next_symmetric(&random, 0.25f);
    line("pcg32.floats", floats, sizeof floats);
    for (int n = 1; n <= 12; n++) {
        int32_t values[12];
        for (int i = 0; i < n; i++) values[i] = i;
        mtl_pcg32_shuffle(&random, values, n);
        snprintf(name, sizeof name, "pcg32.shuffle.%d", n);
        line(name, values, (size_t)n * 4);
    }
}

/* Arguments of the math functions: every bit pattern (NaN, infinities, subnormals), then uniform values in a range. */
static float any_float(mtl_pcg32 *random)
{
    const uint32_t bits = mtl_pcg32_next(random);
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

enum { MATH_ARGUMENTS = 3000 };
static float arguments[MATH_ARGUMENTS], results[MATH_ARGUMENTS];

static void math_units(void)
{
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 11, 5);
    for (int i = 0; i < MATH_ARGUMENTS; i++) arguments[i] = i % 2 == 0 ? any_float(&random) : mtl_pcg32_next_symmetric(&random, 90.0f);
    for (int i = 0; i < MATH_ARGUMENTS; i++) results[i] = mtl_device_exp(arguments[i]);
    line("exp", results, sizeof results);
    for (int i = 0; i < MATH_ARGUMENTS; i++) arguments[i] = i % 2 == 0 ? fabsf(any_float(&random)) : 100.0f * mtl_pcg32_next_float(&random);
    for (int i = 0; i < MATH_ARGUMENTS; i++) results[i] = mtl_device_log(arguments[i]);
    line("log", results, sizeof results);
    for (int i = 0; i < MATH_ARGUMENTS; i++) results[i] = mtl_device_sqrt(arguments[i]);
    line("sqrt", results, sizeof results);
    /* sin and cos: any float, the small angles of the augmentation, and beyond the reduction's bound (NaN). */
    for (int i = 0; i < MATH_ARGUMENTS; i++)
        arguments[i] = i % 3 == 0 ? any_float(&random) : mtl_pcg32_next_symmetric(&random, i % 3 == 1 ? 10.0f : 9000.0f);
    for (int i = 0; i < MATH_ARGUMENTS; i++) results[i] = mtl_device_sin(arguments[i]);
    line("sin", results, sizeof results);
    for (int i = 0; i < MATH_ARGUMENTS; i++) results[i] = mtl_device_cos(arguments[i]);
    line("cos", results, sizeof results);
    /* The augmentation's rotation matrices, from its own draws. */
    enum { ROTATIONS = 200 };
    for (int r = 0; r < ROTATIONS; r++) {
        const float axis_z = mtl_pcg32_next_symmetric(&random, 1.0f);
        const float phi = 6.28318530717958648f * mtl_pcg32_next_float(&random);
        const float angle = mtl_pcg32_next_symmetric(&random, 3.5f);
        mtl_rotation_matrix(axis_z, phi, angle, results + 9 * r);
    }
    line("rotation", results, sizeof(float) * 9 * ROTATIONS);
}

static void crc_units(void)
{
    uint32_t crcs[2];
    crcs[0] = mtl_crc32((const uint8_t *)"123456789", 9);
    uint8_t bytes[1000];
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 12, 5);
    for (int i = 0; i < 1000; i++) bytes[i] = (uint8_t)mtl_pcg32_next(&random);
    crcs[1] = mtl_crc32_append(mtl_crc32(bytes, 400), bytes + 400, 600);
    line("crc32", crcs, sizeof crcs);
}

enum { P = 37 };

static void fill(mtl_pcg32 *random, float *values, int n, float limit)
{
    for (int i = 0; i < n; i++) values[i] = mtl_pcg32_next_symmetric(random, limit);
}

static void optimizer_units(void)
{
    float w[P], g[P], s1[P], s2[P];
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 13, 5);
    fill(&random, w, P, 1.0f);
    memset(s1, 0, sizeof s1);
    const mtl_sgd_update sgd = { 0.01f, 0.9f, 2e-4f };
    for (int step = 0; step < 3; step++) {
        fill(&random, g, P, 2.0f);
        mtl_sgd_apply(&sgd, w, g, s1, P);
    }
    line("sgd.w", w, sizeof w);
    line("sgd.velocity", s1, sizeof s1);

    for (int decoupled = 0; decoupled < 2; decoupled++) {
        fill(&random, w, P, 1.0f);
        memset(s1, 0, sizeof s1);
        memset(s2, 0, sizeof s2);
        double p1 = 1.0, p2 = 1.0;
        for (int step = 0; step < 3; step++) {
            fill(&random, g, P, 2.0f);
            p1 *= (double)0.9f;
            p2 *= (double)0.999f;
            mtl_adam_update rule;
            mtl_adam_update_init(&rule, 0.9f, 0.999f, 1e-8f, 1e-3f, decoupled, 5e-3f, p1, p2);
            mtl_adam_apply(&rule, w, g, s1, s2, P);
        }
        line(decoupled ? "adamw.w" : "adam.w", w, sizeof w);
        line(decoupled ? "adamw.m" : "adam.m", s1, sizeof s1);
        line(decoupled ? "adamw.v" : "adam.v", s2, sizeof s2);
    }
}

static void softmax_units(void)
{
    enum { B = 5, C = 6 };
    float logits[B * C], probabilities[B * C], gradient[B * C];
    int32_t labels[B] = { 0, 5, 2, 3, 3 };
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 14, 5);
    fill(&random, logits, B * C, 8.0f);
    logits[7] = 80.0f; /* a large logit: the shift by the maximum keeps exp finite */
    const float loss = mtl_softmax_ce_forward(logits, probabilities, labels, B, C);
    mtl_softmax_ce_backward(probabilities, labels, gradient, B, C, 1.0f / B);
    line("softmax.loss", &loss, sizeof loss);
    line("softmax.p", probabilities, sizeof probabilities);
    line("softmax.dz", gradient, sizeof gradient);
    const int32_t argmax = mtl_argmax(logits, C);
    line("softmax.argmax", &argmax, sizeof argmax);
}

static void dot_units(void)
{
    float a[40], b[40], dots[41];
    mtl_pcg32 random;
    mtl_pcg32_seed(&random, 15, 5);
    fill(&random, a, 40, 3.0f);
    fill(&random, b, 40, 3.0f);
    for (int n = 0; n <= 40; n++) dots[n] = mtl_fixed_order_dot(a, b, n);
    line("dot", dots, sizeof dots);
}

static void head_units(void)
{
    float parameters[11 * 5 + 5 + 3 * 5 + 3];
    mtl_head_init_he(parameters, 11, 5, 3, 9);
    line("he", parameters, sizeof parameters);
}

static void stopping_units(void)
{
    /* Ten epochs of made-up losses and accuracies, with and without validation. */
    const double losses[10] = { 1.5, 1.2, 1.25, 1.1, 1.1, 1.3, 1.2, 1.15, 1.12, 1.11 };
    const double accuracies[10] = { 0.3, 0.45, 0.5, 0.5, 0.55, 0.52, 0.6, 0.6, 0.61, 0.61 };
    int32_t decisions[3][10][3];
    for (int r = 0; r < 3; r++) {
        mtl_stopping_rule rule;
        if (r == 0) mtl_stopping_fixed(&rule, 8);
        else if (r == 1) mtl_stopping_patience(&rule, 3, 0, 0.0, 1);
        else mtl_stopping_energy_aware(&rule, 0.05, 20.0, 0.5, 3, 1);
        for (int e = 0; e < 10; e++) {
            mtl_epoch_record record = { e + 1, losses[e] + 0.1, accuracies[e] - 0.05, r == 0 ? NAN : losses[e], r == 0 ? NAN : accuracies[e] };
            const mtl_stopping_decision d = mtl_stopping_observe(&rule, &record);
            decisions[r][e][0] = d.stop;
            decisions[r][e][1] = (int32_t)d.reason;
            decisions[r][e][2] = d.is_best;
        }
    }
    line("stopping", decisions, sizeof decisions);
}

int main(void)
{
    out = fopen("units.txt", "w");
    if (out == NULL) return 1;
    pcg32_units();
    math_units();
    crc_units();
    optimizer_units();
    softmax_units();
    dot_units();
    head_units();
    stopping_units();
    return fclose(out) == 0 ? 0 : 1;
}
