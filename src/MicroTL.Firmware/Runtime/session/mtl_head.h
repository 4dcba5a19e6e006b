/* The float32 head trained on the device, FC(I -> H) -> ReLU -> FC(H -> C) -> softmax cross-entropy, and its optimizer;
 * mirrors src/MicroTL/Training/FloatHead.cs (the forward pass and the backward pass fused with the update), FusedHeadStep.cs,
 * HeadOptimizer.cs and HeadWorkspace.cs. Legend: B batch (at most the workspace's), I inputs, H hidden, C classes.
 *
 *   parameters  W1 [H, I] | b1 [H] | W2 [C, H] | b2 [C]         P = H I + H + C H + C floats (ParameterLayout)
 *   state       S blocks of P floats: SGD's velocity, or Adam's m then v
 *   workspace   hidden [B, H] | probabilities [B, C] | dHidden [B, H]
 *
 * Forward (the float contract): y[n, o] = FixedOrderDot(x[n, :], W[o, :]) + b[o] for FC1 and FC2, ReLU in between
 * (h = h > 0 ? h : +0), then softmax cross-entropy (mtl_softmax_ce.h). The train step: dz = (p - onehot(y)) / B in place of
 * p; t += 1 (the optimizer's running products); dh[n, :] = ((0 + dz[n, 0] W2[0, :]) + dz[n, 1] W2[1, :]) + ..., c ascending,
 * before W2 changes; dh = h > 0 ? dh : 0; then the rows in buffer order, W1's rows, b1, W2's rows, b2: each gradient
 * element g = ((0 + a_0 r_0) + a_1 r_1) + ... over the batch n ascending (W1 row o: a_n = dh[n, o], r_n = x[n, :]; b1:
 * g = ((0 + dh[0, :]) + dh[1, :]) + ...; W2 and b2 alike with dz and h), then the element's update (mtl_update_rules.h).
 * The squared gradient norm: a float sum from 0 over the rows in that order of each row's fixed-order sum of g^2 (8
 * partial sums over k % 8, folded in halves, the tail in order; b1 and b2 one row each); the norm its square root. */
#ifndef MTL_HEAD_H
#define MTL_HEAD_H

#include <stdint.h>

#include "mtl_session_config.h"
#include "mtl_update_rules.h"

/* The optimizer's own state (HeadOptimizer): the step count t, Adam's running products β1^t and β2^t in double, and the
 * learning rate in use (a divergence retry halves it). */
typedef struct {
    mtl_optimizer_kind kind;
    float learning_rate, momentum, weight_decay, beta1, beta2, epsilon;
    int decoupled_weight_decay;
    int64_t step_count;
    double beta1_power, beta2_power;
} mtl_head_optimizer;

typedef struct {
    int32_t inputs, hidden, classes, max_batch;
    float *parameters;                  /* [P] */
    float *state;                       /* [S P] */
    int32_t state_slots;
    float *workspace;                   /* [max_batch (2H + C)] */
} mtl_head;

/* P = H I + H + C H + C. */
int32_t mtl_head_parameter_count(int32_t inputs, int32_t hidden, int32_t classes);

/* Binds a head to its buffers (nothing is cleared). */
void mtl_head_bind(mtl_head *head, int32_t inputs, int32_t hidden, int32_t classes, int32_t max_batch, float *parameters, float *state,
    int32_t state_slots, float *workspace);

/* Forward with loss for `batch` samples x [batch, I] with `labels`: leaves hidden and the probabilities in the workspace;
 * returns the batch mean cross-entropy. */
float mtl_head_forward(mtl_head *head, const float *x, const int32_t *labels, int32_t batch);

/* How many of the last forward's predictions (argmax p) equal the labels. */
int32_t mtl_head_count_correct(const mtl_head *head, const int32_t *labels, int32_t batch);

/* One training step for the batch of the last forward (same inputs and labels): the backward pass fused with the
 * optimizer's update; returns the L2 norm of the batch-mean gradient (NaN when a gradient is NaN). */
float mtl_head_train_step(mtl_head *head, const float *x, const int32_t *labels, int32_t batch, mtl_head_optimizer *optimizer);

/* The predicted class of one sample: argmax of the logits (FloatHead.Predict). */
int32_t mtl_head_predict(mtl_head *head, const float *x);

/* 1 when every parameter is finite. */
int mtl_head_parameters_finite(const mtl_head *head);

/* Zeroes the optimizer state, keeping the parameters (HeadParameters.ResetTrainingState). */
void mtl_head_reset_state(mtl_head *head);

/* The optimizer of `config`'s settings, t = 0 and the full learning rate. */
void mtl_head_optimizer_init(mtl_head_optimizer *optimizer, const mtl_session_config *config);

/* Sets t (0 for a new run or a rollback): the running products start again from 1. */
void mtl_head_optimizer_reset(mtl_head_optimizer *optimizer);

#endif /* MTL_HEAD_H */
