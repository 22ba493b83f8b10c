/** A target credhelper resolves credentials for. */
export type CredentialTarget = 'anthropic' | 'bedrock' | 'vertex';
