/** How long credentials printed by `awsCredentialExport` without an `Expiration` are reused (1 hour). */
export const DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS = 60 * 60_000;
