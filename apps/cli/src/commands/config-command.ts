/**
 * `olrd config schema [--out FILE]`: the JSON Schema of `olrd train --config` files, generated
 * from the config field table, for editors' autocomplete and checking.
 */
import { resolve } from 'node:path';
import { trainConfigJsonSchema } from '@olrd/train';
import { writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';

/** `olrd config --help`. */
export function configHelp(): string {
  return `usage: olrd config schema [--out FILE]

Prints the JSON Schema (draft 2020-12) of the config files 'olrd train --config FILE' reads:
every key in snake_case and camelCase (and its aliases), with its type, range, help and default.
With --out, writes it to FILE instead. To have an editor check and autocomplete a YAML config
(the YAML language server, as in VS Code's YAML extension), put this first line in the file:
  # yaml-language-server: $schema=./olrd-config.schema.json

  --out FILE   write the schema to FILE (atomically) instead of printing it
  -h, --help   show this help

example:
  olrd config schema --out olrd-config.schema.json
`;
}

/** Runs `olrd config`; resolves to the exit code. */
export async function configCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(configHelp());
    return 0;
  }
  if (sub !== 'schema')
    throw new UsageError(`unknown 'olrd config' subcommand '${sub}'; use 'olrd config schema'`);
  const values = parseCommandArgs(
    rest,
    { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'olrd config schema',
  );
  if (values.help) {
    process.stdout.write(configHelp());
    return 0;
  }
  const text = `${JSON.stringify(trainConfigJsonSchema(), null, 2)}\n`;
  const out = values.out as string | undefined;
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  if (out === '')
    throw new UsageError('--out needs a file name, e.g. --out olrd-config.schema.json');
  await writeFileAtomic(resolve(out), text);
  process.stderr.write(`olrd config: wrote the config schema to ${out}\n`);
  return 0;
}
