/** What `vertex()` resolves to. */
export interface VertexCredential {
  /** A Google OAuth access token with the cloud-platform scope. */
  accessToken: string;
  expiresAt?: Date;
  projectId: string;
  region: string;
  /** Which ADC: `gcp:env-file`, `gcp:well-known-file`, `gcp:metadata` or `gcp:external-account`. */
  source: string;
  /**
   * The ADC file the token was minted from (absolute path), when it came from a file
   * (`gcp:env-file`, `gcp:well-known-file`, `gcp:external-account`); absent for the metadata server.
   * `exec` hands it to the child as `GOOGLE_APPLICATION_CREDENTIALS`.
   */
  credentialsFile?: string;
  /** `{ authorization: 'Bearer …' }`, for `fetch`. */
  headers: Record<string, string>;
}

/** A value credhelper settled on, and where it came from (for `explain`). */
export interface ResolvedSetting {
  value: string;
  /** e.g. `option:vertex.projectId`, `env:CLOUD_ML_REGION`, `credentials`, `default`. */
  from: string;
}
