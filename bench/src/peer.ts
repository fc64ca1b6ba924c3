/**
 * The PyTorch peer (`../shared/peers/torch_lru_bench.py`, Debian's python3-torch), run in the same
 * benchmark so that ratios compare figures from one machine and one moment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PeerResult {
  torch: string;
  threads: number;
  bpttLoopTokensPerSecond: number;
  bpttScanTokensPerSecond: number;
  streamOnlineFullMsPerStep: number;
}

/** Runs the peer, or returns a reason why it could not. */
export function runPeer(repoRoot: string): PeerResult | { skipped: string } {
  const script = resolve(repoRoot, '../shared/peers/torch_lru_bench.py');
  if (!existsSync(script)) return { skipped: `peer script not found at ${script}` };
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return { skipped: 'PyTorch is not installed (apt-get install python3-torch)' };
  const run = spawnSync(python, [script, '--threads', '2'], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0)
    return { skipped: `peer failed: ${run.stderr.trim().split('\n').pop() ?? 'unknown error'}` };
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(line) as Record<string, unknown>;
  return {
    torch: String(parsed['torch']),
    threads: Number(parsed['threads']),
    bpttLoopTokensPerSecond: Number(parsed['bptt_loop_tokens_per_s']),
    bpttScanTokensPerSecond: Number(parsed['bptt_scan_tokens_per_s']),
    streamOnlineFullMsPerStep: Number(parsed['stream_online_full_ms_per_step_b1_H64_N32_L2']),
  };
}
