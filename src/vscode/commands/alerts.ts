/**
 * Creating and editing alert rules: a guided multi-step QuickPick that validates each step with
 * the core's field checks, and saves only a whole, valid rule.
 */
import * as vscode from 'vscode';
import {
  BACKLOG_LEVELS,
  CONCENTRATION_LEVELS,
  KIND_FIELDS,
  KIND_LABELS,
  PORTFOLIO_MEASURE_CHOICES,
  checkRuleField,
  deriveRuleId,
  parseRuleFieldInput,
  percentText,
  shareText,
  usdText,
  type AlertKind,
  type AlertRule,
} from '../../core/alerts';
import { knownEntities, type ExposureRole } from '../../core/exposure';
import type { AlertService } from '../alerts/alertService';
import type { AlertNode } from '../alerts/alertsTree';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { alertNodeOf } from './args';
import { notify } from '../notify';

const CHOICES: Record<string, Array<{ label: string; value: string; detail?: string }>> = {
  op: [
    { label: 'above', value: 'above' },
    { label: 'below', value: 'below' },
  ],
  benchmark: [
    { label: 'BTC', value: 'BTC', detail: 'Bitcoin' },
    { label: 'NDX', value: 'NDX', detail: 'NASDAQ-100' },
  ],
  direction: [
    { label: 'either', value: 'either', detail: 'crossing up or down' },
    { label: 'up', value: 'up' },
    { label: 'down', value: 'down' },
  ],
};
const CHANGE_OPS = [...CHOICES.op!, { label: 'beyond', value: 'beyond', detail: 'a move of that size either way' }];

const PROMPTS: Record<string, string> = {
  symbol: 'Ticker (e.g. IREN, CORZ, BTC)',
  value: 'Level',
  days: 'Over how many calendar days (1-365)',
  pct: 'Move size, e.g. 15% or 0.15',
  depth: 'Drawdown deeper than, e.g. 30% (for −30%)',
  window: 'Window in calendar days (5-365)',
  above: 'Annualized volatility above, e.g. 90%',
  crossing: 'Beta level to watch, e.g. 1.5',
};

/** What to type for a portfolio rule's value, by measure and unit. */
function portfolioPrompt(rule: Record<string, unknown>): string {
  if (rule.measure === 'value') return 'Portfolio value below, in USD (cash included), e.g. 12000';
  if (rule.measure === 'drawdown') return 'Drawdown deeper than, e.g. 20% (for −20% from the 365-day peak)';
  return rule.unit === 'fraction' ? '1-day VaR 95% above, as a share of the value, e.g. 5%' : '1-day VaR 95% above, in USD, e.g. 1500';
}

/** Why a company the catalog names has no backlog as a counterparty, by its roles. */
const ROLE_WORDS: Record<ExposureRole, string> = { counterparty: 'its deals are not backlog', backer: 'a backer', 'end-user': 'an end user' };

/** A QuickPick item that stands for a value, or for "type another one". */
type ValueItem = vscode.QuickPickItem & { value?: unknown; other?: boolean; any?: boolean };

/** The steps of a kind: a portfolio rule's unit comes with its measure (one pick), so it is not a step of its own. */
function stepFields(kind: AlertKind): readonly string[] {
  return kind === 'portfolio' ? KIND_FIELDS[kind].filter((f) => f !== 'unit') : KIND_FIELDS[kind];
}

class AlertCommands {
  constructor(
    private readonly alerts: AlertService,
    private readonly symbols: () => string[],
  ) {}

