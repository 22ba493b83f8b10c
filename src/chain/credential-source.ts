/** A credential and how long a resolver may keep reusing it without asking its source again. */
export interface SourceValue<C> {
  credential: C;
  /** ms since the epoch; `undefined` means until `invalidate()`. At or before now: do not reuse. */
  reuseUntil?: number;
}

/**
 * One link of a precedence chain. Factories such as `fromApiKeyHelper(init)` return one.
 * `load` throws a `CredentialHelperError` with `tryNextLink: true` when it simply has nothing.
 */
export interface CredentialSource<C> {
  /** The name reported as the credential's `source`, e.g. `env:ANTHROPIC_API_KEY`. */
  readonly name: string;
  /** What this source is, for `explain`. */
  readonly description: string;
  /** A cheap check with no side effects: is this source set up at all? */
  isConfigured(): boolean;
  /** The secret this source holds now, when that is known without running anything (for fingerprints). */
  peekSecret(): string | undefined;
  /** Resolves the credential (running a helper, reading a descriptor…). */
  load(): Promise<SourceValue<C>>;
  /** Told when the credential it handed out was rejected or dropped (`invalidate()`), when it cares. */
  invalidate?(): void;
  /**
   * For a row that stands for several named things (the `auth.json` entries of a provider): the
   * `source` its credential would carry now (`store:anthropic:work`), so that `explain` shows the
   * same name as `status` and `get --json`. Without it, rows are shown as {@link name}.
   */
  displayName?(): string;
}
