import { registerLiveHelper } from './live-helpers.js';

/** Most bytes a {@link runNodeChild} answer may have; more is a broken child, killed. */
export const NODE_CHILD_MAX_ANSWER_BYTES = 1024 * 1024;

/** How a {@link runNodeChild} call went wrong (the caller maps it to its own error). */
export class NodeChildError extends Error {
  /** `timeout`: killed after `timeoutMs`; `stopped`: killed on a signal to credhelper; `exit`: no answer. */
  readonly reason: 'timeout' | 'stopped' | 'exit';
  constructor(reason: 'timeout' | 'stopped' | 'exit', message: string) {
    super(message);
    this.name = reason === 'timeout' ? 'TimeoutError' : 'NodeChildError';
    this.reason = reason;
  }
}

/**
 * Runs `script` in a new Node.js process (`node -e`, this process's executable and environment),
 * writes `input` to its standard input and resolves with what it wrote to its standard output, once
 * it has exited. Bounded: SIGKILL after `timeoutMs` (a `TimeoutError`), and on credhelper's exit
 * and signals (it is a live helper, see `live-helpers.ts`); the answer is capped at
 * {@link NODE_CHILD_MAX_ANSWER_BYTES}. Its standard error is not read (the input and the answer
 * may be secrets: neither is ever part of an error). For native code that blocks its thread.
 * With `onSignal: 'finish'` it is not a live helper: a signal to the CLI (whose handler waits for
 * held writes) does not kill it; its timeout still does.
 */
export async function runNodeChild(
  script: string,
  input: string,
  timeoutMs: number,
  /** `finish`: a write that must not be cut short (a rotated refresh token): signals do not kill it, only the timeout. */
  onSignal: 'kill' | 'finish' = 'kill',
): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'ignore'], env: process.env });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let failed: NodeChildError | undefined;
    const kill = (error: NodeChildError): void => {
      failed ??= error;
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const unregister =
      onSignal === 'finish'
        ? () => {}
        : registerLiveHelper({
            stop: (reason) => kill(new NodeChildError('stopped', `stopped: ${reason}`)),
            killNow: () => kill(new NodeChildError('stopped', 'stopped: credhelper exits')),
          });
    const timer = setTimeout(
      () => kill(new NodeChildError('timeout', `no answer within ${timeoutMs} ms: killed`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > NODE_CHILD_MAX_ANSWER_BYTES) kill(new NodeChildError('exit', `answer over ${bytes} bytes: killed`));
      else chunks.push(chunk);
    });
    child.stdin.on('error', () => {}); // EPIPE: the child is gone; its exit tells why.
    child.on('error', (error) => kill(Object.assign(new NodeChildError('exit', 'could not start'), { cause: error })));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      unregister();
      if (failed !== undefined) reject(failed);
      else if (code !== 0) reject(new NodeChildError('exit', `exited with ${signal ?? code} (${bytes} bytes out)`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    child.stdin.end(input);
  });
}
