/**
 * View models of the chart panels, computed in the extension host (pure): the webviews draw what
 * they get. Series are cut to the chosen range and decimated for display (LTTB keeps real
 * observations, so tooltips show exact values); nothing outside the visible range is sent.
 */
export { fromDayNumber } from '../../calendar';
export { dataLabel, heatmapOf, MAX_POINTS, rangeStart, type ViewDeal, type ViewInput, type ViewSymbol } from './common';
export { buildCompare } from './compare';
export { buildDashboard } from './dashboard';
export { buildEconomics, economicsCsv, REFERENCE_EFFICIENCY_JTH, type EconomicsInput, type EconomicsMiner } from './economics';
export { riskTableCsv } from './riskTable';
export { buildTicker } from './ticker';
export { counterpartyCard, mwText, type CounterpartyCardOptions } from './counterpartyDefault';
export { buildFlows, flowNodeId, flowsCsv, NO_BACKER, partyName, UNKNOWN_WEIGHT_SHARE, type FlowLinkInput, type FlowsInput } from './flows';
