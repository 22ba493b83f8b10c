import { afterAll, afterEach } from 'vitest';
import { restoreProcessEnv } from './clean-env.js';
import { removeScratchDirs } from './fixtures.js';
import type { LocalServer } from './local-servers.js';

/**
 * Registers the hooks every end-to-end test file needs: after each test, `process.env` restored
 * and scratch directories removed; after the file, every tracked server closed. Returns `track`,
 * which registers a server and hands it back.
 */
export function isolateTests(): { track: <S extends LocalServer>(server: S) => S } {
  const servers: LocalServer[] = [];
  afterEach(() => {
    restoreProcessEnv();
    removeScratchDirs();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  return {
    track(server) {
      servers.push(server);
      return server;
    },
  };
}
