/** Where a command writes: the process streams, or a test's buffers. */
interface Output {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}

/**
 * The one line printed for an input that cannot be read: the error names the file itself
 * when it comes from the input layer; otherwise the inputs are named in front of it.
 */
export function inputErrorLine(inputs: readonly string[], message: string, safe: (text: string) => string): string {
  const named = inputs.some((path) => path !== '' && message.includes(path));
  return `apkwitness: ${named ? '' : `${safe(inputs.join(' '))}: `}${safe(message)}\n`;
}
