/** Every command id the extension contributes, in one place (package.json must match). */
export const Commands = {
  showOutput: 'hashpivot.showOutput',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
