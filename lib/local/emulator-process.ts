/**
 * The emulators in a child process: kinesalite, dynalite and s3rver are busy JavaScript servers,
 * and in their own process they run on the machine's second core instead of competing with the
 * producer and processor for one. The child is this same CLI started with a hidden command; it
 * reports its endpoints over IPC and stops when asked or when the parent goes away.
 */
import { fork } from 'child_process';
import type { EmulatorEndpoints, EmulatorOptions, Emulators } from './emulators';

const LEGACY_PROVIDER = '--openssl-legacy-provider';

/** Hidden CLI command that runs the emulators for a parent `trendoff local`. */
export const EMULATOR_CHILD_COMMAND = '__emulators';

type ChildMessage = { readonly ready: EmulatorEndpoints } | { readonly error: string };

/** Starts `script EMULATOR_CHILD_COMMAND <options>` (the CLI bundle) and waits for its endpoints. */
export function startEmulatorProcess(script: string, options: EmulatorOptions = {}): Promise<Emulators> {
  const child = fork(script, [EMULATOR_CHILD_COMMAND, JSON.stringify(options)], {
    // The parent's Node flags, except profiling (one profile per process is enough), plus the
    // legacy OpenSSL provider s3rver's listings need.
    execArgv: [
      ...process.execArgv.filter((a) => !a.startsWith('--cpu-prof') && a !== LEGACY_PROVIDER),
      LEGACY_PROVIDER,
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new Error(`the emulator process exited early (status ${code})`));
    child.once('exit', onExit);
    child.once('message', (m: ChildMessage) => {
      if ('error' in m) {
        reject(new Error(m.error));
        return;
      }
      child.off('exit', onExit);
      let stopped: Promise<void> | undefined;
      resolve({
        endpoints: m.ready,
        stop: () =>
          (stopped ??= new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('stop');
          })),
      });
    });
  });
}

/** The child's side: start, report, stop on request or when the parent disconnects. */
export async function runEmulatorChild(optionsJson: string): Promise<void> {
  const { startEmulators } = await import('./emulators');
  const send = (m: ChildMessage): void => {
    process.send?.(m);
  };
  let emulators: Emulators;
  try {
    emulators = await startEmulators(JSON.parse(optionsJson) as EmulatorOptions);
  } catch (err) {
    send({ error: (err as Error).message });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  const stop = async (): Promise<void> => {
    await emulators.stop();
    process.disconnect?.();
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
  });
  process.once('disconnect', () => void emulators.stop());
  // The parent handles Ctrl-C and stops us in order; the terminal's SIGINT must not cut us short.
  process.on('SIGINT', () => undefined);
  send({ ready: emulators.endpoints });
}
