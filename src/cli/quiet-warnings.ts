/**
 * Process warnings that libraries emit on paths credhelper already reports in its own words:
 *
 * - `MetadataLookupWarning` (gcp-metadata, via google-auth-library): the metadata-server probe met an
 *   unexpected error; credhelper's error says "no metadata server answered" and what to do.
 * - `NodeVersionSupportWarning` (AWS SDK clients on Node < 22): about the SDK's future releases,
 *   nothing the user of credhelper can act on today.
 */
const QUIET_WARNINGS: readonly string[] = ['MetadataLookupWarning', 'NodeVersionSupportWarning'];

function warningName(warning: unknown, typeOrOptions: unknown): string | undefined {
  if (typeof typeOrOptions === 'string') return typeOrOptions;
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null && 'type' in typeOrOptions) {
    const { type } = typeOrOptions as { type?: unknown };
    if (typeof type === 'string') return type;
  }
  return warning instanceof Error ? warning.name : undefined;
}

/** Whether a `process.emitWarning(warning, typeOrOptions)` call is one of the {@link QUIET_WARNINGS}. */
export function isQuietWarning(warning: unknown, typeOrOptions?: unknown): boolean {
  const name = warningName(warning, typeOrOptions);
  if (name !== undefined && QUIET_WARNINGS.includes(name)) return true;
  // The AWS SDK passes its name as the start of the message: `NodeVersionSupportWarning: The AWS SDK…`.
  const message = warning instanceof Error ? warning.message : String(warning);
  return QUIET_WARNINGS.some((quiet) => message.startsWith(`${quiet}:`));
}

/**
 * For the CLI only (an embedding host keeps every warning): drops the {@link QUIET_WARNINGS} from
 * `process.emitWarning`, so that they never reach the user's terminal as noise after credhelper's
 * own message. Every other warning is emitted as before.
 */
export function quietLibraryWarnings(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    if (isQuietWarning(warning, rest[0])) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
