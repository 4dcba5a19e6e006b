/* SGD momentum and Adam, elementwise (see mtl_update_rules.h); each line is the C#'s, in its order. */
#include "mtl_device_math.h"
#include "mtl_update_rules.h"

void mtl_sgd_apply(const mtl_sgd_update *rule, float *w, const float *g, float *velocity, int32_t n)
{
    for (int32_t k = 0; k < n; k++) mtl_sgd_apply_one(rule, w + k, velocity + k, g[k]);
}

void mtl_adam_update_init(mtl_adam_update *rule, float beta1, float beta2, float epsilon, float weight_decay, int decoupled,
    float learning_rate, double beta1_power, double beta2_power)
{
    rule->beta1 = beta1;
    rule->beta2 = beta2;
    rule->epsilon = epsilon;
    rule->weight_decay = weight_decay;
    rule->decoupled = decoupled;
    /* Bias correction: m and v start at 0, so early averages are too small by (1 - β^t); folded into two scalars. */
    rule->step_size = (float)((double)learning_rate / (1.0 - beta1_power));
    rule->v_scale = (float)(1.0 / (1.0 - beta2_power));
    rule->one_minus_beta1 = 1.0f - beta1;
    rule->one_minus_beta2 = 1.0f - beta2;
    rule->decay = learning_rate * weight_decay;
}

void mtl_adam_apply(const mtl_adam_update *rule, float *w, const float *g, float *m, float *v, int32_t n)
{
    for (int32_t k = 0; k < n; k++) mtl_adam_apply_one(rule, w + k, m + k, v + k, g[k]);
}
