/** Every command id the extension contributes, in one place (package.json must match). */
export const Commands = {
  refresh: 'hashpivot.refresh',
  showOutput: 'hashpivot.showOutput',
  openSettings: 'hashpivot.openSettings',
  showTicker: 'hashpivot.showTicker',
  showTickerReport: 'hashpivot.showTickerReport',
  openDashboard: 'hashpivot.openDashboard',
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
  addAlert: 'hashpivot.addAlert',
  editAlert: 'hashpivot.editAlert',
  enableAlert: 'hashpivot.enableAlert',
  disableAlert: 'hashpivot.disableAlert',
  snoozeAlert: 'hashpivot.snoozeAlert',
  deleteAlert: 'hashpivot.deleteAlert',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
