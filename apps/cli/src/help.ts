/** Help texts of `olrd` and its commands. */
import { configFlagHelp } from '@olrd/train';

/** `olrd --help`. */
export function mainHelp(version: string): string {
  return `olrd ${version}: train recurrent networks online (online learning of long-range dependencies)

usage: olrd <command> [flags]

commands:
  train   train a model (no flags: the quick-start copy task with online_full)
  grad    compute one batch's gradient under a learning rule and save it as safetensors
  stream  learn online on a generated stream (prequential: predict, score, then learn)
  data    list, download and inspect datasets (olrd data --help)

flags:
  -h, --help      show help (also 'olrd <command> --help')
  -v, --version   print the version

examples:
  olrd train
  olrd train --config experiments/copy/quickstart.yaml --rule bptt --epochs 3
  olrd stream --task drift --update-every 1
  olrd data download sfmnist && olrd train --task rfmnist --mode pool_st
  olrd grad --params run/best.safetensors --batch batch.safetensors --rule online_full --out grads.safetensors
`;
}

/** `olrd train --help`. */
export function trainHelp(): string {
  return `usage: olrd train [--config FILE] [flags]

Trains a model and writes a run folder: config.json (the resolved config), metrics.jsonl (one
JSON object per logged step and per epoch), best.safetensors (lowest val loss) and summary.json.
Settings resolve as defaults <- --config file (JSON or YAML) <- flags. Flags mirror the reference
implementation's names in kebab-case; booleans take exactly 'true' or 'false'.

  --config FILE   JSON or YAML config (keys in camelCase, snake_case or kebab-case)
  -h, --help      show this help

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
  --rule RULE        learning rule (alias --training-mode): bptt, online_full, online_1truncated, online_spatial
  --out FILE         where to write the gradients
  --execution MODE   sequence (default) or streaming
  --backend NAME     tensor backend (default auto)
  -h, --help         show this help

Sizes are inferred from the tensor shapes. Architecture options (--layer-cls, --activation-fn,
--prenorm, --mode, --r-min, --r-max, --max-phase) come from the params file's metadata when it
has them, else from the defaults; flags override both.
`;
}
