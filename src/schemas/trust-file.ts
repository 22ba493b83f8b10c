import { z } from 'zod';

/** `trust.json` in credhelper's data dir: the project folders whose helper commands the user trusted. */
export const trustFileSchema = z.object({
  version: z.literal(1),
  projects: z.record(
    z.string(),
    z.object({
      /** sha256 of the project's helper commands (and the files they came from) when trusted. */
      commandsHash: z.string().regex(/^[0-9a-f]{64}$/),
      trustedAt: z.string(),
    }),
  ),
});

/** The trust file after validation. */
export type TrustFile = z.output<typeof trustFileSchema>;
