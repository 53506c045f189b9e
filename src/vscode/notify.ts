/**
 * Notifications, with their text made safe: a catalog deal name or a provider's error message can
 * hold `[label](command:…)`, which VS Code renders as a clickable command in a notification, or
 * line breaks. Every notification of the extension goes through here (src/core/markdown.ts
 * `plainText`); action buttons are our own strings.
 */
import * as vscode from 'vscode';
import { plainText } from '../core/markdown';

const MAX_NOTIFICATION_CHARS = 1000;

function safe<F extends (message: string, ...rest: never[]) => unknown>(show: F): F {
  return ((message: string, ...rest: never[]) => show(plainText(message, MAX_NOTIFICATION_CHARS), ...rest)) as F;
}

export const notify = {
  info: safe(vscode.window.showInformationMessage),
  warn: safe(vscode.window.showWarningMessage),
  error: safe(vscode.window.showErrorMessage),
};
