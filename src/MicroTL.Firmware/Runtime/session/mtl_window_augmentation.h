/* Perturbed copies of a labelled 3-axis window (src/MicroTL/Features/WindowAugmentation.cs, bit for bit): each copy
 * rotated about a random axis, scaled by a random gain and shifted circularly in time, written into the model's input
 * tensor (T x 3 int8 values, value[3t + a]) for the body to turn into one more record.
 *
 *   draws of one copy, in order, from the run's PCG32 (stream MTL_STREAM_AUGMENTATION): z = symmetric(1),
 *   phi = 2pi u, theta = symmetric(max angle), gain = 1 + symmetric(gain spread), shift = bounded(2 S + 1) - S;
 *   the quaternion (cos h, sin h rho cos phi, sin h rho sin phi, sin h z), h = theta / 2, rho = sqrt(max(0, 1 - z z)),
 *   its row-major matrix m; output t = input u = (t + shift) mod T: out_a = g ((m[a,0] x + m[a,1] y) + m[a,2] z) of the
 *   dequantized input, requantized clamp(roundf(out / scale) + zero_point, -128, 127) (NaN: the zero point). */
#ifndef MTL_WINDOW_AUGMENTATION_H
#define MTL_WINDOW_AUGMENTATION_H

#include <stdint.h>

#include "mtl_pcg32.h"

/* The recipe's perturbations (WindowAugmentation's defaults): 10 degrees, gains in [0.9, 1.1], shifts up to 50 samples. */
#define MTL_AUGMENT_MAX_ANGLE_RADIANS (10.0f * (3.14159265358979323846f / 180.0f))
#define MTL_AUGMENT_GAIN_SPREAD 0.1f
#define MTL_AUGMENT_MAX_SHIFT_SAMPLES 50

typedef struct {
    int32_t steps;              /* T */
    float scale;                /* the input's quantization */
    int32_t zero_point;
    float max_angle_radians, gain_spread;
    int32_t max_shift_samples;
} mtl_window_augmentation;

/* The rotation matrix (row-major m[9]) about the axis (rho cos phi, rho sin phi, z) by `angle` (WindowAugmentation.RotationMatrix). */
void mtl_rotation_matrix(float axis_z, float phi, float angle, float *m);

/* Writes one perturbed copy of `window` (3 T int8 values) into `destination` (another 3 T bytes). */
void mtl_window_augmentation_write_copy(const mtl_window_augmentation *self, const int8_t *window, int8_t *destination, mtl_pcg32 *random);

#endif /* MTL_WINDOW_AUGMENTATION_H */
