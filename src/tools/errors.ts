/**
 * Why a tool call (or the CLI command behind it) has no figures: bad input, a symbol the market
 * data does not know, data that is missing for the date asked, or an analysis that cannot be made
 * on the data there is. The message is meant for the user (or the model) as it is.
 */
export type ToolErrorCode = 'invalid-input' | 'unknown-tool' | 'unknown-symbol' | 'no-data' | 'no-holdings' | 'analysis' | 'internal';

export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Input errors: the CLI exits 2 on these (a usage error), 1 on the others (data and analysis). */
export function isInputError(code: ToolErrorCode): boolean {
  return code === 'invalid-input' || code === 'unknown-tool' || code === 'unknown-symbol' || code === 'no-holdings';
}
