/** Every command id the extension contributes, in one place (package.json must match). */
export const Commands = {
  refresh: 'hashpivot.refresh',
  showOutput: 'hashpivot.showOutput',
  openSettings: 'hashpivot.openSettings',
  showTicker: 'hashpivot.showTicker',
  compareTickers: 'hashpivot.compareTickers',
  showDealsFor: 'hashpivot.showDealsFor',
  insertSnapshot: 'hashpivot.insertSnapshot',
  addToWatchlist: 'hashpivot.addToWatchlist',
  removeFromWatchlist: 'hashpivot.removeFromWatchlist',
  groupMinersBy: 'hashpivot.groupMinersBy',
  sortMinersBy: 'hashpivot.sortMinersBy',
  openSourceLink: 'hashpivot.openSourceLink',
  dealsByCompany: 'hashpivot.dealsByCompany',
  dealsByCounterparty: 'hashpivot.dealsByCounterparty',
  newNote: 'hashpivot.walkthrough.newNote',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
