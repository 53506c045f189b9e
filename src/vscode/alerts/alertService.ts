/**
 * Alerts in the extension host: the user's rules (global state, survive restarts) plus the rules
 * of the workspace's `.hashpivot/alerts.json` (trusted workspaces only; its problems go to the
 * Problems panel). Every data refresh evaluates them (pure core); a trigger notifies once with
 * actions, and the rule re-arms only after its condition has cleared. Portfolio rules read the
 * Portfolio view's holdings and live quotes (PortfolioService) and are evaluated again when those
 * change. Concentration and counterparty rules read the exposure model of the current catalog
 * (built once per catalog), so they are evaluated again when the catalog changes, as deal rules.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { Disposable } from '../lifecycle';
import { readJsonFileLimited } from '../../data/files';
import { withFileLock, writeFileAtomic } from '../../data/sharedFile';
import { readWorkspaceText, statWorkspaceFile } from '../files';
import {
  evaluateRules,
  parseMemory,
  parseRulesFile,
  pruneMemory,
  summarizeStates,
  validateRule,
  ruleLabel,
  WORKSPACE_ALERTS_PATH,
  type AlertEvent,
  type AlertMemoryMap,
  type AlertRule,
  type AlertState,
  type RuleContext,
} from '../../core/alerts';
import { normaliseSymbol } from '../../core/universe';
import type { MarketService } from '../market';
import type { CatalogService } from '../catalogService';
import { catalogExposure, type Catalog } from '../../catalog';
import type { ExposureModel } from '../../core/exposure';
import type { PortfolioService } from '../portfolio/portfolioService';
import { WORKSPACE_PORTFOLIO_PATH } from '../../core/portfolio';
import type { Logger } from '../log';
import { refusedDiagnostic, toDiagnostics } from '../diagnostics';
import { Commands } from '../commands/ids';
import { messageOf } from '../../shared/errors';
import { notify } from '../notify';

const RULES_KEY = 'hashpivot.alerts.rules';
/** VS Code's focus command of the Portfolio view (package.json `hashpivot.portfolio`). */
export const SHOW_PORTFOLIO = 'hashpivot.portfolio.focus';
/** VS Code's focus command of the Deals view (package.json `hashpivot.deals`). */
export const SHOW_DEALS = 'hashpivot.deals.focus';
const MEMORY_KEY = 'hashpivot.alerts.memory';

export interface RuleEntry {
  rule: AlertRule;
  /** `user` rules are editable here; `workspace` rules live in the workspace file. */
  origin: 'user' | 'workspace';
  state?: AlertState;
}

