// Node 20 loads a worker's entry before --import hooks apply to it, so the TypeScript
// worker is loaded through tsx's registration API from this plain ES module.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
