// An error whose message is written for the learner and may be sent to the client as is.
// Any other error is logged and answered with a generic sentence, so internals never leak.
export class UserError extends Error {}
