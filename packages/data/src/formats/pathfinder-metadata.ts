/**
 * The LRA Pathfinder metadata files (`<level>/metadata/<k>.npy`): despite the extension they are
 * whitespace-separated text, one image per line; field 0 is the image folder relative to the level
 * (e.g. `imgs/0`), field 1 the file name, field 3 the label (1 = the dots are connected).
 */
import { DataFormatError } from '../errors.js';

/** One metadata record. */
export interface PathfinderRecord {
  /** Image path relative to the level folder, e.g. `imgs/0/sample_0.png`. */
  readonly image: string;
  readonly label: 0 | 1;
}

/**
 * Parses one metadata file; blank lines are ignored.
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and line of a record with fewer than 4 fields or a
 *   label other than 0/1.
 */
export function parsePathfinderMetadata(text: string, file: string): PathfinderRecord[] {
  const records: PathfinderRecord[] = [];
  text.split(/\r?\n/).forEach((row, index) => {
    const fields = row.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    if (fields.length < 4) {
      throw new DataFormatError(
        file,
        { line: index + 1 },
        `expected at least 4 whitespace-separated fields (folder, file, ?, label), found ${fields.length}`,
      );
    }
    const label = fields[3];
    if (label !== '0' && label !== '1') {
      throw new DataFormatError(
        file,
        { line: index + 1 },
        `label (field 3) must be 0 or 1, got '${label}'`,
      );
    }
    records.push({ image: `${fields[0]}/${fields[1]}`, label: label === '1' ? 1 : 0 });
  });
  return records;
}
