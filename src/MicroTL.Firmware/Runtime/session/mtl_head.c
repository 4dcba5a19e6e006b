/* FloatHead, FusedHeadStep and HeadOptimizer in C (see mtl_head.h): each loop is the C#'s scalar path, in its order. */
#include <string.h>

#include "mtl_device_math.h"
#include "mtl_fixed_order_sum.h"
#include "mtl_head.h"
#include "mtl_softmax_ce.h"

#define LANES 8

int32_t mtl_head_parameter_count(int32_t inputs, int32_t hidden, int32_t classes)
{
    return hidden * inputs + hidden + classes * hidden + classes;
}

void mtl_head_bind(mtl_head *head, int32_t inputs, int32_t hidden, int32_t classes, int32_t max_batch, float *parameters, float *state,
    int32_t state_slots, float *workspace)
{
    head->inputs = inputs;
    head->hidden = hidden;
    head->classes = classes;
    head->max_batch = max_batch;
    head->parameters = parameters;
    head->state = state;
    head->state_slots = state_slots;
    head->workspace = workspace;
}

static float *hidden_of(const mtl_head *head) { return head->workspace; }
static float *probabilities_of(const mtl_head *head) { return head->workspace + head->max_batch * head->hidden; }
static float *hidden_gradients_of(const mtl_head *head) { return head->workspace + head->max_batch * (head->hidden + head->classes); }

/* FullyConnectedFloat.Forward: y[n, o] = FixedOrderDot(x[n, :], W[o, :]) + b[o]. */
static void fc_forward(const float *x, const float *weights, const float *bias, float *y, int32_t batch, int32_t inputs, int32_t outputs)
{
    for (int32_t o = 0; o < outputs; o++) {
        int32_t n = 0;
        for (; n + 2 <= batch; n += 2) { /* two samples per pass over the weight row */
            float first, second;
            mtl_fixed_order_dot2(weights + o * inputs, x + n * inputs, x + (n + 1) * inputs, inputs, &first, &second);
            y[n * outputs + o] = first + bias[o];
            y[(n + 1) * outputs + o] = second + bias[o];
        }
        if (n < batch) y[n * outputs + o] = mtl_fixed_order_dot(weights + o * inputs, x + n * inputs, inputs) + bias[o];
    }
}

/* Relu.Mask: destination = condition > 0 ? value : +0. */
static void mask(const float *condition, const float *value, float *destination, int32_t length)
{
    for (int32_t k = 0; k < length; k++) destination[k] = condition[k] > 0.0f ? value[k] : 0.0f;
}

static void compute_logits(mtl_head *head, const float *x, int32_t batch)
{
    const int32_t i = head->inputs, h = head->hidden, c = head->classes;
    const float *w1 = head->parameters, *b1 = w1 + h * i, *w2 = b1 + h, *b2 = w2 + c * h;
    float *hidden = hidden_of(head);
    fc_forward(x, w1, b1, hidden, batch, i, h);
    mask(hidden, hidden, hidden, batch * h);
    fc_forward(hidden, w2, b2, probabilities_of(head), batch, h, c);
}

float mtl_head_forward(mtl_head *head, const float *x, const int32_t *labels, int32_t batch)
{
    compute_logits(head, x, batch);
    float *p = probabilities_of(head);
    return mtl_softmax_ce_forward(p, p, labels, batch, head->classes);
}

int32_t mtl_head_count_correct(const mtl_head *head, const int32_t *labels, int32_t batch)
{
    const float *p = probabilities_of(head);
    int32_t correct = 0;
    for (int32_t n = 0; n < batch; n++)
        if (mtl_argmax(p + n * head->classes, head->classes) == labels[n]) correct++;
    return correct;
}

int32_t mtl_head_predict(mtl_head *head, const float *x)
{
    compute_logits(head, x, 1);
    return mtl_argmax(probabilities_of(head), head->classes);
}

int mtl_head_parameters_finite(const mtl_head *head)
{
    const int32_t p = mtl_head_parameter_count(head->inputs, head->hidden, head->classes);
    for (int32_t k = 0; k < p; k++)
        if (!(head->parameters[k] - head->parameters[k] == 0.0f)) return 0; /* NaN and the infinities give NaN */
    return 1;
}

void mtl_head_reset_state(mtl_head *head)
{
    const int32_t p = mtl_head_parameter_count(head->inputs, head->hidden, head->classes);
    memset(head->state, 0, (size_t)head->state_slots * (size_t)p * sizeof(float));
}

