/** The one logging signature of the layers below the UI: the extension routes it to its Output channel, the CLI to stderr. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export type LogFn = (level: LogLevel, message: string) => void;

/** A LogFn that drops everything. */
export const silentLog: LogFn = () => undefined;
