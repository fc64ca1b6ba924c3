/**
 * The per-step code of the exported C library, a line-for-line port of the fixed-point branch
 * of the chip learner (chip-layer.ts, chip-norm.ts, chip-softmax.ts, chip-dense.ts,
 * chip-optimizer.ts): the same sums at the same fraction bits, rounded in the same order, so
 * the same stochastic draws land on the same numbers. Array and constant names come from
 * `c-export.ts`.
 */

/** The step functions, as C source. */
export const C_STEP = String.raw`
/* Every product term of a sum is aligned to the sum's fraction bits F before adding. */
#define FPS (F_P + F_S)
#define FPE (F_P + F_E)
#define FPT (F_P + F_T)
#define FES (F_E + F_S)
#define FET (F_E + F_T)

static void dense_forward(const olrd_s_t *x, const olrd_p_t *kernel, const olrd_p_t *bias,
                          olrd_s_t *out, int in_dim, int out_dim) {
  int i, o;
  for (o = 0; o < out_dim; o++) {
    int64_t sum = olrd_align(bias[o], F_S);
    for (i = 0; i < in_dim; i++) sum += (int64_t)kernel[i * out_dim + o] * x[i];
    out[o] = (olrd_s_t)Q_S(sum, FPS);
  }
}

static void dense_gradient(const olrd_s_t *x, const olrd_e_t *dy, olrd_a_t *grad_kernel,
                           olrd_a_t *grad_bias, int in_dim, int out_dim) {
  const int F = OLRD_MAX(F_A, FES);
  const int FB = OLRD_MAX(F_A, F_E);
  int i, o;
  for (i = 0; i < in_dim; i++)
    for (o = 0; o < out_dim; o++) {
      int at = i * out_dim + o;
      int64_t v = olrd_align(grad_kernel[at], F - F_A) + olrd_align((int64_t)x[i] * dy[o], F - FES);
      grad_kernel[at] = (olrd_a_t)Q_A(v, F);
    }
  for (o = 0; o < out_dim; o++) {
    int64_t v = olrd_align(grad_bias[o], FB - F_A) + olrd_align(dy[o], FB - F_E);
    grad_bias[o] = (olrd_a_t)Q_A(v, FB);
  }
}

static void norm_forward(int l, const olrd_s_t *z) {
  int i;
  int64_t sum = 0, squares = 0, mean, sd;
  for (i = 0; i < OLRD_D_MODEL; i++) sum += z[i];
  mean = olrd_divide(sum, OLRD_D_MODEL);
  for (i = 0; i < OLRD_D_MODEL; i++) squares += (z[i] - mean) * (z[i] - mean);
  sd = olrd_sqrt(olrd_divide(squares, OLRD_D_MODEL) + OLRD_NORM_EPSILON_RAW);
  if (sd < 1) sd = 1;
  norm_sd[l] = sd;
  for (i = 0; i < OLRD_D_MODEL; i++)
    xhat[l][i] = (olrd_s_t)olrd_clamp(olrd_divide(olrd_align(z[i] - mean, F_S), sd), LO_S, HI_S);
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t v = (int64_t)xhat[l][i] * norm_scale[l][i] + olrd_align(norm_bias[l][i], F_S);
    u[l][i] = (olrd_s_t)Q_S(v, FPS);
  }
}

static void layer_forward(int l, const olrd_s_t *z) {
  int i, j, k;
  norm_forward(l, z);
  for (j = 0; j < OLRD_D_HIDDEN; j++) {
    int64_t re = 0, im = 0, v;
    for (k = 0; k < OLRD_D_MODEL; k++) {
      re += (int64_t)b_re[l][j * OLRD_D_MODEL + k] * u[l][k];
      im += (int64_t)b_im[l][j * OLRD_D_MODEL + k] * u[l][k];
    }
    bu_re[l][j] = (olrd_s_t)Q_S(re, FPS);
    bu_im[l][j] = (olrd_s_t)Q_S(im, FPS);
    v = (int64_t)lambda_re[l][j] * h_re[l][j] - (int64_t)lambda_im[l][j] * h_im[l][j] +
        (int64_t)gamma_[l][j] * bu_re[l][j];
    new_re[l][j] = (olrd_s_t)Q_S(v, FPS);
    v = (int64_t)lambda_re[l][j] * h_im[l][j] + (int64_t)lambda_im[l][j] * h_re[l][j] +
        (int64_t)gamma_[l][j] * bu_im[l][j];
    new_im[l][j] = (olrd_s_t)Q_S(v, FPS);
  }
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t sum = (int64_t)d_[l][i] * u[l][i], y;
    for (j = 0; j < OLRD_D_HIDDEN; j++)
      sum += (int64_t)c_re[l][i * OLRD_D_HIDDEN + j] * new_re[l][j] -
             (int64_t)c_im[l][i * OLRD_D_HIDDEN + j] * new_im[l][j];
    y = Q_S(sum, FPS);
    out[l][i] = (olrd_s_t)Q_S((int64_t)z[i] + y, F_S);
  }
}

static uint32_t exp2_q16(int64_t t, int frac) {
  int64_t whole = olrd_floor_shift(t, frac);
  int64_t fraction = (t - olrd_align(whole, frac)) >> (frac - 16);
  int64_t poly = (OLRD_EXP2_C3 * fraction) >> 16;
  poly = ((OLRD_EXP2_C2 + poly) * fraction) >> 16;
  poly = ((OLRD_EXP2_C1 + poly) * fraction) >> 16;
  if (-whole >= 31) return 0;
  return (uint32_t)((65536 + poly) >> (-whole));
}

static void head_forward(const int32_t *target) {
  int head, c;
  for (head = 0; head < OLRD_HEADS; head++) {
    const int base = head * OLRD_CLASSES;
    int best = 0;
    int64_t sum = 0;
    for (c = 1; c < OLRD_CLASSES; c++)
      if (logits[base + c] > logits[base + best]) best = c;
    olrd_prediction[head] = best;
    if (target == 0) continue;
    for (c = 0; c < OLRD_CLASSES; c++) {
      exps[c] = exp2_q16(((int64_t)logits[base + c] - logits[base + best]) * OLRD_LOG2E_Q16, F_S + 16);
      sum += exps[c];
    }
    for (c = 0; c < OLRD_CLASSES; c++) {
      int64_t numerator = (int64_t)exps[c] - (c == target[head] ? sum : 0);
      delta[base + c] = (olrd_e_t)olrd_clamp(
          olrd_divide(olrd_align(numerator, F_E), sum * OLRD_HEADS), LO_E, HI_E);
    }
  }
}

static void norm_backward(int l, olrd_e_t *dz) {
  const int FA1 = OLRD_MAX(F_A, FES);
  const int FA2 = OLRD_MAX(F_A, F_E);
  int i;
  int64_t sum_grad = 0, sum_grad_xhat = 0, mean_grad, mean_grad_xhat;
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t v = olrd_align(g_norm_scale[l][i], FA1 - F_A) +
                olrd_align((int64_t)du[i] * xhat[l][i], FA1 - FES);
    g_norm_scale[l][i] = (olrd_a_t)Q_A(v, FA1);
    v = olrd_align(g_norm_bias[l][i], FA2 - F_A) + olrd_align(du[i], FA2 - F_E);
    g_norm_bias[l][i] = (olrd_a_t)Q_A(v, FA2);
    dxhat[i] = (olrd_e_t)Q_E((int64_t)du[i] * norm_scale[l][i], FPE);
    sum_grad += dxhat[i];
    sum_grad_xhat += (int64_t)dxhat[i] * xhat[l][i];
  }
  mean_grad = olrd_clamp(olrd_divide(sum_grad, OLRD_D_MODEL), LO_E, HI_E);
  mean_grad_xhat = olrd_clamp(olrd_divide(sum_grad_xhat, olrd_align(OLRD_D_MODEL, F_S)), LO_E, HI_E);
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t bracket = olrd_align(dxhat[i] - mean_grad, F_S) - (int64_t)xhat[l][i] * mean_grad_xhat;
    int64_t term = olrd_clamp(olrd_divide(bracket, norm_sd[l]), LO_E, HI_E);
    dz[i] = (olrd_e_t)Q_E((int64_t)dz[i] + term, F_E);
  }
}

static void layer_backward(int l, const olrd_e_t *d_out, olrd_e_t *d_in) {
  const int FAS = OLRD_MAX(F_A, FES);
  int i, j, k;
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t v = olrd_align(g_d[l][i], FAS - F_A) + olrd_align((int64_t)d_out[i] * u[l][i], FAS - FES);
    g_d[l][i] = (olrd_a_t)Q_A(v, FAS);
    for (j = 0; j < OLRD_D_HIDDEN; j++) {
      int at = i * OLRD_D_HIDDEN + j;
      v = olrd_align(g_c_re[l][at], FAS - F_A) + olrd_align((int64_t)d_out[i] * new_re[l][j], FAS - FES);
      g_c_re[l][at] = (olrd_a_t)Q_A(v, FAS);
      v = olrd_align(g_c_im[l][at], FAS - F_A) - olrd_align((int64_t)d_out[i] * new_im[l][j], FAS - FES);
      g_c_im[l][at] = (olrd_a_t)Q_A(v, FAS);
    }
  }
  for (j = 0; j < OLRD_D_HIDDEN; j++) {
    int64_t re = 0, im = 0;
    for (i = 0; i < OLRD_D_MODEL; i++) {
      re += (int64_t)c_re[l][i * OLRD_D_HIDDEN + j] * d_out[i];
      im -= (int64_t)c_im[l][i * OLRD_D_HIDDEN + j] * d_out[i];
    }
    g_re[j] = (olrd_e_t)Q_E(re, FPE);
    g_im[j] = (olrd_e_t)Q_E(im, FPE);
    gs_re[j] = (olrd_e_t)Q_E((int64_t)gamma_[l][j] * g_re[j], FPE);
    gs_im[j] = (olrd_e_t)Q_E((int64_t)gamma_[l][j] * g_im[j], FPE);
  }
  for (k = 0; k < OLRD_D_MODEL; k++) {
    int64_t sum = (int64_t)d_[l][k] * d_out[k];
    for (j = 0; j < OLRD_D_HIDDEN; j++)
      sum += (int64_t)b_re[l][j * OLRD_D_MODEL + k] * gs_re[j] +
             (int64_t)b_im[l][j * OLRD_D_MODEL + k] * gs_im[j];
    du[k] = (olrd_e_t)Q_E(sum, FPE);
  }
  for (i = 0; i < OLRD_D_MODEL; i++) d_in[i] = d_out[i];
  norm_backward(l, d_in);
}

static void advance_traces(int l, int with_error) {
  const int FT1 = OLRD_MAX(FPT, F_S);
  const int FA1 = OLRD_MAX(F_A, FET);
  const int FT2 = OLRD_MAX(FPT, FPS);
  int j, k;
  for (j = 0; j < OLRD_D_HIDDEN; j++) {
    const int64_t lr = lambda_re[l][j], li = lambda_im[l][j], gamma = gamma_[l][j];
    int64_t a = trace_lambda_re[l][j], b = trace_lambda_im[l][j];
    int64_t c = trace_gamma_re[l][j], d = trace_gamma_im[l][j], v, gr, gi;
    v = olrd_align(lr * a - li * b, FT1 - FPT) + olrd_align(h_re[l][j], FT1 - F_S);
    trace_lambda_re[l][j] = (olrd_t_t)Q_T(v, FT1);
    v = olrd_align(lr * b + li * a, FT1 - FPT) + olrd_align(h_im[l][j], FT1 - F_S);
    trace_lambda_im[l][j] = (olrd_t_t)Q_T(v, FT1);
    v = olrd_align(lr * c - li * d, FT1 - FPT) + olrd_align(bu_re[l][j], FT1 - F_S);
    trace_gamma_re[l][j] = (olrd_t_t)Q_T(v, FT1);
    v = olrd_align(lr * d + li * c, FT1 - FPT) + olrd_align(bu_im[l][j], FT1 - F_S);
    trace_gamma_im[l][j] = (olrd_t_t)Q_T(v, FT1);
    gr = with_error ? g_re[j] : 0;
    gi = with_error ? g_im[j] : 0;
    if (with_error) {
      const int64_t lam_re = trace_lambda_re[l][j], lam_im = trace_lambda_im[l][j];
      v = olrd_align(g_lambda_re[l][j], FA1 - F_A) + olrd_align(gr * lam_re + gi * lam_im, FA1 - FET);
      g_lambda_re[l][j] = (olrd_a_t)Q_A(v, FA1);
      v = olrd_align(g_lambda_im[l][j], FA1 - F_A) + olrd_align(gi * lam_re - gr * lam_im, FA1 - FET);
      g_lambda_im[l][j] = (olrd_a_t)Q_A(v, FA1);
      v = olrd_align(g_gamma[l][j], FA1 - F_A) +
          olrd_align(gr * trace_gamma_re[l][j] + gi * trace_gamma_im[l][j], FA1 - FET);
      g_gamma[l][j] = (olrd_a_t)Q_A(v, FA1);
    }
    for (k = 0; k < OLRD_D_MODEL; k++) {
      const int at = j * OLRD_D_MODEL + k;
      const int64_t er = trace_b_re[l][at], ei = trace_b_im[l][at];
      int64_t nr, ni;
      v = olrd_align(lr * er - li * ei, FT2 - FPT) + olrd_align(gamma * u[l][k], FT2 - FPS);
      trace_b_re[l][at] = (olrd_t_t)Q_T(v, FT2);
      trace_b_im[l][at] = (olrd_t_t)Q_T(lr * ei + li * er, FPT);
      if (!with_error) continue;
      nr = trace_b_re[l][at];
      ni = trace_b_im[l][at];
      v = olrd_align(g_b_re[l][at], FA1 - F_A) + olrd_align(gr * nr + gi * ni, FA1 - FET);
      g_b_re[l][at] = (olrd_a_t)Q_A(v, FA1);
      v = olrd_align(g_b_im[l][at], FA1 - F_A) + olrd_align(gi * nr - gr * ni, FA1 - FET);
      g_b_im[l][at] = (olrd_a_t)Q_A(v, FA1);
    }
  }
}

static void forward(const olrd_s_t *input) {
  int i, l;
  const olrd_s_t *z = encoded;
  for (i = 0; i < OLRD_D_INPUT; i++) x[i] = input[i];
  dense_forward(x, encoder_kernel, encoder_bias, encoded, OLRD_D_INPUT, OLRD_D_MODEL);
  for (l = 0; l < OLRD_LAYERS; l++) {
    layer_forward(l, z);
    z = out[l];
  }
  dense_forward(z, decoder_kernel, decoder_bias, logits, OLRD_D_MODEL, OLRD_OUTPUTS);
}

static void commit_state(void) {
  int l, j;
  for (l = 0; l < OLRD_LAYERS; l++)
    for (j = 0; j < OLRD_D_HIDDEN; j++) {
      h_re[l][j] = new_re[l][j];
      h_im[l][j] = new_im[l][j];
    }
}

int32_t olrd_predict(const olrd_s_t input[OLRD_D_INPUT]) {
  int l;
  forward(input);
  head_forward(0);
  for (l = 0; l < OLRD_LAYERS; l++) advance_traces(l, 0);
  commit_state();
  return olrd_prediction[0];
}

int olrd_step(const olrd_s_t input[OLRD_D_INPUT], const int32_t target[OLRD_HEADS]) {
  int l, i, head, correct = 0;
  olrd_e_t *d_out = error_top, *d_in = error_below, *swap;
  forward(input);
  head_forward(target);
  for (head = 0; head < OLRD_HEADS; head++) correct += olrd_prediction[head] == target[head];
  for (i = 0; i < (int)(sizeof olrd_gradients / sizeof olrd_gradients[0]); i++) {
    int32_t n;
    for (n = 0; n < (int32_t)olrd_gradients[i].length; n++) olrd_gradients[i].data[n] = 0;
  }
  dense_gradient(out[OLRD_LAYERS - 1], delta, g_decoder_kernel, g_decoder_bias, OLRD_D_MODEL, OLRD_OUTPUTS);
  for (i = 0; i < OLRD_D_MODEL; i++) {
    int64_t sum = 0;
    int o;
    for (o = 0; o < OLRD_OUTPUTS; o++) sum += (int64_t)decoder_kernel[i * OLRD_OUTPUTS + o] * delta[o];
    error_top[i] = (olrd_e_t)Q_E(sum, FPE);
  }
  for (l = OLRD_LAYERS - 1; l >= 0; l--) {
    layer_backward(l, d_out, d_in);
    advance_traces(l, 1);
    swap = d_out;
    d_out = d_in;
    d_in = swap;
  }
  dense_gradient(x, d_out, g_encoder_kernel, g_encoder_bias, OLRD_D_INPUT, OLRD_D_MODEL);
  commit_state();
  olrd_update();
  return correct;
}

void olrd_reset_state(void) {
  int l, j;
  for (l = 0; l < OLRD_LAYERS; l++) {
    for (j = 0; j < OLRD_D_HIDDEN; j++) {
      h_re[l][j] = h_im[l][j] = 0;
      trace_lambda_re[l][j] = trace_lambda_im[l][j] = 0;
      trace_gamma_re[l][j] = trace_gamma_im[l][j] = 0;
    }
    for (j = 0; j < OLRD_D_HIDDEN * OLRD_D_MODEL; j++) trace_b_re[l][j] = trace_b_im[l][j] = 0;
  }
}
`;