void mtl_head_optimizer_init(mtl_head_optimizer *optimizer, const mtl_session_config *config)
{
    optimizer->kind = (mtl_optimizer_kind)config->optimizer;
    optimizer->learning_rate = config->learning_rate;
    optimizer->momentum = config->momentum;
    optimizer->weight_decay = config->weight_decay;
    optimizer->beta1 = config->beta1;
    optimizer->beta2 = config->beta2;
    optimizer->epsilon = config->epsilon;
    optimizer->decoupled_weight_decay = config->decoupled_weight_decay;
    mtl_head_optimizer_reset(optimizer);
}

void mtl_head_optimizer_reset(mtl_head_optimizer *optimizer)
{
    optimizer->step_count = 0;
    optimizer->beta1_power = 1.0;
    optimizer->beta2_power = 1.0;
}

/* The rule of the current step: SGD's scalars, or Adam's from t's running products. */
typedef struct {
    int adam;
    mtl_sgd_update sgd;
    mtl_adam_update adam_rule;
} step_rule;

static void apply(const step_rule *rule, float *w, float *first, float *second, float g)
{
    if (rule->adam) mtl_adam_apply_one(&rule->adam_rule, w, first, second, g);
    else mtl_sgd_apply_one(&rule->sgd, w, first, g);
}

/* apply on `count` consecutive parameters, the rule's scalars copied into locals first: the compiler can then keep them
 * in registers (a store through w could otherwise change a float of *rule, as far as it knows). Per parameter the
 * same expressions as apply. */
static void apply_run(const step_rule *rule, float *w, float *first, float *second, const float *g, int32_t count)
{
    if (rule->adam) {
        mtl_adam_update adam = rule->adam_rule;
        if (adam.decoupled) { /* one loop per kind of decay, the test out of the loop */
            adam.decoupled = 1;
            for (int32_t l = 0; l < count; l++) mtl_adam_apply_one(&adam, w + l, first + l, second + l, g[l]);
        } else {
            adam.decoupled = 0;
            for (int32_t l = 0; l < count; l++) mtl_adam_apply_one(&adam, w + l, first + l, second + l, g[l]);
        }
    } else {
        const mtl_sgd_update sgd = rule->sgd;
        for (int32_t l = 0; l < count; l++) mtl_sgd_apply_one(&sgd, w + l, first + l, g[l]);
    }
}

/* The gradients of 8 consecutive parameters k..k+7 of a row (see update_row): g_l = ((0 + a_0 r_0l) + a_1 r_1l) + ...,
 * each g_l the same chain of roundings as one at a time, the coefficient a_j loaded once for the 8 (register blocking). */
