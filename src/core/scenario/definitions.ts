/**
 * The named scenarios: historical replays (a date window of real prices) and hypothetical shocks
 * (factor moves). A replay runs from the close on or before `start` to the close on or before
 * `end`, each symbol on its own sessions.
 *
 * Why these dates (closes as reported by Yahoo Finance; BTC-USD, QQQ):
 * - `crypto-winter-2022`, 2021-11-10 → 2022-11-21: from bitcoin's all-time high (intraday about
 *   $69,000 on 10 Nov 2021; the highest daily close, $67,567, was two days earlier) to its
 *   cycle low close after FTX's collapse ($15,787 on 21 Nov 2022): the whole 2022 bear market,
 *   BTC about -76%, QQQ -28%.
 * - `terra-celsius-2022`, 2022-05-01 → 2022-06-30: Terra's UST lost its peg from 7–9 May and LUNA
 *   collapsed; Celsius froze withdrawals on 12 June, Three Arrows Capital defaulted later that
 *   month. The two months hold both; BTC about -49%, QQQ -11%.
 * - `ftx-2022`, 2022-11-01 → 2022-11-30: CoinDesk's report on Alameda's balance sheet (2 Nov),
 *   Binance's sale of FTT (6 Nov), FTX's halt of withdrawals and bankruptcy (8–11 Nov). Starts at
 *   the 1 November close, before the first report; BTC about -16% while QQQ rose 7%: a
 *   crypto-only shock.
 * - `covid-2020`, 2020-02-19 → 2020-03-23: the COVID-19 crash, from the S&P 500's record close
 *   (19 Feb) to its low close (23 Mar); QQQ -28%, BTC -33% (with "Black Thursday", 12 March).
 * - `deepseek-2025`, 2025-01-24 → 2025-01-27: the AI-stock sell-off on DeepSeek's R1 (Monday 27
 *   January 2025): from the Friday close before to that Monday's close. NVDA -17%, the largest
 *   one-day loss of market value on record; QQQ -3%, BTC -3%; AI-hosting miners fell hard.
 *
 * Shocks are instantaneous moves of the factors (fractions): BTC -30% (a typical crypto
 * drawdown leg), NASDAQ-100 -20% (a bear-market threshold), AI infrastructure -35% (an AI
 * capex pull-back: about the AI basket's 2022 drawdown), and combinations. A factor the scenario
 * does not move is held at 0 (a partial shock).
 */
import type { IsoDate } from '../types';

export interface ReplayDefinition {
  kind: 'replay';
  id: string;
  name: string;
  start: IsoDate;
  end: IsoDate;
  description: string;
}

export interface ShockDefinition {
  kind: 'shock';
  id: string;
  name: string;
  /** Factor id -> move as a fraction (-0.3 = -30%). */
  shocks: Readonly<Record<string, number>>;
  description: string;
}

export type ScenarioDefinition = ReplayDefinition | ShockDefinition;

export const REPLAYS: readonly ReplayDefinition[] = [
  {
    kind: 'replay',
    id: 'crypto-winter-2022',
    name: '2022 crypto winter',
    start: '2021-11-10',
    end: '2022-11-21',
    description: "BTC's all-time high (10 Nov 2021) to its post-FTX low close (21 Nov 2022)",
  },
  {
    kind: 'replay',
    id: 'terra-celsius-2022',
    name: 'May–June 2022 (Terra/LUNA, Celsius)',
    start: '2022-05-01',
    end: '2022-06-30',
    description: "UST's de-peg and LUNA's collapse (7–12 May), Celsius's withdrawal freeze (12 June), Three Arrows",
  },
  {
    kind: 'replay',
    id: 'ftx-2022',
    name: 'November 2022 (FTX)',
    start: '2022-11-01',
    end: '2022-11-30',
    description: 'FTX/Alameda: CoinDesk report (2 Nov), withdrawals halted (8 Nov), bankruptcy (11 Nov)',
  },
  {
    kind: 'replay',
    id: 'covid-2020',
    name: 'March 2020 (COVID-19 crash)',
    start: '2020-02-19',
    end: '2020-03-23',
    description: "S&P 500 record close (19 Feb 2020) to its low close (23 Mar 2020), with crypto's Black Thursday (12 Mar)",
  },
  {
    kind: 'replay',
    id: 'deepseek-2025',
    name: 'AI sell-off of 27 Jan 2025 (DeepSeek)',
    start: '2025-01-24',
    end: '2025-01-27',
    description: 'Friday close before to the close of Monday 27 Jan 2025, when DeepSeek R1 hit AI stocks (NVDA -17%)',
  },
];

export const SHOCKS: readonly ShockDefinition[] = [
  { kind: 'shock', id: 'btc-crash', name: 'BTC -30%', shocks: { BTC: -0.3 }, description: 'bitcoin falls 30%, the NASDAQ-100 unchanged' },
  { kind: 'shock', id: 'ndx-bear', name: 'NASDAQ-100 -20%', shocks: { NDX: -0.2 }, description: 'the NASDAQ-100 falls 20%, bitcoin unchanged' },
  {
    kind: 'shock',
    id: 'ai-bust',
    name: 'AI infrastructure -35%',
    shocks: { AI: -0.35 },
    description: 'the AI-infrastructure basket falls 35%, BTC and the NASDAQ-100 unchanged',
  },
  {
    kind: 'shock',
    id: 'ai-slowdown',
    name: 'AI demand slows: AI -35%, NASDAQ-100 -20%',
    shocks: { NDX: -0.2, AI: -0.35 },
    description: 'AI capex pulls back: the AI basket -35% and the NASDAQ-100 -20%, bitcoin unchanged',
  },
  {
    kind: 'shock',
    id: 'liquidity-crisis',
    name: '2022-style liquidity crisis: BTC -30%, NASDAQ-100 -20%',
    shocks: { BTC: -0.3, NDX: -0.2 },
    description: 'risk assets sell off together: BTC -30% and the NASDAQ-100 -20%',
  },
  {
    kind: 'shock',
    id: 'everything',
    name: 'BTC -30%, NASDAQ-100 -20%, AI -35%',
    shocks: { BTC: -0.3, NDX: -0.2, AI: -0.35 },
    description: 'the liquidity crisis and the AI slowdown at once',
  },
];

export const SCENARIOS: readonly ScenarioDefinition[] = [...REPLAYS, ...SHOCKS];

/** A named scenario by id (case-insensitive); undefined if unknown. */
export function findScenario(id: string): ScenarioDefinition | undefined {
  const k = id.trim().toLowerCase();
  return SCENARIOS.find((s) => s.id === k);
}
