/**
 * The settings as the extension uses them: read once, re-read on change, problems logged and
 * shown once per change, and the market service told whether its data or only its views changed.
 */
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { dataSettingsChanged, onSettingsChanged, readSettings, type HashpivotSettings } from './settings';
import type { Logger } from './log';
import { Commands } from './commands/ids';
import { notify } from './notify';

export class SettingsWatcher extends Disposable {
  private settings: HashpivotSettings;
  private readonly changed = this._register(new vscode.EventEmitter<{ previous: HashpivotSettings; current: HashpivotSettings }>());
  /** Fires after the settings were re-read. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Logger) {
    super();
    this.settings = readSettings();
    this.reportProblems();
    this._register(
      onSettingsChanged((s) => {
        const previous = this.settings;
        this.settings = s;
        log.info('main', `settings changed (data source ${s.dataSource}, refresh every ${s.refreshIntervalMinutes} min)`);
        this.reportProblems();
        this.changed.fire({ previous, current: s });
      }),
    );
  }

  get current(): HashpivotSettings {
    return this.settings;
  }

  /** True when the change needs the market data rebuilt. */
  static dataChanged(e: { previous: HashpivotSettings; current: HashpivotSettings }): boolean {
    return dataSettingsChanged(e.previous, e.current);
  }

  private reportProblems(): void {
    const s = this.settings;
    if (!s.problems.length) return;
    for (const p of s.problems) this.log.warn('main', `setting ignored: ${p}`);
    const n = s.problems.length;
    void notify.warn(`Hashpivot: ${n} setting${n > 1 ? 's' : ''} could not be used: ${s.problems[0]}`, 'Open Settings').then((c) => {
      if (c === 'Open Settings') void vscode.commands.executeCommand(Commands.openSettings);
    });
  }
}
