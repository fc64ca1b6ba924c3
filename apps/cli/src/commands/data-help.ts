/** Help texts of `olrd data` and its subcommands. */

/** `olrd data --help`. */
export function dataHelp(): string {
  return `usage: olrd data <list|download|inspect> [flags]

Datasets: where they come from, getting them, looking at them.

  list               every task, its data source and size, and whether it is present locally
  download TASK      fetch the task's official files (SHA-256 verified, resumable) into the data folder
  inspect TASK       split sizes, T, input dim, classes, label histogram and one decoded example

The data folder is --data-dir, else $OLRD_DATA_DIR, else the user cache folder (~/.cache/olrd).
'olrd train --task TASK' reads the same folder (also --data-dir).
`;
}

/** `olrd data list --help`. */
export function dataListHelp(): string {
  return `usage: olrd data list [--data-dir DIR] [--json]

  --data-dir DIR   data folder (default $OLRD_DATA_DIR or ~/.cache/olrd)
  --json           machine-readable output
  -h, --help       show this help
`;
}

/** `olrd data download --help`. */
export function dataDownloadHelp(): string {
  return `usage: olrd data download TASK [--data-dir DIR] [--mirror URL]

Downloads the task's source files from their official URLs (mirrors as fallback) with a progress
bar; a dropped connection resumes where it stopped (HTTP Range), also on the next run; files are
checked against their SHA-256 and only then moved into place. The LRA archive (listops, aan,
pathfinder, pathx) has no published checksum: its first download's SHA-256 is recorded in
<data dir>/checksums.json and later downloads must match (trust on first download); the members
the task needs are then unpacked. Without a network it stops at once and says where to put
manually downloaded files.

  --data-dir DIR   data folder (default $OLRD_DATA_DIR or ~/.cache/olrd)
  --mirror URL     fetch <URL>/<path in the data folder> instead of the official hosts
                   (also $OLRD_DATA_MIRROR); checksums are still verified
  -h, --help       show this help
`;
}

/** `olrd data inspect --help`. */
export function dataInspectHelp(): string {
  return `usage: olrd data inspect TASK [--data-dir DIR] [--split train|val|test] [--example N] [--set k=v,...] [--json]

Loads the task as 'olrd train' would and prints its sizes, label histogram and one example.

  --data-dir DIR   data folder (default $OLRD_DATA_DIR or ~/.cache/olrd)
  --split NAME     split of the example (default train)
  --example N      index of the example (default 0)
  --set k=v,...    dataset options, e.g. --set source=generator,trainSamples=100 for listops
  --json           machine-readable output
  -h, --help       show this help
`;
}
