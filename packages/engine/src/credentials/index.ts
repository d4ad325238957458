export type { CredentialEntry, Credentials, CredentialField } from './types.js';
export { credentialVariableName } from './credential-store.js';
export {
  describeCredentials,
  describeCredentialInputs,
  type CredentialInputDescription,
  type WorkflowCredentialInputs,
  type CredentialVariable,
  type DescribeCredentialsOptions,
  type SchemeCredentials,
  type WorkflowCredentials,
} from './credential-report.js';
export type { CredentialInput, CredentialInputUse } from './credential-inputs.js';
