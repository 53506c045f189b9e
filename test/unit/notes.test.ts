import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { blockAtLine, chartSvg, chartsAsImages, findBlocks, installBlockFence, isBlockFence, noteHtmlDocument } from '../../src/core/blocks';
import { readSpec } from '../../webview/markdown-preview/spec';

describe('live notes: blocks in Markdown text (src/core/blocks/fences, markdownIt)', () => {
  it('finds hashpivot fences as CommonMark does: backticks or tildes, longer closers, indent, unclosed at the end', () => {
    const text = [
      '# Note', //                          0
      '```hashpivot', //                    1
      'chart IREN BTC range=1Y', //         2
      '```', //                             3
      '~~~~ HashPivot extra words', //      4
      'report IREN', //                     5
      '```', //                             6  (not a closer for ~~~~)
      '~~~~~', //                           7
      '```js', //                           8
      '```hashpivot', //                    9  (inside a js fence: code, not a block)
      '```', //                             10
      '   ```hashpivot', //                 11
      'miners', //                          12
    ].join('\n');
    const blocks = findBlocks(text);
    assert.deepEqual(
      blocks.map((b) => [b.openLine, b.closeLine, b.closed, b.content, b.info]),
      [
        [1, 3, true, 'chart IREN BTC range=1Y', 'hashpivot'],
        [4, 7, true, 'report IREN\n```', 'HashPivot extra words'],
        [11, 12, false, 'miners', 'hashpivot'],
      ],
    );
    assert.equal(blockAtLine(blocks, 2)?.openLine, 1);
    assert.equal(blockAtLine(blocks, 1), undefined, 'the fence line itself is not content');
    assert.equal(blockAtLine(blocks, 9), undefined);
    assert.equal(blockAtLine(blocks, 12)?.openLine, 11);
    assert.ok(isBlockFence(' hashpivot '));
    assert.ok(!isBlockFence('hashpivots'));
  });

  it('markdown-it renders hashpivot fences through the block renderer and leaves every other fence alone', () => {
    const seen: string[] = [];
    const md = installBlockFence(new MarkdownIt(), (content) => {
      seen.push(content);
      if (content.startsWith('boom')) throw new Error('no <data>');
      return `<div class="hashpivot-block">${content.length}</div>`;
    });
    const html = md.render('Intro\n\n```hashpivot\nchart IREN\n```\n\n```js\nconst a = "<b>";\n```\n\n```hashpivot\nboom\n```\n\nAfter.\n');
    assert.deepEqual(seen, ['chart IREN\n', 'boom\n']);
    assert.match(html, /<div class="hashpivot-note-block code-line" data-line="2"><div class="hashpivot-block">11<\/div><\/div>/);
    assert.match(html, /<pre><code class="language-js">const a = &quot;&lt;b&gt;&quot;;\n<\/code><\/pre>/, 'other fences as markdown-it renders them');
    assert.match(
      html,
      /hashpivot-error" role="alert">Hashpivot could not render this block: no &lt;data&gt;<\/div>/,
      'an exception is an inline, escaped error',
    );
    assert.match(html, /<p>After\.<\/p>/, 'the rest of the note renders');
  });

  it('the preview script draws only a spec that checks out', () => {
    const good = {
      version: 1,
      yFormat: 'index',
      x: { min: 1, max: 3 },
      series: [
        {
          id: 'IREN',
          label: 'IREN',
          role: 'miner',
          points: [
            [1, 100],
            [2, 'x'],
            [3, 120],
          ],
        },
      ],
    };
    assert.deepEqual(readSpec(JSON.stringify(good))?.series[0]!.points, [
      [1, 100],
      [3, 120],
    ]);
    for (const bad of [
      undefined,
      'not json',
      JSON.stringify({ ...good, version: 2 }),
      JSON.stringify({ ...good, yFormat: 'eval' }),
      JSON.stringify({ ...good, x: { min: 'a', max: 1 } }),
      JSON.stringify({ ...good, series: [{ ...good.series[0], role: '<script>' }] }),
      JSON.stringify({ ...good, series: Array.from({ length: 13 }, () => good.series[0]) }),
      'x'.repeat(400_001),
    ])
      assert.equal(readSpec(bad), undefined, String(bad).slice(0, 60));
    assert.equal(readSpec(JSON.stringify({ ...good, series: [{ ...good.series[0], label: 'L'.repeat(500) }] }))!.series[0]!.label.length, 80);
  });
});

describe('live notes: export as HTML (src/core/blocks/export)', () => {
  const spec = {
    version: 1 as const,
    metric: 'price' as const,
    yFormat: 'index' as const,
    yLabel: 'rebased',
    x: { min: 20000, max: 20010 },
    from: '2024-10-04',
    asOf: '2024-10-14',
    series: [
      {
        id: 'IREN',
        label: 'IREN <b>',
        role: 'miner' as const,
        points: [
          [20000, 100],
          [20005, 130],
          [20010, 120],
        ] as Array<[number, number]>,
      },
      {
        id: 'BTC',
        label: 'BTC',
        role: 'benchmark' as const,
        points: [
          [20000, 100],
          [20010, 90],
        ] as Array<[number, number]>,
      },
    ],
  };

  it('draws a block chart as an SVG image: a line per series in its colour, dates and escaped labels', () => {
    const svg = chartSvg(spec);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2);
    assert.match(svg, /stroke="#f7931a"/, 'BTC in bitcoin orange');
    assert.match(svg, />2024-10-04</);
    assert.match(svg, />2024-10-14</);
    assert.match(svg, /IREN &lt;b&gt;/);
    assert.ok(!/<b>/.test(svg));
    assert.equal(chartSvg({ ...spec, series: [] }), '', 'nothing to draw: no image');
  });

  it('replaces each block canvas with its image and writes a document without script', () => {
    const attr = JSON.stringify(spec).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const body = `<h1>Note</h1><div class="hashpivot-chart-box"><canvas class="hashpivot-canvas" role="img" aria-label="x" data-chart="${attr}"></canvas></div><p>after</p>`;
    const html = noteHtmlDocument('my <note>', body, '.hashpivot-block { color: red } </style><script>', new Date('2026-12-01T10:00:00Z'));
    assert.ok(!/<canvas/.test(html));
    assert.equal((html.match(/<svg /g) ?? []).length, 1);
    assert.ok(!/<script/i.test(html), 'no script, even from the stylesheet');
    assert.match(html, /<title>my &lt;note&gt;<\/title>/);
    assert.match(html, /default-src 'none'/);
    assert.match(html, /Exported by Hashpivot on 2026-12-01 10:00 UTC/);
    assert.match(chartsAsImages('<canvas class="hashpivot-canvas" data-chart="{not json"></canvas>'), /^$/);
  });
});
