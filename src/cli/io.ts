/** Where a command writes: the process streams, or a test's buffers. */
interface Output {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}
