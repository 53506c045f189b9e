/** Every command id the extension contributes, in one place (package.json must match). */
export const Commands = {
  refresh: 'hashpivot.refresh',
  showOutput: 'hashpivot.showOutput',
  openSettings: 'hashpivot.openSettings',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
