export type { CredentialEntry, Credentials, CredentialField } from './types.js';
export { credentialVariableName } from './credential-store.js';
export { describeCredentials, type CredentialVariable, type DescribeCredentialsOptions, type SchemeCredentials, type WorkflowCredentials } from './credential-report.js';
