/* WindowAugmentation in C (see mtl_window_augmentation.h): each line is the C#'s, in its order. */
#include <math.h>

#include "mtl_device_math.h"
#include "mtl_window_augmentation.h"

#define MTL_TWO_PI 6.28318530717958648f

void mtl_rotation_matrix(float axis_z, float phi, float angle, float *m)
{
    const float one_minus = 1.0f - axis_z * axis_z;
    const float rho = mtl_device_sqrt(one_minus > 0.0f ? one_minus : 0.0f); /* Math.Max(0f, ...) */
    const float half = angle * 0.5f;
    const float s = mtl_device_sin(half), w = mtl_device_cos(half);
    const float x = s * rho * mtl_device_cos(phi), y = s * rho * mtl_device_sin(phi), z = s * axis_z;
    m[0] = 1.0f - 2.0f * (y * y + z * z);
    m[1] = 2.0f * (x * y - w * z);
    m[2] = 2.0f * (x * z + w * y);
    m[3] = 2.0f * (x * y + w * z);
    m[4] = 1.0f - 2.0f * (x * x + z * z);
    m[5] = 2.0f * (y * z - w * x);
    m[6] = 2.0f * (x * z - w * y);
    m[7] = 2.0f * (y * z + w * x);
    m[8] = 1.0f - 2.0f * (x * x + y * y);
}

static float read_value(const mtl_window_augmentation *self, const int8_t *window, int32_t index)
{
    return self->scale * (float)(window[index] - self->zero_point);
}

/* clamp(round half away from zero(value / scale) + zero point, -128, 127); NaN gives the zero point. */
static int8_t quantize(const mtl_window_augmentation *self, float value)
{
    const float steps = roundf(value / self->scale);
    if (steps != steps) return (int8_t)self->zero_point;
    float q = steps + (float)self->zero_point;
    if (q < -128.0f) q = -128.0f;
    if (q > 127.0f) q = 127.0f;
    return (int8_t)q;
}

void mtl_window_augmentation_write_copy(const mtl_window_augmentation *self, const int8_t *window, int8_t *destination, mtl_pcg32 *random)
{
    float m[9];
    const float axis_z = mtl_pcg32_next_symmetric(random, 1.0f);
    const float phi = MTL_TWO_PI * mtl_pcg32_next_float(random);
    const float angle = mtl_pcg32_next_symmetric(random, self->max_angle_radians);
    const float gain = 1.0f + mtl_pcg32_next_symmetric(random, self->gain_spread);
    const int32_t shift = self->max_shift_samples > 0
        ? (int32_t)mtl_pcg32_bounded(random, (uint32_t)(2 * self->max_shift_samples + 1)) - self->max_shift_samples : 0;
    mtl_rotation_matrix(axis_z, phi, angle, m);
    const int32_t steps = self->steps;
    const int32_t start = ((shift % steps) + steps) % steps;
    for (int32_t t = 0; t < steps; t++) {
        const int32_t u = t + start < steps ? t + start : t + start - steps;
        const float x = read_value(self, window, 3 * u), y = read_value(self, window, 3 * u + 1), z = read_value(self, window, 3 * u + 2);
        for (int32_t a = 0; a < 3; a++)
            destination[3 * t + a] = quantize(self, gain * (m[3 * a] * x + m[3 * a + 1] * y + m[3 * a + 2] * z));
    }
}
