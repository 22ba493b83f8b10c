import * as z from 'zod/mini';
import './zod-english.js';

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/**
 * `trust.json` in credhelper's data dir: the project folders whose helper commands the user trusted.
 * Records written before `entries`, `files` and `dotenv` existed still parse; such a record stays
 * valid for a project whose commands point to no file inside it, and asks again for one that does.
 */
export const trustFileSchema = z.object({
  version: z.literal(1),
  projects: z.record(
    z.string(),
    z.object({
      /** sha256 of the project's helper commands (and the files they came from) when trusted. */
      commandsHash: sha256,
      trustedAt: z.string(),
      /** sha256 of each trusted command or variable (`{ command, file }`), by setting, to say what changed. */
      entries: z.optional(z.record(z.string(), sha256)),
      /** sha256 of each file inside the project that a trusted command or variable points to, by absolute path. */
      files: z.optional(z.record(z.string(), sha256)),
      /** sha256 of each trusted `.env` of the project (one per folder it was trusted in), by absolute path. */
      dotenv: z.optional(z.record(z.string(), sha256)),
    }),
  ),
});

/** The trust file after validation. */
export type TrustFile = z.output<typeof trustFileSchema>;
/** One project's record in the trust file. */
export type TrustRecord = TrustFile['projects'][string];
