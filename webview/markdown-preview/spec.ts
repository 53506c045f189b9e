/** A block chart's spec as the preview script reads it from `data-chart`: checked field by field, never trusted. */
import type { LineSeries, XY } from '../../src/shared/protocol';

export interface Spec {
  yFormat: 'index' | 'percent' | 'number';
  x: { min: number; max: number };
  series: LineSeries[];
}

const MAX_SPEC_CHARS = 400_000;
const ROLES = new Set(['miner', 'ai', 'benchmark', 'other', 'portfolio']);

/** The spec of a canvas, checked field by field (it came through the note's HTML). */
export function readSpec(text: string | undefined): Spec | undefined {
  if (!text || text.length > MAX_SPEC_CHARS) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object' || o.version !== 1) return undefined;
  if (o.yFormat !== 'index' && o.yFormat !== 'percent' && o.yFormat !== 'number') return undefined;
  const x = o.x as Record<string, unknown> | undefined;
  if (!x || !Number.isFinite(x.min) || !Number.isFinite(x.max)) return undefined;
  if (!Array.isArray(o.series) || o.series.length > 12) return undefined;
  const series: LineSeries[] = [];
  for (const s of o.series as Array<Record<string, unknown>>) {
    if (!s || typeof s.id !== 'string' || typeof s.label !== 'string' || !ROLES.has(String(s.role)) || !Array.isArray(s.points)) return undefined;
    const points = (s.points as unknown[]).filter((p): p is XY => Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]));
    series.push({ id: s.id.slice(0, 40), label: s.label.slice(0, 80), role: s.role as LineSeries['role'], points });
  }
  return { yFormat: o.yFormat, x: { min: Number(x.min), max: Number(x.max) }, series };
}
