/* gemmlowp's fixed-point exp and reciprocal, as src/MicroTL/Kernels/FixedPointMath.cs. */
#include "mtl_fixed_point_math.h"
#include "mtl_quantization_math.h"

static int32_t mul(int32_t a, int32_t b)
{
    return mtl_saturating_rounding_doubling_high_mul(a, b);
}

int32_t mtl_saturating_rounding_multiply_by_pot(int32_t x, int32_t exponent)
{
    if (exponent == 0) return x;
    if (exponent < 0) return mtl_rounding_divide_by_pot(x, -exponent);
    int32_t threshold = (int32_t)((INT64_C(1) << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

int32_t mtl_rounding_half_sum(int32_t a, int32_t b)
{
    int64_t sum = (int64_t)a + b;
    int64_t sign = sum >= 0 ? 1 : -1;
    return (int32_t)((sum + sign) / 2);
}

int32_t mtl_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a)
{
    const int32_t constant_term = 1895147668;        /* exp(-1/8) in Q0.31 */
    const int32_t constant_one_over_three = 715827883;
    int32_t x = mtl_wrapping_add(a, 1 << 28);
    int32_t x2 = mul(x, x);
    int32_t x3 = mul(x2, x);
    int32_t x4 = mul(x2, x2);
    int32_t x4_over_4 = mtl_saturating_rounding_multiply_by_pot(x4, -2);
    int32_t poly = mtl_saturating_rounding_multiply_by_pot(
        mtl_wrapping_add(mul(mtl_wrapping_add(x4_over_4, x3), constant_one_over_three), x2), -1);
    return mtl_wrapping_add(constant_term, mul(constant_term, mtl_wrapping_add(x, poly)));
}

/* Multiplies by exp(-2^k) when bit k of the remainder is set: one step of the barrel shifter. */
static int32_t barrel(int32_t result, int32_t remainder, int32_t shift_amount, int32_t multiplier)
{
    return (remainder & (1 << shift_amount)) != 0 ? mul(result, multiplier) : result;
}

int32_t mtl_exp_on_negative_values_q5(int32_t a)
{
    enum { integer_bits = 5, fractional_bits = 31 - integer_bits };
    const int32_t one_quarter = 1 << (fractional_bits - 2);
    const int32_t mask = one_quarter - 1;
    int32_t a_mod_quarter_minus_one_quarter = mtl_wrapping_add(a & mask, -one_quarter);
    int32_t result = mtl_exp_on_interval_between_negative_one_quarter_and_0_excl(
        mtl_saturating_rounding_multiply_by_pot(a_mod_quarter_minus_one_quarter, integer_bits));
    int32_t remainder = (int32_t)((uint32_t)a_mod_quarter_minus_one_quarter - (uint32_t)a);

    /* exp(-1/4), exp(-1/2), exp(-1), exp(-2), exp(-4), exp(-8), exp(-16) in Q0.31. */
    result = barrel(result, remainder, fractional_bits - 2, 1672461947);
    result = barrel(result, remainder, fractional_bits - 1, 1302514674);
    result = barrel(result, remainder, fractional_bits + 0, 790015084);
    result = barrel(result, remainder, fractional_bits + 1, 290630308);
    result = barrel(result, remainder, fractional_bits + 2, 39332535);
    result = barrel(result, remainder, fractional_bits + 3, 720401);
    result = barrel(result, remainder, fractional_bits + 4, 242);
    return a == 0 ? INT32_MAX : result;
}

int32_t mtl_one_over_one_plus_x_for_x_in_01(int32_t a)
{
    const int32_t one_q2 = 1 << 29;
    const int32_t constant_48_over_17 = 1515870810;      /* Q2.29 */
    const int32_t constant_neg_32_over_17 = -1010580540; /* Q2.29 */
    int32_t half_denominator = mtl_rounding_half_sum(a, INT32_MAX); /* (a + 1) / 2 in Q0.31 */
    int32_t x = mtl_wrapping_add(constant_48_over_17, mul(half_denominator, constant_neg_32_over_17));
    for (int i = 0; i < 3; i++) {
        int32_t half_denominator_times_x = mul(half_denominator, x);           /* Q2.29 */
        int32_t one_minus_half_denominator_times_x = (int32_t)((uint32_t)one_q2 - (uint32_t)half_denominator_times_x);
        /* Q2·Q2 = Q4; Rescale<2> brings it back by a saturating ×4. */
        x = mtl_wrapping_add(x, mtl_saturating_rounding_multiply_by_pot(mul(x, one_minus_half_denominator_times_x), 2));
    }
    /* ExactMulByPot<-1> reinterprets Q2.29 as Q1.30; Rescale<0> then saturates ×2. */
    return mtl_saturating_rounding_multiply_by_pot(x, 1);
}

/* Leading zero bits of x; 32 for 0 (C#: BitOperations.LeadingZeroCount). */
static int32_t leading_zeros(uint32_t x)
{
    return x == 0 ? 32 : __builtin_clz(x);
}

int32_t mtl_get_reciprocal(int32_t x, int32_t x_integer_digits, int32_t *num_bits_over_unit)
{
    int32_t headroom_plus_one = leading_zeros((uint32_t)x);
    *num_bits_over_unit = x_integer_digits - headroom_plus_one;
    /* The shift counts modulo 32 as C#'s does (only a zero sum shifts by 32). */
    int32_t shifted_sum_minus_one = (int32_t)(((uint32_t)x << (headroom_plus_one & 31)) - (UINT32_C(1) << 31));
    return mtl_one_over_one_plus_x_for_x_in_01(shifted_sum_minus_one);
}
