/**
 * Per-shard checkpoints of one consumer (what Lambda's event source mapping keeps for a function):
 * the last sequence number fully handled. In a file under the data dir, so a restarted local run
 * resumes where it stopped; in memory when there is no data dir.
 */
import * as fs from 'fs';
import * as path from 'path';

export class Checkpoints {
  private readonly marks: Record<string, string>;

  constructor(private readonly file?: string) {
    this.marks = {};
    if (file !== undefined && fs.existsSync(file)) {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null) {
        for (const [shard, seq] of Object.entries(parsed))
          if (typeof seq === 'string') this.marks[shard] = seq;
      }
    }
  }

  get(shardId: string): string | undefined {
    return this.marks[shardId];
  }

  set(shardId: string, sequenceNumber: string): void {
    this.marks[shardId] = sequenceNumber;
    if (this.file === undefined) return;
    // Write-then-rename: a crash leaves the old checkpoint or the new one, never half a file.
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.marks));
    fs.renameSync(tmp, this.file);
  }
}