  /** Create (or edit, when `existing` is given) a rule through a multi-step QuickPick. */
  async create(existing?: AlertRule): Promise<AlertRule | undefined> {
    const kind = existing?.kind ?? (await this.pickKind());
    if (!kind) return undefined;
    const fields = stepFields(kind);
    const rule: Record<string, unknown> = existing ? { ...existing } : { kind, enabled: true };
    const total = fields.length + 1;
    const ctx = this.alerts.ruleContext();
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const step = i + 1;
      const title = `${existing ? 'Edit' : 'New'} alert: ${KIND_LABELS[kind].label} (${step}/${total})`;
      const current = rule[field];
      let value: unknown;
      const choices = field === 'op' && kind === 'change' ? CHANGE_OPS : CHOICES[field];
      if (kind === 'portfolio' && field === 'measure') {
        // One pick sets the measure and its unit (VaR in USD or as a share of the value).
        const pick = await vscode.window.showQuickPick(
          PORTFOLIO_MEASURE_CHOICES.map((c) => ({ ...c, picked: c.measure === rule.measure && c.unit === rule.unit })),
          { title, placeHolder: 'What to watch in your holdings', ignoreFocusOut: true },
        );
        if (!pick) return undefined;
        const unit = checkRuleField(kind, 'unit', pick.unit, ctx, { ...rule, measure: pick.measure });
        if (unit.problem) {
          void notify.error(`Alert not saved: unit: ${unit.problem}`);
          return undefined;
        }
        if (rule.measure !== pick.measure || rule.unit !== pick.unit) delete rule.value;
        rule.unit = unit.value;
        value = pick.measure;
      } else if (kind === 'concentration' && field === 'symbol') {
        const pick = await this.pickMiner(title, current);
        if (!pick) return undefined;
        value = pick;
      } else if (kind === 'counterparty' && field === 'counterparty') {
        const pick = await this.pickCounterparty(title, current);
        if (!pick) return undefined;
        if (pick.any) {
          delete rule.counterparty;
          continue;
        }
        value = pick.value;
      } else if ((kind === 'concentration' || kind === 'counterparty') && field === 'above') {
        const typed = await this.pickLevel(kind, title, current, rule);
        if (typed === undefined) return undefined;
        value = typed;
      } else if (choices) {
        const pick = await vscode.window.showQuickPick(
          choices.map((c) => ({ ...c, picked: c.value === current })),
          { title, placeHolder: field, ignoreFocusOut: true },
        );
        if (!pick) return undefined;
        value = pick.value;
      } else if (field === 'symbol') {
        const known = this.symbols();
        const pick = await vscode.window.showQuickPick(
          [
            ...known.map((s) => ({ label: s })),
            { label: '$(edit) Another ticker…', alwaysShow: true, other: true } as vscode.QuickPickItem & { other?: boolean },
          ],
          { title, placeHolder: PROMPTS.symbol, ignoreFocusOut: true, matchOnDescription: true },
        );
        if (!pick) return undefined;
        let text = pick.label;
        if ((pick as { other?: boolean }).other) {
          const typed = await vscode.window.showInputBox({
            title,
            prompt: PROMPTS.symbol,
            ignoreFocusOut: true,
            validateInput: (t) => parseRuleFieldInput(kind, field, t, ctx, rule).problem,
          });
          if (typed === undefined) return undefined;
          text = typed;
        }
        const check = parseRuleFieldInput(kind, field, text, ctx, rule);
        if (check.problem) {
          void notify.error(`Alert not saved: ${field}: ${check.problem}`);
          return undefined;
        }
        value = check.value;
      } else {
        const typed = await vscode.window.showInputBox({
          title,
          prompt: kind === 'portfolio' && field === 'value' ? portfolioPrompt(rule) : (PROMPTS[field] ?? field),
          value: current === undefined ? '' : String(current),
          ignoreFocusOut: true,
          validateInput: (t) => parseRuleFieldInput(kind, field, t, ctx, rule).problem,
        });
        if (typed === undefined) return undefined;
        value = parseRuleFieldInput(kind, field, typed, ctx, rule).value;
      }
      const check = checkRuleField(kind, field, value, ctx, rule);
      if (check.problem) {
        void notify.error(`Alert not saved: ${field}: ${check.problem}`);
        return undefined;
      }
      rule[field] = check.value;
    }
    const name = await vscode.window.showInputBox({
      title: `${existing ? 'Edit' : 'New'} alert: ${KIND_LABELS[kind].label} (${total}/${total})`,
      prompt: 'A name for the rule (optional: Enter to keep the description)',
      value: typeof rule.name === 'string' ? rule.name : '',
      ignoreFocusOut: true,
    });
    if (name === undefined) return undefined;
    if (name.trim()) rule.name = name.trim();
    else delete rule.name;
    if (!existing) {
      rule.createdAt = new Date().toISOString();
      rule.id = deriveRuleId(rule as unknown as AlertRule);
    }
    const saved = await this.alerts.upsert(rule);
    if (!saved.rule) {
      void notify.error(`Alert not saved: ${saved.problems.join('; ')}`);
      return undefined;
    }
    void notify.info(`Alert saved: ${saved.rule.name ?? saved.rule.id}`);
    return saved.rule;
  }

  /** A miner of the exposure model, each with its largest counterparty's share now. */
  private async pickMiner(title: string, current: unknown): Promise<string | undefined> {
    const items: ValueItem[] = this.alerts.exposure().miners.map((m) => {
      const top = m.concentration.largest;
      const description =
        top && m.backlogUsd !== null
          ? `${top.label} ${shareText(top.share)} of ${usdText(m.backlogUsd)}${m.lowerBound ? ' (a lower bound)' : ''}`
          : (m.concentration.reason ?? 'no known backlog');
      return { label: m.symbol, description, value: m.symbol, picked: m.symbol === current };
    });
    const pick = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: 'Which miner (its largest counterparty now)',
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return pick?.value as string | undefined;
  }

  /** Any counterparty, or a company the catalog names: counterparties with their backlog first, then backers and end users. */
  private async pickCounterparty(title: string, current: unknown): Promise<ValueItem | undefined> {
    const model = this.alerts.exposure();
    const named = model.counterparties.filter((r) => r.entity !== null);
    const listed = new Set(named.map((r) => r.key));
    const others = knownEntities(model).filter((e) => !listed.has(e.key));
    const items: ValueItem[] = [
      { label: 'Any counterparty', description: 'a new deal with any company above the level', any: true, picked: current === undefined },
      { label: 'Counterparties', kind: vscode.QuickPickItemKind.Separator },
      ...named.map((r) => ({
        label: r.label,
        description: r.backlogUsd === null ? 'backlog undisclosed' : `${usdText(r.backlogUsd)} of backlog${r.lowerBound ? ' (a lower bound)' : ''}`,
        detail: `with ${r.miners.map((m) => m.symbol).join(', ')}`,
        value: r.label,
        picked: r.label === current,
      })),
      ...(others.length ? [{ label: 'Also named in the catalog', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...others.map((e) => ({
        label: e.name,
        description: `no backlog as a counterparty: ${e.roles.map((r) => ROLE_WORDS[r]).join(', ')}`,
        value: e.name,
        picked: e.name === current,
      })),
    ];
    return vscode.window.showQuickPick(items, { title, placeHolder: 'New deals with which company', ignoreFocusOut: true, matchOnDescription: true });
  }

  /** The trigger level: one of the usual ones, or another typed (a share for a concentration rule, USD for a counterparty rule). */
  private async pickLevel(kind: 'concentration' | 'counterparty', title: string, current: unknown, rule: Record<string, unknown>): Promise<unknown> {
    const ctx = this.alerts.ruleContext();
    const levels = kind === 'concentration' ? CONCENTRATION_LEVELS : BACKLOG_LEVELS;
    const text = (v: number) => (kind === 'concentration' ? percentText(v) : usdText(v));
    const above = (v: number) =>
      kind === 'concentration'
        ? ''
        : this.alerts
            .exposure()
            .counterparties.filter((r) => r.entity !== null && r.backlogUsd !== null && r.backlogUsd > v)
            .map((r) => r.label)
            .join(', ');
    const items: ValueItem[] = [
      ...levels.map((v) => ({ label: text(v), description: above(v) ? `above it now: ${above(v)}` : undefined, value: v, picked: v === current })),
      { label: kind === 'concentration' ? '$(edit) Another level…' : '$(edit) Another amount…', other: true, alwaysShow: true },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: kind === 'concentration' ? 'Largest counterparty above what share of the backlog' : 'Counterparty backlog above',
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    if (!pick.other) return pick.value;
    const typed = await vscode.window.showInputBox({
      title,
      prompt: kind === 'concentration' ? 'Share of the backlog, e.g. 80% or 0.8' : 'Backlog in USD, e.g. 15B, 500M or 1.5e10',
      value: typeof current === 'number' && !levels.includes(current) ? text(current) : '',
      ignoreFocusOut: true,
      validateInput: (t) => parseRuleFieldInput(kind, 'above', t, ctx, rule).problem,
    });
    if (typed === undefined) return undefined;
    return parseRuleFieldInput(kind, 'above', typed, ctx, rule).value;
  }

  private async pickKind(): Promise<AlertKind | undefined> {
    const pick = await vscode.window.showQuickPick(
      (Object.keys(KIND_LABELS) as AlertKind[]).map((k) => ({ label: KIND_LABELS[k].label, detail: KIND_LABELS[k].detail, ruleKind: k })),
      { title: 'New alert: what to watch', ignoreFocusOut: true },
    );
    return pick?.ruleKind;
  }

  async edit(node?: AlertNode): Promise<void> {
    const entry = node?.entry ?? (await this.pickEntry('Edit which alert?', true));
    if (!entry) return;
    if (entry.origin === 'workspace') {
      if (this.alerts.workspaceFile) await vscode.window.showTextDocument(this.alerts.workspaceFile);
      return;
    }
    await this.create(entry.rule);
  }

  async toggle(node?: AlertNode, enabled?: boolean): Promise<void> {
    const entry = node?.entry ?? (await this.pickEntry(enabled ? 'Enable which alert?' : 'Disable which alert?', true));
    if (!entry || entry.origin !== 'user') return;
    await this.alerts.setEnabled(entry.rule.id, enabled ?? !entry.rule.enabled);
  }

  async snooze(node?: AlertNode): Promise<void> {
    const entry = node?.entry ?? (await this.pickEntry('Snooze which alert?', false));
    if (!entry) return;
    const pick = await vscode.window.showQuickPick(
      [
        { label: '1 hour', ms: 3600_000 },
        { label: '1 day', ms: 86_400_000 },
        { label: '1 week', ms: 7 * 86_400_000 },
        ...(entry.rule.snoozedUntil ? [{ label: 'Wake it now', ms: 0 }] : []),
      ],
      { title: `Snooze "${entry.rule.name ?? entry.rule.id}"` },
    );
    if (!pick) return;
    if (pick.ms === 0) await this.alerts.unsnooze(entry.rule.id, entry.origin);
    else await this.alerts.snooze(entry.rule.id, entry.origin, pick.ms);
  }

  async remove(node?: AlertNode): Promise<void> {
    const entry = node?.entry ?? (await this.pickEntry('Delete which alert?', true));
    if (!entry || entry.origin !== 'user') return;
    const ok = await notify.warn(`Delete the alert "${entry.rule.name ?? entry.rule.id}"?`, { modal: true }, 'Delete');
    if (ok === 'Delete') await this.alerts.remove(entry.rule.id);
  }

  private async pickEntry(title: string, userOnly: boolean) {
    const entries = this.alerts.entries().filter((e) => !userOnly || e.origin === 'user');
    if (!entries.length) {
      void notify.info('No alert rules yet: run "Hashpivot: Add Alert…".');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      entries.map((e) => ({ label: e.rule.name ?? e.rule.id, description: e.state?.status ?? '', detail: e.state?.distanceText, entry: e })),
      { title },
    );
    return pick?.entry;
  }
}

export function alertCommands(
  s: Services,
): CommandHandlers<
  | typeof Commands.addAlert
  | typeof Commands.editAlert
  | typeof Commands.enableAlert
  | typeof Commands.disableAlert
  | typeof Commands.snoozeAlert
  | typeof Commands.deleteAlert
> {
  const c = new AlertCommands(s.alerts, () => s.knownSymbols());
  return {
    [Commands.addAlert]: () => c.create(),
    [Commands.editAlert]: (arg?: unknown) => c.edit(alertNodeOf(arg)),
    [Commands.enableAlert]: (arg?: unknown) => c.toggle(alertNodeOf(arg), true),
    [Commands.disableAlert]: (arg?: unknown) => c.toggle(alertNodeOf(arg), false),
    [Commands.snoozeAlert]: (arg?: unknown) => c.snooze(alertNodeOf(arg)),
    [Commands.deleteAlert]: (arg?: unknown) => c.remove(alertNodeOf(arg)),
  };
}
