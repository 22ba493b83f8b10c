// Injected by scripts/bundle-cli.mjs: `import.meta.url` in the CommonJS bundle is this file's URL.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
