import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

/** Component tags used in log lines, e.g. `[data] …`. */
export type LogTag = 'main' | 'data' | 'catalog' | 'views' | 'alerts' | 'webview' | 'http' | 'portfolio' | 'notes' | 'ai';

/**
 * The extension's single LogOutputChannel ("Hashpivot" in the Output panel), with component
 * tags. The level is the user's "Developer: Set Log Level…" choice.
 */
export class Logger extends Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Hashpivot') {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(name, { log: true }));
  }

  trace(tag: LogTag, message: string): void {
    this.channel.trace(`[${tag}] ${message}`);
  }
  debug(tag: LogTag, message: string): void {
    this.channel.debug(`[${tag}] ${message}`);
  }
  info(tag: LogTag, message: string): void {
    this.channel.info(`[${tag}] ${message}`);
  }
  warn(tag: LogTag, message: string): void {
    this.channel.warn(`[${tag}] ${message}`);
  }
  error(tag: LogTag, message: string | Error): void {
    this.channel.error(`[${tag}] ${message instanceof Error ? (message.stack ?? message.message) : message}`);
  }
  show(): void {
    this.channel.show(true);
  }
}
