export { MimicError, isMimicError, type Issue, type MimicErrorOptions } from "./mimic-error.js";
export { ERROR_CODES, type ErrorCode, type ErrorCodeSpec } from "./codes/index.js";
export { renderErrorsDoc } from "./errors-doc.js";
export { closest, suggest } from "./suggest.js";
