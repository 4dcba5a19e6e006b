/* SOFTMAX, int8 in, int8 out (scale 1/256, zero point -128) on gemmlowp fixed point; mirrors
 * SoftmaxInt8.Run (src/MicroTL/Kernels/SoftmaxInt8.cs), bit-exact with TFLite's reference
 * Softmax<int8, int8>.
 *
 * Layouts: input [R, D], output [R, D]; the softmax runs over the last axis D. Per row:
 *   diff = x - max(row); entries with diff < diff_min output -128; the others compute
 *   e = exp_Q5(SRDHM(diff·2^input_left_shift, input_multiplier)), Σ e in Q12.19, and output
 *   clamp(RoundingDivideByPOT(SRDHM(recip(Σ e), e), bits_over_unit + 23) - 128, -128, 127). */
#include "mtl_fixed_point_math.h"
#include "mtl_kernels.h"
#include "mtl_quantization_math.h"

enum { scaled_diff_integer_bits = 5, accumulation_integer_bits = 12 };

void mtl_softmax_s8_compute_params(double beta, double input_scale, mtl_softmax_s8_params *params)
{
    mtl_preprocess_softmax_scaling(beta, input_scale, scaled_diff_integer_bits, &params->input_multiplier, &params->input_left_shift);
    params->diff_min = (int32_t)(-1.0 * mtl_calculate_input_radius(scaled_diff_integer_bits, params->input_left_shift));
}

void mtl_softmax_s8(const mtl_softmax_s8_params *params, const int8_t *input, int8_t *output)
{
    const int32_t depth = params->depth;
    for (int32_t r = 0; r < params->rows; r++) {
        const int8_t *x = input + r * depth;
        int8_t *y = output + r * depth;
        int32_t max = x[0];
        for (int32_t c = 1; c < depth; c++) max = x[c] > max ? x[c] : max;

        int32_t sum_of_exps = 0; /* Q12.19 */
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = x[c] - max;
            if (diff >= params->diff_min) {
                const int32_t scaled = mtl_multiply_by_quantized_multiplier_greater_than_one(
                    diff, params->input_multiplier, params->input_left_shift);
                sum_of_exps = mtl_wrapping_add(sum_of_exps, mtl_saturating_rounding_multiply_by_pot(
                    mtl_exp_on_negative_values_q5(scaled), -accumulation_integer_bits));
            }
        }

        int32_t num_bits_over_unit;
        const int32_t shifted_scale = mtl_get_reciprocal(sum_of_exps, accumulation_integer_bits, &num_bits_over_unit);
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = x[c] - max;
            if (diff >= params->diff_min) {
                const int32_t scaled = mtl_multiply_by_quantized_multiplier_greater_than_one(
                    diff, params->input_multiplier, params->input_left_shift);
                const int32_t exp = mtl_exp_on_negative_values_q5(scaled);
                const int32_t unsat = mtl_rounding_divide_by_pot(
                    mtl_saturating_rounding_doubling_high_mul(shifted_scale, exp), num_bits_over_unit + 31 - 8);
                int32_t shifted = unsat + INT8_MIN;
                shifted = shifted < INT8_MAX ? shifted : INT8_MAX;
                shifted = shifted > INT8_MIN ? shifted : INT8_MIN;
                y[c] = (int8_t)shifted;
            } else {
                y[c] = INT8_MIN;
            }
        }
    }
}
