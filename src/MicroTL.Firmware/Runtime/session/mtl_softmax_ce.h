/* Softmax followed by cross-entropy over [B, C] rows: the head's loss; mirrors src/MicroTL/Training/SoftmaxCrossEntropy.cs.
 *
 *   forward:  per row n: m = the largest logit (scan c = 1..C-1 from z_0), t = z_y - m; e_c = exp(z_c - m),
 *             s = ((e_0 + e_1) + e_2) + ... in float; r = 1 / s, p_c = e_c r; loss_n = log(s) - t in float.
 *             L = (float)(S / B) with S = sum_n (double)loss_n in double, n ascending. exp, log: mtl_device_math.h.
 *   backward: dz[n, c] = scale p[n, c]; then dz[n, y_n] -= scale (scale = 1 / B for the batch mean). */
#ifndef MTL_SOFTMAX_CE_H
#define MTL_SOFTMAX_CE_H

#include <stdint.h>

/* Writes the probabilities of every row (probabilities may be logits' own buffer); returns the batch mean loss. */
float mtl_softmax_ce_forward(const float *logits, float *probabilities, const int32_t *labels, int32_t batch, int32_t classes);

/* The gradient of scale * sum_n loss_n with respect to the logits. */
void mtl_softmax_ce_backward(const float *probabilities, const int32_t *labels, float *d_logits, int32_t batch, int32_t classes, float scale);

/* The index of the largest value of a row, the lowest on ties (SoftmaxCrossEntropy.ArgMax). */
int32_t mtl_argmax(const float *row, int32_t length);

#endif /* MTL_SOFTMAX_CE_H */
