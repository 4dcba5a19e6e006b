/* One optimizer step on a block of parameters, elementwise, in the float contract's order; mirrors
 * src/MicroTL/Training/SgdMomentum.cs and Adam.cs (the per-parameter expressions; parameters k ascending).
 *
 *   SGD momentum:  g = g_k + λ w_k;  v_k = μ v_k + g;  w_k = w_k - η v_k
 *   Adam:          the step's scalars once, in double, rounded to float: a = (float)(η / (1 - β1^t)),
 *                  s = (float)(1 / (1 - β2^t)); c1 = 1 - β1, c2 = 1 - β2, d = η λ in float; then per parameter
 *                  g = g_k + λ w_k (coupled) or g_k (decoupled); m_k = β1 m_k + c1 g; v_k = β2 v_k + (c2 g) g;
 *                  u = (a m_k) / (sqrt(v_k s) + ε); w_k = w_k - u (coupled) or w_k - (u + d w_k) (decoupled)
 * β^t are running products in double (HeadOptimizer): one multiply a step from 1, never pow. */
#ifndef MTL_UPDATE_RULES_H
#define MTL_UPDATE_RULES_H

#include <stdint.h>

#include "mtl_device_math.h"

/* SGD with momentum and L2 weight decay (SgdMomentum.Step). */
typedef struct {
    float learning_rate, momentum, weight_decay;
} mtl_sgd_update;

/* Adam's scalars of one step t (Adam.Step's, AdamUpdate's). */
typedef struct {
    float beta1, beta2, one_minus_beta1, one_minus_beta2, epsilon, weight_decay, step_size, v_scale, decay;
    int decoupled;
} mtl_adam_update;

/* One parameter's SGD update from its gradient g (the velocity in *first). */
static inline void mtl_sgd_apply_one(const mtl_sgd_update *rule, float *w, float *first, float g)
{
    /* L2 weight decay pulls every weight towards 0 (the authors' regulariser); the velocity smooths the noisy gradient. */
    const float gradient = g + rule->weight_decay * *w;
    const float v = rule->momentum * *first + gradient;
    *first = v;
    *w = *w - rule->learning_rate * v;
}

/* Updates the n parameters w from their gradients g and the velocity. */
void mtl_sgd_apply(const mtl_sgd_update *rule, float *w, const float *g, float *velocity, int32_t n);

/* The scalars of step t from the running products beta1_power = β1^t and beta2_power = β2^t (t >= 1). */
void mtl_adam_update_init(mtl_adam_update *rule, float beta1, float beta2, float epsilon, float weight_decay, int decoupled,
    float learning_rate, double beta1_power, double beta2_power);

/* One parameter's Adam update from its gradient g (m in *first, v in *second). */

static inline void mtl_adam_apply_one(const mtl_adam_update *rule, float *w, float *first, float *second, float g)
{
    const float gradient = rule->decoupled ? g : g + rule->weight_decay * *w;
    const float mk = rule->beta1 * *first + rule->one_minus_beta1 * gradient;
    const float vk = rule->beta2 * *second + rule->one_minus_beta2 * gradient * gradient;
    *first = mk;
    *second = vk;
    /* The corrected mean over the corrected root mean square (and, decoupled, the decay on the weight itself). */
    const float update = rule->step_size * mk / (mtl_device_sqrt(vk * rule->v_scale) + rule->epsilon);
    *w = rule->decoupled ? *w - (update + rule->decay * *w) : *w - update;
}

/* Updates the n parameters w from their gradients g and the moments m and v. */
void mtl_adam_apply(const mtl_adam_update *rule, float *w, const float *g, float *m, float *v, int32_t n);

#endif /* MTL_UPDATE_RULES_H */
