/** Help texts of `olrd` and its commands. */
import { RULE_NAMES } from '@olrd/rules';
import { configFlagHelp, flagHelp } from '@olrd/train';
import { RUN_FOLDER_FIELDS } from './commands/run-flags.js';

/** `olrd --help`. */
export function mainHelp(version: string): string {
  return `olrd ${version}: train recurrent networks online (online learning of long-range dependencies)

usage: olrd <command> [flags]

commands:
  train   train a model (no flags: the quick-start copy task with online_full)
  grad    compute one batch's gradient under a learning rule and save it as safetensors
  align   compare rules' gradients with BPTT's on one batch (cosine, relative norm, norm)
  plot    draw loss, accuracy and gradient-alignment curves of a run folder as SVG
  stream  learn online on a generated stream (prequential: predict, score, then learn)
  sweep   run a sweep file (W&B format) on a local pool, or through a Redis queue; restartable
  worker  run queued sweep jobs (olrd sweep --queue) on this machine
  report  tables (mean ± std over seeds, best per method) and plots of a sweep folder
  data    list, download and inspect datasets (olrd data --help)
  config  the JSON Schema of config files, for editors (olrd config schema)
  chip    on-chip learning: memory budgets per rule in chosen number formats, the precision study
  export  write the on-chip learner as a C99 library (olrd export --target c RUN --out DIR)

flags:
  -h, --help      show help (also 'olrd <command> --help')
  -v, --version   print the version

examples:
  olrd train
  olrd train --config experiments/copy/quickstart.yaml --rule bptt --epochs 3
  olrd stream --task drift --update-every 1
  olrd stream --task drift --precision int8 --out runs/int8 && olrd export --target c runs/int8 --out olrd-c
  olrd chip budget --precision int8 --d-model 16 --d-hidden 16
  olrd sweep experiments/reduced/copy-rules.yaml --workers 2
  olrd data download sfmnist && olrd train --task rfmnist --mode pool_st
  olrd grad --params run/best.safetensors --batch batch.safetensors --rule online_full --out grads.safetensors
  olrd align --params run/best.safetensors --rules online_full,online_spatial
  olrd train --log-n-batches 20 --out runs/copy && olrd plot runs/copy
`;
}

/** `olrd train --help`. */
export function trainHelp(): string {
  return `usage: olrd train [--config FILE] [flags]

Trains a model and writes a run folder: config.json (the resolved config), metrics.jsonl (one
JSON object per logged step and per epoch), best.safetensors (lowest val loss),
checkpoint.safetensors (the resumable state) and summary.json. Settings resolve as defaults <-
--config file (JSON or YAML) <- flags. Flags mirror the reference implementation's names in
kebab-case; booleans take exactly 'true' or 'false'. The resumable state is also saved after each
epoch; a resumed run continues with the same next batch, schedule, optimiser state and RNG.

  --config FILE   JSON or YAML config (keys in camelCase, snake_case or kebab-case)
  -h, --help      show this help

${flagHelp(RUN_FOLDER_FIELDS)}

${configFlagHelp()}
`;
}

/** `olrd grad --help`. */
export function gradHelp(): string {
  return `usage: olrd grad --params P.safetensors --batch B.safetensors --rule RULE --out G.safetensors [flags]

Computes the gradient that a learning rule gives for one batch (dropout off) and writes it with
the parameters' names; the loss goes into the file's __metadata__ ("loss").

  --params FILE      model parameters (spec-0 names, e.g. best.safetensors of a run)
  --batch FILE       safetensors with x [B,T,d_input] F32, y [B] | [B,T] | [B,T,multidim] I32, mask [B,T] F32
  --rule RULE        learning rule (alias --training-mode): ${RULE_NAMES.join(', ')}
  --out FILE         where to write the gradients
  --truncation K     tbptt, dni: steps per chunk (default 10)
  --max-sensitivity-mib M   rtrl: refuse models whose sensitivities exceed M MiB (default 256)
  --execution MODE   sequence (default) or streaming
  --backend NAME     tensor backend (default auto)
  -h, --help         show this help

Sizes are inferred from the tensor shapes. Architecture options (--layer-cls, --rnn-activation,
--activation-fn, --prenorm, --mode, --r-min, --r-max, --max-phase) come from the params file's
metadata when it has them, else from the defaults; flags override both.
`;
}

/** `olrd align --help`. */
export function alignHelp(rules: readonly string[]): string {
  return `usage: olrd align --params P.safetensors [--batch B.safetensors | --task NAME] [flags]

Computes BPTT's gradient and each rule's gradient on the same batch, with the same parameters
and dropout seed, and compares them (spec 1 §4.6, the paper's Figure 2): cosine similarity
<a, b>/(|a| |b|), relative norm |a|/|b| and norm |a| of the rule's gradient a against BPTT's b,
overall, per layer, their mean over layers and (--verbose) per module. Prints a table, or JSON.

  --params FILE        model parameters (e.g. best.safetensors of a run)
  --batch FILE         safetensors with x, y and mask, as olrd grad takes it
  --task NAME          or draw the batch from this task's training split (default: the task in
                       the checkpoint's train_config; its data settings apply, flags override)
  --seed S             seed of that draw (default 0)
  --bsz N              sequences in that draw (default: the checkpoint's bsz)
  --rules LIST         comma-separated rules (default: every online rule); tbptt:K (dni:K) means
                       rule tbptt (dni) with truncation K. Rules: ${rules.join(', ')}
  --execution MODE     sequence (default) or streaming, for the rules (BPTT runs in sequence)
  --dropout-seed S     draw dropout masks with this seed, the same for BPTT and every rule
                       (rate: --p-dropout, else the checkpoint's; default: dropout off)
  --max-sensitivity-mib M   rtrl: allow sensitivity matrices up to M MiB (default 256)
  --json               print the report as JSON instead of the table
  --out FILE           also write the JSON report (with per-parameter statistics) to FILE
  --verbose            add a row per module (encoder, layers.i.norm, layers.i.rec, ..., decoder)
  --backend NAME       tensor backend (default auto)
  -h, --help           show this help

Data flags of olrd train (--copy-pattern-length, --data-dir, ...) set the task's options.
Architecture options (--layer-cls, --activation-fn, --prenorm, --mode, --r-min, --r-max,
--max-phase) come from the params file's metadata when it has them, else from the defaults.
`;
}

/** `olrd plot --help`. */
export function plotHelp(): string {
  return `usage: olrd plot RUN_DIR [--out DIR] [--format svg]
       olrd plot RUN_A RUN_B ... --out DIR [--format svg]

Reads RUN_DIR/metrics.jsonl and draws, with Vega-Lite:
  loss.svg        train loss (logged steps and epochs), val and test loss against steps
  accuracy.svg    the same for accuracy
  alignment.svg   cosine similarity and relative norm of the rule's gradient against BPTT's,
                  overall and per layer (when the run was trained with --log-n-batches N)
  signal-alignment.svg   bp_lambda runs: cosine of the learning signal l_t + s*g_t with BPTT's
                  dL/dh_t, mean over steps t, per layer (spec 2, the paper's Figures 2 and 3)
With several run folders it writes DIR/signal-alignment.svg comparing the runs (e.g. BP(lambda)
for several lambda), one colour per run.

  --out DIR       where to write the files (default RUN_DIR)
  --format FMT    svg (default) or png (rasterised by resvg at 2× size)
  -h, --help      show this help
`;
}
