// An error whose message is written for the learner and may be sent to the client as is, with a stable code
// (src/contract/errors.ts) for programs. Any other error is logged and answered with a generic sentence.
import type { ErrorCode } from '../src/contract/index.ts';

export class UserError extends Error {
  readonly code: ErrorCode;

  constructor(message: string, code: ErrorCode = 'not-allowed') {
    super(message);
    this.code = code;
  }
}
