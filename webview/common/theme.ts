/** Colours from the theme's --vscode-* variables; charts are redrawn when the theme changes. */

export interface Palette {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  red: string;
  green: string;
  blue: string;
  orange: string;
  yellow: string;
  purple: string;
  series: (i: number) => string;
  isLight: boolean;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function palette(): Palette {
  const isLight = document.body.classList.contains('vscode-light') || document.body.classList.contains('vscode-high-contrast-light');
  const fg = cssVar('--vscode-foreground', isLight ? '#333' : '#ccc');
  const l = isLight ? 38 : 66;
  const hues = [190, 330, 95, 265, 20, 160, 300, 55, 230, 0, 120, 280];
  return {
    fg,
    muted: cssVar('--vscode-descriptionForeground', fg),
    grid: cssVar('--vscode-editorWidget-border', isLight ? 'rgba(0,0,0,0.12)' : 'rgba(255,255,255,0.12)'),
    bg: cssVar('--vscode-editor-background', isLight ? '#fff' : '#1e1e1e'),
    red: cssVar('--vscode-charts-red', '#f14c4c'),
    green: cssVar('--vscode-charts-green', '#89d185'),
    blue: cssVar('--vscode-charts-blue', '#3794ff'),
    orange: cssVar('--vscode-charts-orange', '#d18616'),
    yellow: cssVar('--vscode-charts-yellow', '#cca700'),
    purple: cssVar('--vscode-charts-purple', '#b180d7'),
    series: (i) => `hsl(${hues[i % hues.length]} ${isLight ? 70 : 65}% ${l}%)`,
    isLight,
  };
}

/** Calls `redraw` when VS Code switches theme (body class changes). */
export function onThemeChange(redraw: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className !== last) {
      last = document.body.className;
      redraw();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** A colour (`#rgb`, `#rrggbb`, `hsl(…)` or `rgb(…)`) at opacity `a`; other forms are returned as they are. */
export function withAlpha(color: string, a: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${a})`;
  }
  const fn = /^(hsl|rgb)a?\((.*)\)$/.exec(color.trim());
  if (fn) return `${fn[1]}a(${fn[2]!.replace(/\s*\/.*$/, '')} / ${a})`;
  return color;
}
