import assert from 'node:assert/strict';
import { escapeMarkdown, plainText, tableCell } from '../../src/core/markdown';

describe('untrusted text in Markdown and notifications (src/core/markdown)', () => {
  it('plainText breaks [label](command:…) links, folds line breaks and control characters, and caps the length', () => {
    const name = 'Big lease [click me](command:workbench.action.terminal.new)\r\nsecond line\u0007\u2028third';
    const out = plainText(name);
    assert.ok(!/\]\(/.test(out), 'no "](" left for VS Code to link');
    assert.ok(out.includes('[click me]\u200b(command:'), 'the text itself is kept');
    assert.ok(![...out].some((c) => c === '\r' || c === '\n' || c === '\u0007' || c === '\u2028'));
    assert.equal(plainText('x'.repeat(600), 100).length, 100);
    assert.ok(plainText('x'.repeat(600), 100).endsWith('…'));
  });

  it('escapeMarkdown and table cells fold a lone \\r (it would end the Markdown line)', () => {
    assert.equal(escapeMarkdown('a\rb'), 'a b');
    assert.equal(escapeMarkdown('a\r\n\r\nb'), 'a b');
    assert.equal(tableCell('x|y\rz'), 'x\\|y z');
    assert.equal(escapeMarkdown('[x](command:y)'), '\\[x\\]\\(command:y\\)');
  });
});