static void row_gradients_8(const float *coefficients, int32_t coefficient_stride, const float *rows, int32_t row_stride,
    int32_t terms, float g[LANES])
{
    float g0 = 0.0f, g1 = 0.0f, g2 = 0.0f, g3 = 0.0f, g4 = 0.0f, g5 = 0.0f, g6 = 0.0f, g7 = 0.0f;
    if (coefficients == 0) {
        for (int32_t j = 0; j < terms; j++, rows += row_stride) {
            g0 += rows[0];
            g1 += rows[1];
            g2 += rows[2];
            g3 += rows[3];
            g4 += rows[4];
            g5 += rows[5];
            g6 += rows[6];
            g7 += rows[7];
        }
    } else {
        int32_t j = 0;
        for (; j + 2 <= terms; j += 2, rows += 2 * row_stride, coefficients += 2 * coefficient_stride) {
            /* two terms a step (less loop overhead); each g_l still adds term j, then term j + 1 */
            const float a = coefficients[0], c = coefficients[coefficient_stride];
            const float *next = rows + row_stride;
            g0 += a * rows[0];
            g0 += c * next[0];
            g1 += a * rows[1];
            g1 += c * next[1];
            g2 += a * rows[2];
            g2 += c * next[2];
            g3 += a * rows[3];
            g3 += c * next[3];
            g4 += a * rows[4];
            g4 += c * next[4];
            g5 += a * rows[5];
            g5 += c * next[5];
            g6 += a * rows[6];
            g6 += c * next[6];
            g7 += a * rows[7];
            g7 += c * next[7];
        }
        for (; j < terms; j++, rows += row_stride, coefficients += coefficient_stride) {
            const float a = *coefficients;
            g0 += a * rows[0];
            g1 += a * rows[1];
            g2 += a * rows[2];
            g3 += a * rows[3];
            g4 += a * rows[4];
            g5 += a * rows[5];
            g6 += a * rows[6];
            g7 += a * rows[7];
        }
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    g[3] = g3;
    g[4] = g4;
    g[5] = g5;
    g[6] = g6;
    g[7] = g7;
}

/* FusedHeadStep.UpdateRow: `length` parameters at w, each gradient element g_k = ((0 + a_0 r_0k) + a_1 r_1k) + ... over
 * `terms` rows r_j (row_stride apart) with coefficients a_j = coefficients[j coefficient_stride], or, without coefficients
 * (a bias), g_k = ((0 + r_0k) + r_1k) + ...; then the update. Returns the fixed-order sum of g_k^2. The blocked part
 * takes 8 parameters at a time (row_gradients_8); the rows it reads are never the parameters it updates. */
static float update_row(const step_rule *rule, float *w, float *first, float *second, int32_t length,
    const float *coefficients, int32_t coefficient_stride, const float *rows, int32_t row_stride, int32_t terms)
{
    float squares[LANES] = { 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f };
    const int32_t blocked = length & ~(LANES - 1);
    for (int32_t k = 0; k < blocked; k += LANES) {
        float g[LANES];
        row_gradients_8(coefficients, coefficient_stride, rows + k, row_stride, terms, g);
        for (int32_t l = 0; l < LANES; l++) squares[l] += g[l] * g[l];
        apply_run(rule, w + k, first + k, second + k, g, LANES);
    }
    float sum = ((squares[0] + squares[4]) + (squares[2] + squares[6])) + ((squares[1] + squares[5]) + (squares[3] + squares[7]));
    for (int32_t k = blocked; k < length; k++) {
        float g = 0.0f;
        for (int32_t j = 0; j < terms; j++)
            g += coefficients == 0 ? rows[j * row_stride + k] : coefficients[j * coefficient_stride] * rows[j * row_stride + k];
        sum += g * g;
        apply(rule, w + k, first + k, second + k, g);
    }
    return sum;
}

float mtl_head_train_step(mtl_head *head, const float *x, const int32_t *labels, int32_t batch, mtl_head_optimizer *optimizer)
{
    const int32_t inputs = head->inputs, hidden = head->hidden, classes = head->classes;
    const int32_t p = mtl_head_parameter_count(inputs, hidden, classes);
    float *dz = probabilities_of(head);
    mtl_softmax_ce_backward(dz, labels, dz, batch, classes, 1.0f / (float)batch);

    /* HeadOptimizer.Advance: t + 1, the running products one factor further; then the step's rule. */
    optimizer->step_count++;
    optimizer->beta1_power *= (double)optimizer->beta1;
    optimizer->beta2_power *= (double)optimizer->beta2;
    step_rule rule;
    rule.adam = optimizer->kind == MTL_OPTIMIZER_ADAM;
    rule.sgd.learning_rate = optimizer->learning_rate;
    rule.sgd.momentum = optimizer->momentum;
    rule.sgd.weight_decay = optimizer->weight_decay;
    if (rule.adam)
        mtl_adam_update_init(&rule.adam_rule, optimizer->beta1, optimizer->beta2, optimizer->epsilon, optimizer->weight_decay,
            optimizer->decoupled_weight_decay, optimizer->learning_rate, optimizer->beta1_power, optimizer->beta2_power);

    float *w = head->parameters, *first = head->state, *second = head->state_slots > 1 ? head->state + p : head->state;
    const int32_t w1 = 0, b1 = hidden * inputs, w2 = b1 + hidden, b2 = w2 + classes * hidden;
    const float *h = hidden_of(head);
    float *dh = hidden_gradients_of(head);

    /* dh = dz W2 from the weights of the forward pass, before W2's update; then the ReLU mask. */
    memset(dh, 0, (size_t)batch * (size_t)hidden * sizeof(float));
    for (int32_t n = 0; n < batch; n++)
        for (int32_t k = 0; k < hidden; k++) {
            float sum = dh[n * hidden + k];
            for (int32_t c = 0; c < classes; c++) sum += dz[n * classes + c] * w[w2 + c * hidden + k];
            dh[n * hidden + k] = sum;
        }
    mask(h, dh, dh, batch * hidden);

    float squares = 0.0f;
    for (int32_t o = 0; o < hidden; o++) {
        const int32_t at = w1 + o * inputs;
        squares += update_row(&rule, w + at, first + at, second + at, inputs, dh + o, hidden, x, inputs, batch);
    }
    squares += update_row(&rule, w + b1, first + b1, second + b1, hidden, 0, 0, dh, hidden, batch);
    for (int32_t c = 0; c < classes; c++) {
        const int32_t at = w2 + c * hidden;
        squares += update_row(&rule, w + at, first + at, second + at, hidden, dz + c, classes, h, hidden, batch);
    }
    squares += update_row(&rule, w + b2, first + b2, second + b2, classes, 0, 0, dz, classes, batch);
    return mtl_device_sqrt(squares);
}
