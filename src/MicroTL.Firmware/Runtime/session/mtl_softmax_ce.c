/* SoftmaxCrossEntropy in C (see mtl_softmax_ce.h). */
#include "mtl_device_math.h"
#include "mtl_softmax_ce.h"

float mtl_softmax_ce_forward(const float *logits, float *probabilities, const int32_t *labels, int32_t batch, int32_t classes)
{
    double loss_sum = 0.0;
    for (int32_t n = 0; n < batch; n++) {
        const float *z = logits + n * classes;
        float *p = probabilities + n * classes;
        const int32_t label = labels[n];
        float max = z[0];
        for (int32_t c = 1; c < classes; c++) if (z[c] > max) max = z[c];
        const float target_shifted = z[label] - max; /* read before p (maybe the same buffer) is written */
        float sum = 0.0f;
        for (int32_t c = 0; c < classes; c++) {
            const float e = mtl_device_exp(z[c] - max);
            p[c] = e;
            sum += e;
        }
        const float inverse = 1.0f / sum;
        for (int32_t c = 0; c < classes; c++) p[c] *= inverse;
        const float loss = mtl_device_log(sum) - target_shifted;
        loss_sum += (double)loss;
    }
    return (float)(loss_sum / batch);
}

void mtl_softmax_ce_backward(const float *probabilities, const int32_t *labels, float *d_logits, int32_t batch, int32_t classes, float scale)
{
    for (int32_t n = 0; n < batch; n++) {
        const int32_t offset = n * classes;
        for (int32_t c = 0; c < classes; c++) d_logits[offset + c] = scale * probabilities[offset + c];
        d_logits[offset + labels[n]] -= scale;
    }
}

int32_t mtl_argmax(const float *row, int32_t length)
{
    int32_t best = 0;
    for (int32_t c = 1; c < length; c++) if (row[c] > row[best]) best = c;
    return best;
}
