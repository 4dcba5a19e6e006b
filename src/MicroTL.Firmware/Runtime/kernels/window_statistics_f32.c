/* MICROTL_WINDOW_STATISTICS's float kernel; mirrors src/MicroTL/Kernels/WindowStatisticsFloat.cs (Compute, SortAscending,
 * Percentile, Fill) and WindowStatisticsOperator.Quantize, in the same float order (see mtl_kernels.h). Layout: the window
 * is T x 3 values, value[3t + a] (axis a = x, y, z); channels c = x, y, z and the magnitude sqrt((x x + y y) + z z).
 * Output (S = 30, or 46 extended): [6c + 0..5] mean, sd, min, max, range, interquartile range of channel c; [24..26] the
 * correlations xy, xz, yz; [27..29] the axis means over their length; extended: [30 + 4c + 0..3] the 10th, 50th and 90th
 * percentiles and the mean |first difference| of channel c. Only + - * /, sqrtf, compares and roundf: exact in C99 with
 * -ffp-contract=off. */
#include <math.h>

#include "mtl_kernels.h"

#define MTL_STATISTICS_CHEAP 30
#define MTL_STATISTICS_EXTENDED 46
#define MTL_STATISTICS_TINY 1e-9f

/* MotionWindow.At: one multiplication for int8 (exact operands, one rounding). */
static float value_at(const mtl_window_statistics_params *p, const void *window, int32_t index)
{
    if (p->is_quantized) return p->scale * (float)((int32_t)((const int8_t *)window)[index] - p->zero_point);
    return ((const float *)window)[index];
}

static void fill(const mtl_window_statistics_params *p, const void *window, int32_t channel, float *b)
{
    if (channel < 3) {
        for (int32_t t = 0; t < p->steps; t++) b[t] = value_at(p, window, 3 * t + channel);
        return;
    }
    for (int32_t t = 0; t < p->steps; t++) {
        const float x = value_at(p, window, 3 * t), y = value_at(p, window, 3 * t + 1), z = value_at(p, window, 3 * t + 2);
        b[t] = sqrtf(x * x + y * y + z * z);
    }
}

/* SortAscending's sift: the root's value moves down past every larger child. Kept in a register while each child moves
 * up into the hole, it lands where the C#'s swaps put it: the same comparisons in the same order, the same array. */
static void sift_down(float *values, int32_t root, int32_t count)
{
    const float sifted = values[root];
    for (;;) {
        int32_t child = 2 * root + 1;
        if (child >= count) break;
        float larger = values[child];
        if (child + 1 < count && larger < values[child + 1]) larger = values[++child];
        if (!(sifted < larger)) break;
        values[root] = larger;
        root = child;
    }
    values[root] = sifted;
}

/* Heapsort ascending with < only, as SortAscending (a max-heap from the last parent down, then the root to the end). */
static void sort_ascending(float *values, int32_t n)
{
    for (int32_t start = n / 2 - 1; start >= 0; start--) sift_down(values, start, n);
    for (int32_t end = n - 1; end > 0; end--) {
        const float swap = values[0];
        values[0] = values[end];
        values[end] = swap;
        sift_down(values, 0, end);
    }
}

/* Linear interpolation between closest ranks, in float. */
static float percentile(const float *sorted, int32_t n, float q)
{
    const float position = q * (float)(n - 1);
    const int32_t low = (int32_t)position;
    const int32_t high = low + 1 < n - 1 ? low + 1 : n - 1;
    const float fraction = position - (float)low;
    return sorted[low] + fraction * (sorted[high] - sorted[low]);
}

void mtl_window_statistics_f32(const mtl_window_statistics_params *p, const void *window, float *scratch, float *destination)
{
    const int32_t steps = p->steps;
    const int extended = p->statistics >= MTL_STATISTICS_EXTENDED;
    float *b = scratch;
    for (int32_t c = 0; c < 4; c++) {
        fill(p, window, c, b);
        float sum = 0.0f;
        for (int32_t t = 0; t < steps; t++) sum = sum + b[t];
        const float mean = sum / (float)steps;
        float squares = 0.0f;
        for (int32_t t = 0; t < steps; t++) {
            const float d = b[t] - mean;
            squares = squares + d * d;
        }
        float jerk = 0.0f;
        for (int32_t t = 1; t < steps; t++) jerk = jerk + fabsf(b[t] - b[t - 1]);
        sort_ascending(b, steps);
        destination[6 * c] = mean;
        destination[6 * c + 1] = sqrtf(squares / (float)steps);
        destination[6 * c + 2] = b[0];
        destination[6 * c + 3] = b[steps - 1];
        destination[6 * c + 4] = b[steps - 1] - b[0];
        destination[6 * c + 5] = percentile(b, steps, 0.75f) - percentile(b, steps, 0.25f);
        if (!extended) continue;
        destination[MTL_STATISTICS_CHEAP + 4 * c] = percentile(b, steps, 0.1f);
        destination[MTL_STATISTICS_CHEAP + 4 * c + 1] = percentile(b, steps, 0.5f);
        destination[MTL_STATISTICS_CHEAP + 4 * c + 2] = percentile(b, steps, 0.9f);
        destination[MTL_STATISTICS_CHEAP + 4 * c + 3] = jerk / (float)(steps - 1);
    }

    int32_t at = 24;
    for (int32_t a = 0; a < 3; a++) {
        for (int32_t o = a + 1; o < 3; o++) {
            const float mean_a = destination[6 * a], mean_o = destination[6 * o];
            float covariance = 0.0f;
            for (int32_t t = 0; t < steps; t++)
                covariance = covariance + (value_at(p, window, 3 * t + a) - mean_a) * (value_at(p, window, 3 * t + o) - mean_o);
            const float denominator = destination[6 * a + 1] * destination[6 * o + 1] * (float)steps;
            destination[at++] = denominator > MTL_STATISTICS_TINY ? covariance / denominator : 0.0f;
        }
    }
    const float mx = destination[0], my = destination[6], mz = destination[12];
    const float norm = sqrtf(mx * mx + my * my + mz * mz);
    destination[at++] = norm > MTL_STATISTICS_TINY ? mx / norm : 0.0f;
    destination[at++] = norm > MTL_STATISTICS_TINY ? my / norm : 0.0f;
    destination[at] = norm > MTL_STATISTICS_TINY ? mz / norm : 0.0f;
}

void mtl_window_statistics_quantize(const float *statistics, const float *constants, int32_t n, float scale, int32_t zero_point, int8_t *output)
{
    for (int32_t j = 0; j < n; j++) {
        const float z = (statistics[j] - constants[j]) / constants[n + j];
        const float steps = roundf(z / scale); /* half away from zero, as MidpointRounding.AwayFromZero */
        float q;
        if (isnan(steps)) {
            q = (float)zero_point;
        } else {
            q = steps + (float)zero_point;
            q = q < -128.0f ? -128.0f : q > 127.0f ? 127.0f : q;
        }
        output[j] = (int8_t)q;
    }
}