export class AlertService extends Disposable {
  private userRules: AlertRule[] = [];
  private workspaceRules: AlertRule[] = [];
  private memory: AlertMemoryMap = {};
  /** Stored user rules that cannot be validated yet (e.g. a deal rule on a company only the workspace catalog defines): kept verbatim, never dropped. */
  private pendingRules: unknown[] = [];
  /** The memory file every window shares (global storage): read, decided and written under its lock. */
  private readonly memoryFile: string;
  private committing: Promise<void> = Promise.resolve();
  private states = new Map<string, AlertState>();
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('hashpivot-alerts'));
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Events of the last evaluation (for tests). */
  lastEvents: AlertEvent[] = [];
  workspaceFile: vscode.Uri | undefined;
  /** An evaluation asked for by a holdings or quote change, run on the next tick (a market change evaluates at once and cancels it). */
  private soon: ReturnType<typeof setTimeout> | undefined;
  /** The exposure model of the catalog it was built from (rebuilt when the catalog is another object). */
  private exposureOf: { catalog: Catalog; model: ExposureModel } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly market: MarketService,
    private readonly catalog: CatalogService,
    private readonly portfolio: PortfolioService,
    private readonly log: Logger,
  ) {
    super();
    this.memoryFile = path.join(context.globalStorageUri.fsPath, 'alerts-memory.json');
    this.loadUserRules();
    // The memory as this window last knew it (the shared file is the truth; see commit()).
    const parsed = parseMemory(context.globalState.get(MEMORY_KEY));
    this.memory = parsed.memory;
    if (parsed.dropped.length) log.warn('alerts', `dropped unreadable alert memory for ${parsed.dropped.join(', ')}`);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_ALERTS_PATH}`));
    for (const d of [
      watcher.onDidChange(() => void this.reloadWorkspace()),
      watcher.onDidCreate(() => void this.reloadWorkspace()),
      watcher.onDidDelete(() => void this.reloadWorkspace()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reloadWorkspace()),
      market.onDidChange(() => this.evaluate()),
      catalog.onDidChange(() => {
        this.retryPendingRules();
        this.evaluate();
      }),
      // Holdings edited, reloaded, or new intraday quotes: only portfolio rules read them. The
      // portfolio service also fires on market changes; the market's own evaluation then runs
      // first or cancels this one (see evaluate), so a refresh is evaluated once.
      portfolio.onDidChange(() => this.hasPortfolioRules() && this.evaluateSoon()),
      { dispose: () => clearTimeout(this.soon) },
    ])
      this._register(d);
  }

  private hasPortfolioRules(): boolean {
    return this.userRules.some((r) => r.kind === 'portfolio') || this.workspaceRules.some((r) => r.kind === 'portfolio');
  }

  private evaluateSoon(): void {
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      this.evaluate();
    }, 0);
  }

  /** The exposure model of the current catalog (concentration and counterparty rules, the Add Alert picks). */
  exposure(): ExposureModel {
    const catalog = this.catalog.current();
    if (this.exposureOf?.catalog !== catalog) this.exposureOf = { catalog, model: catalogExposure(catalog) };
    return this.exposureOf.model;
  }

  ruleContext(): RuleContext {
    return {
      isKnownSymbol: (s) => this.market.isKnown(s) || this.catalog.current().miner(normaliseSymbol(s)) !== undefined,
      isCatalogCompany: (s) => this.catalog.current().miner(normaliseSymbol(s)) !== undefined,
    };
  }

  private loadUserRules(): void {
    const raw = this.context.globalState.get<unknown[]>(RULES_KEY, []);
    this.userRules = [];
    this.pendingRules = [];
    this.adoptRules(Array.isArray(raw) ? raw : [], true);
  }

  /** Validates stored rules: the valid ones are used, the others kept verbatim (and saved back as they were). */
  private adoptRules(raw: readonly unknown[], log: boolean): void {
    const ctx = this.ruleContext();
    for (const r of raw) {
      const v = validateRule(r, ctx);
      if (v.rule) this.userRules.push(v.rule);
      else {
        this.pendingRules.push(r);
        if (log) this.log.warn('alerts', `a stored rule cannot be used yet and is kept as it is: ${v.problems.join('; ')}`);
      }
    }
  }

  /** After the catalog changed (the workspace catalog loaded), the kept rules may have become valid. */
  private retryPendingRules(): void {
    if (!this.pendingRules.length) return;
    const pending = this.pendingRules;
    this.pendingRules = [];
    const before = this.userRules.length;
    this.adoptRules(pending, false);
    if (this.userRules.length > before) this.log.info('alerts', `${this.userRules.length - before} kept rule(s) can be used now`);
  }

  async reloadWorkspace(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = folder ? vscode.Uri.joinPath(folder.uri, WORKSPACE_ALERTS_PATH) : undefined;
    this.diagnostics.clear();
    this.workspaceRules = [];
    this.workspaceFile = undefined;
    if (!uri) return this.evaluate();
    // Trust first: nothing of an untrusted workspace's rules file is read.
    const stat = await statWorkspaceFile(uri);
    if (stat.kind === 'missing') return this.evaluate(); // no workspace rules
    if (!vscode.workspace.isTrusted) {
      this.log.warn('alerts', `${WORKSPACE_ALERTS_PATH} not loaded: the workspace is in Restricted Mode`);
      return this.evaluate();
    }
    if (stat.kind === 'refused') {
      this.log.warn('alerts', `${WORKSPACE_ALERTS_PATH} not loaded: ${stat.reason}`);
      this.diagnostics.set(uri, [refusedDiagnostic(`Hashpivot did not read these alert rules: ${stat.reason}.`)]);
      return this.evaluate();
    }
    let text: string;
    try {
      text = await readWorkspaceText(uri);
    } catch (e) {
      this.log.warn('alerts', `${WORKSPACE_ALERTS_PATH} not loaded: ${messageOf(e)}`);
      return this.evaluate();
    }
    const parsed = parseRulesFile(text, uri.fsPath, this.ruleContext());
    this.workspaceRules = parsed.rules;
    this.workspaceFile = uri;
    this.diagnostics.set(uri, toDiagnostics(text, parsed.problems, 'rule', 'Hashpivot alerts'));
    this.log.info('alerts', `${WORKSPACE_ALERTS_PATH}: ${parsed.rules.length} rule(s), ${parsed.problems.length} problem(s)`);
    this.evaluate();
  }

  entries(): RuleEntry[] {
    return [
      ...this.userRules.map((rule) => ({ rule, origin: 'user' as const, state: this.states.get(`user:${rule.id}`) })),
      ...this.workspaceRules.map((rule) => ({ rule, origin: 'workspace' as const, state: this.states.get(`workspace:${rule.id}`) })),
    ];
  }

  triggeredCount(): number {
    return [...this.states.values()].filter((s) => s.status === 'triggered').length;
  }

  /** Evaluates every rule on what memory holds (no I/O); notifies new triggers. */
  evaluate(): void {
    clearTimeout(this.soon);
    this.soon = undefined;
    if (!this.market.lastRefresh) {
      this.changed.fire();
      return;
    }
    const store = this.market.marketStore;
    const seriesOf = (sym: string) => {
      const s = store.peek(sym);
      const e = store.entry(sym);
      return s && e ? { assetClass: e.assetClass, series: s } : undefined;
    };
    const data = {
      series: seriesOf,
      btc: seriesOf('BTC'),
      ndx: seriesOf('NDX'),
      whyMissing: (sym: string) => (this.market.isKnown(sym) ? `no price data for ${sym} yet (see Hashpivot: Show Output)` : `${sym} is not a known symbol`),
      deals: (company: string) => (this.catalog.current().miner(company) ? this.catalog.current().dealsOf(company) : undefined),
      // The Portfolio view's holdings and intraday quotes: the same figures the view shows.
      portfolio: { holdings: this.portfolio.current.holdings, live: this.portfolio.liveQuote() },
      whyNoHoldings: `no holdings: add positions in ${WORKSPACE_PORTFOLIO_PATH} (or with Hashpivot: Add Position)`,
      exposure: () => this.exposure(),
      now: new Date(),
    };
    const all: Array<{ scope: string; rule: AlertRule }> = [
      ...this.userRules.map((rule) => ({ scope: 'user', rule })),
      ...this.workspaceRules.map((rule) => ({ scope: 'workspace', rule })),
    ];
    // Memory is keyed per scope so a workspace rule and a user rule with the same id stay apart.
    const scoped = all.map(({ scope, rule }) => ({ ...rule, id: `${scope}:${rule.id}` }) as AlertRule);
    let result;
    try {
      result = evaluateRules(scoped, this.memory, data);
    } catch (e) {
      this.log.error('alerts', `evaluation failed: ${messageOf(e)}`);
      return;
    }
    this.states = new Map(result.states.map((s) => [s.ruleId, s]));
    const sum = summarizeStates(result.states);
    this.log.debug('alerts', `evaluated ${sum.total} rule(s): ${sum.triggered} triggered, ${sum.armed} armed, ${sum.error} error`);
    this.changed.fire();
    // Notifications come from the shared memory, decided under its lock: a trigger seen by several windows is notified once.
    const ids = scoped.map((r) => r.id);
    this.committing = this.committing.then(() => this.commit((memory) => evaluateRules(scoped, memory, data), ids, all));
  }

  private async commit(
    evaluate: (memory: AlertMemoryMap) => ReturnType<typeof evaluateRules>,
    ids: string[],
    all: ReadonlyArray<{ scope: string; rule: AlertRule }>,
  ): Promise<void> {
    let events: AlertEvent[];
    try {
      events = await withFileLock(this.memoryFile, async () => {
        const fresh = await this.readSharedMemory();
        const result = evaluate(fresh);
        this.memory = pruneMemory(result.memory, ids);
        await writeFileAtomic(this.memoryFile, JSON.stringify(this.memory));
        return result.events;
      });
    } catch (e) {
      this.log.error('alerts', `alert memory ${this.memoryFile}: ${messageOf(e)}; no notification this time`);
      return;
    }
    void this.context.globalState.update(MEMORY_KEY, this.memory);
    this.lastEvents = events;
    for (const ev of events)
      this.notify(
        ev,
        all.find((a) => `${a.scope}:${a.rule.id}` === ev.ruleId),
      );
  }

  /** The shared memory file; this window's own memory when there is none yet (first run, or an older version's). */
  private async readSharedMemory(): Promise<AlertMemoryMap> {
    try {
      return parseMemory(readJsonFileLimited(this.memoryFile)).memory;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.memory;
      this.log.warn('alerts', `alert memory unreadable (${messageOf(e)}); starting afresh`);
      return {};
    }
  }

  /** Runs an evaluation still waiting for the next tick, then waits for the notifications of the evaluations so far (for tests). */
  settled(): Promise<void> {
    if (this.soon) this.evaluate();
    return this.committing;
  }

  private notify(ev: AlertEvent, owner: { scope: string; rule: AlertRule } | undefined): void {
    if (ev.kind === 'cleared') {
      this.log.info('alerts', `cleared: ${ev.message}`);
      return;
    }
    this.log.info('alerts', `triggered: ${ev.message}`);
    // A portfolio rule has no ticker to open: its action shows the Portfolio view instead; a
    // counterparty rule's (its deals are anywhere in the catalog) shows the Deals view.
    const kind = owner?.rule.kind;
    const open = kind === 'portfolio' ? 'Show Portfolio' : kind === 'counterparty' ? 'Show Deals' : 'Open Ticker';
    const actions = [open, 'Snooze 1 Day'];
    if (owner?.scope === 'user') actions.push('Disable');
    void notify.warn(`Hashpivot alert: ${ev.message}`, ...actions).then(async (choice) => {
      if (!owner) return;
      if (choice === open) {
        if (kind === 'portfolio') await vscode.commands.executeCommand(SHOW_PORTFOLIO);
        else if (kind === 'counterparty') await vscode.commands.executeCommand(SHOW_DEALS);
        else await vscode.commands.executeCommand(Commands.showTicker, ev.symbol);
      } else if (choice === 'Snooze 1 Day') await this.snooze(owner.rule.id, owner.scope as 'user' | 'workspace', 24 * 3600_000);
      else if (choice === 'Disable') await this.setEnabled(owner.rule.id, false);
    });
  }

  private async saveUserRules(): Promise<void> {
    // Rules that cannot be validated yet are saved back verbatim, after the valid ones.
    await this.context.globalState.update(RULES_KEY, [...this.userRules, ...this.pendingRules]);
    this.evaluate();
  }

  /** Adds or replaces a user rule; `input` is validated whole, never saved half-made. */
  async upsert(input: unknown): Promise<{ rule?: AlertRule; problems: string[] }> {
    const v = validateRule(input, this.ruleContext());
    if (!v.rule) return v;
    const i = this.userRules.findIndex((r) => r.id === v.rule!.id);
    if (i >= 0) this.userRules[i] = v.rule;
    else this.userRules.push(v.rule);
    this.pendingRules = this.pendingRules.filter((r) => (r as { id?: unknown } | null)?.id !== v.rule!.id);
    await this.saveUserRules();
    this.log.info('alerts', `saved rule ${v.rule.id}: ${ruleLabel(v.rule)}`);
    return v;
  }

  async remove(id: string): Promise<void> {
    this.userRules = this.userRules.filter((r) => r.id !== id);
    await this.saveUserRules();
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const r = this.userRules.find((x) => x.id === id);
    if (!r) return;
    r.enabled = enabled;
    await this.saveUserRules();
  }

  /** Snoozes a rule; workspace rules are snoozed in memory of this machine only (the file is not edited). */
  async snooze(id: string, scope: 'user' | 'workspace', ms: number): Promise<void> {
    const until = new Date(Date.now() + ms).toISOString();
    const list = scope === 'user' ? this.userRules : this.workspaceRules;
    const r = list.find((x) => x.id === id);
    if (!r) return;
    r.snoozedUntil = until;
    if (scope === 'user') await this.saveUserRules();
    else this.evaluate();
  }

  async unsnooze(id: string, scope: 'user' | 'workspace'): Promise<void> {
    const list = scope === 'user' ? this.userRules : this.workspaceRules;
    const r = list.find((x) => x.id === id);
    if (!r) return;
    delete r.snoozedUntil;
    if (scope === 'user') await this.saveUserRules();
    else this.evaluate();
  }

  userRule(id: string): AlertRule | undefined {
    return this.userRules.find((r) => r.id === id);
  }
}
