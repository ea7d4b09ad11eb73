/**
 * The local web viewer of a case library (docs/viewer.md): opens the library read-only
 * (a batch may keep writing to it; SQLite's WAL lets the viewer read alongside) and
 * serves it over HTTP on a loopback address.
 */
import { openLibrary, type Library } from '../store/index.js';
import { listen, type RunningServer } from './http.js';
import { viewerHandler } from './routes.js';

export interface ViewerOptions {
  readonly libraryPath: string;
  /** Address to bind; the CLI refuses non-loopback addresses unless told --allow-remote. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Where unexpected errors go (the page only says that one happened). */
  readonly logError: (error: unknown) => void;
}

export interface RunningViewer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves an already open library (tests, embedding); closing stops the server, not the library. */
export function serveLibrary(
  library: Library,
  host: string,
  port: number,
  logError: (error: unknown) => void,
): Promise<RunningServer> {
  return listen(viewerHandler(library), host, port, logError);
}

export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const library = openLibrary(options.libraryPath, { readonly: true });
  let running: RunningServer;
  try {
    running = await serveLibrary(library, options.host, options.port, options.logError);
  } catch (error) {
    library.close();
    throw error;
  }
  return {
    url: running.url,
    port: running.port,
    close: async () => {
      await running.close();
      library.close();
    },
  };
}
